"""Writes about clients, bookings, inquiries and quotations."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q

from apps.core.services import record_audit
from apps.leads.models import Client
from apps.users.models import normalize_email


@transaction.atomic
def match_or_create_client(
    *,
    name: str,
    email: str = "",
    phone: Any = "",
    address: str = "",
    user: Any = None,
    actor: Any = None,
) -> Client:
    """The client these contact details belong to, created if new.

    Matched on the signed-in account first, then e-mail, then phone, so a
    customer who books twice keeps one record. Details on file are kept;
    blanks are filled in."""
    email = normalize_email(email)
    client = None
    if user is not None and getattr(user, "is_authenticated", False):
        client = Client.objects.select_for_update().filter(user=user).first()
    if client is None and (email or phone):
        match = Q()
        if email:
            match |= Q(email__iexact=email)
        if phone:
            match |= Q(phone=phone)
        client = Client.objects.select_for_update().filter(match).order_by("created_at").first()
    if client is None:
        client = Client.objects.create(
            name=name.strip(),
            email=email,
            phone=phone or "",
            address=address.strip(),
            user=user if user is not None and getattr(user, "is_authenticated", False) else None,
        )
        record_audit(actor=actor, action="client.created", target=client)
        return client
    filled = []
    for field, value in (("email", email), ("phone", phone), ("address", address.strip())):
        if value and not getattr(client, field):
            setattr(client, field, value)
            filled.append(field)
    if filled:
        client.save(update_fields=[*filled, "updated_at"])
    return client
