"""Reads about clients, bookings, inquiries and quotations."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from apps.leads.models import Client


def search_clients(*, query: str) -> QuerySet[Client]:
    query = (query or "").strip()
    return Client.objects.filter(
        Q(name__icontains=query)
        | Q(company__icontains=query)
        | Q(email__icontains=query)
        | Q(phone__icontains=query)
    ).order_by("name")


def client_of_user(*, user) -> Client | None:
    """The client record linked to this account, if any."""
    return Client.objects.filter(user=user).first()


def client_count() -> int:
    return Client.objects.count()
