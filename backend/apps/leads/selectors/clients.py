"""Reads about clients, bookings, inquiries and quotations."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from apps.leads.models import Client

# How many of each kind of record the client page lists (the rest is a link away).
RECENT_RECORDS = 10
# How many audit entries the client page shows.
ACTIVITY_ENTRIES = 30


def _phone_tail(search: str) -> str:
    """A phone typed the way people say it (``0722 555 111``, ``+254 722-555``)
    as it is stored (``+254722555111``): its digits without the trunk 0, so
    they match the stored number's tail. Empty when the text is not a phone."""
    compact = search.replace(" ", "").replace("-", "").replace("+", "")
    if len(compact) < 6 or not compact.isdigit():
        return ""
    return compact[1:] if compact.startswith("0") else compact


def client_search_q(search: str) -> Q:
    """Name, company, e-mail, phone (as typed or as stored) or town."""
    search = (search or "").strip()
    match = (
        Q(name__icontains=search)
        | Q(company__icontains=search)
        | Q(email__icontains=search)
        | Q(phone__icontains=search)
        | Q(town__icontains=search)
    )
    tail = _phone_tail(search)
    if tail:
        match |= Q(phone__icontains=tail)
    return match


def search_clients(*, query: str) -> QuerySet[Client]:
    return Client.objects.filter(client_search_q(query)).order_by("name")


def client_of_user(*, user) -> Client | None:
    """The client record linked to this account, if any."""
    return Client.objects.filter(user=user).first()


def client_count() -> int:
    return Client.objects.count()


def client_tags() -> list[str]:
    """Every tag in use on a client, sorted (one query over the distinct tag sets)."""
    tags: set[str] = set()
    for value in Client.objects.exclude(tags="").values_list("tags", flat=True).distinct():
        tags.update(t for t in value.split(",") if t)
    return sorted(tags)


def client_for_admin(*, client_id: uuid.UUID | str) -> Client | None:
    """One client with the list's counts, its account and its sites."""
    from apps.leads.selectors.quotations import clients_for_admin

    return clients_for_admin().prefetch_related("sites").filter(pk=client_id).first()


def possible_duplicates(
    *,
    email: str = "",
    phone: Any = "",
    name: str = "",
    exclude_id: uuid.UUID | str | None = None,
) -> QuerySet[Client]:
    """Clients sharing this e-mail (any case), this phone or, when given,
    exactly this name: the records a person may be about to duplicate."""
    match = Q()
    if (email or "").strip():
        match |= Q(email__iexact=email.strip())
    if phone:
        match |= Q(phone=phone)
    if (name or "").strip():
        match |= Q(name__iexact=name.strip())
    if not match:
        return Client.objects.none()
    qs = Client.objects.filter(match).select_related("user")
    if exclude_id:
        qs = qs.exclude(pk=exclude_id)
    return qs.order_by("created_at")


@dataclass(frozen=True)
class ClientRecords:
    """The most recent bookings, inquiries, current quotations and invoices of
    one client (the totals are on the client, annotated by clients_for_admin)."""

    bookings: list[Any]
    inquiries: list[Any]
    quotations: list[Any]
    invoices: list[Any]


def client_records(*, client: Client, limit: int = RECENT_RECORDS) -> ClientRecords:
    """Four queries whatever the client's history."""
    from apps.billing.models import Invoice
    from apps.leads.models import Booking, Inquiry, Quotation, QuotationStatus

    return ClientRecords(
        bookings=list(
            Booking.objects.filter(client=client)
            .select_related("service", "window")
            .order_by("-preferred_date", "-created_at")[:limit]
        ),
        inquiries=list(
            Inquiry.objects.filter(client=client)
            .select_related("service", "assignee")
            .order_by("-created_at")[:limit]
        ),
        quotations=list(
            Quotation.objects.filter(client=client)
            .exclude(status=QuotationStatus.SUPERSEDED)
            .order_by("-created_at")[:limit]
        ),
        invoices=list(Invoice.objects.filter(client=client).order_by("-created_at")[:limit]),
    )


ACTIVITY_KINDS = ("booking", "inquiry", "quotation", "invoice")


def client_activity(
    *,
    client: Client,
    kinds: tuple[str, ...] = ACTIVITY_KINDS,
    limit: int = ACTIVITY_ENTRIES,
) -> list[Any]:
    """The audit trail of the client record and of its bookings, inquiries,
    quotations and invoices (those of ``kinds`` the reader may see), newest
    first: one query for each kind's ids, then one for the entries."""
    from apps.billing.models import Invoice
    from apps.core.models import AuditLog
    from apps.leads.models import Booking, Inquiry, Quotation

    models: dict[str, Any] = {
        "booking": Booking,
        "inquiry": Inquiry,
        "quotation": Quotation,
        "invoice": Invoice,
    }
    match = Q(target_type="leads.client", target_id=str(client.pk))
    for kind in kinds:
        model = models[kind]
        ids = [str(pk) for pk in model.objects.filter(client=client).values_list("pk", flat=True)]
        if ids:
            match |= Q(target_type=model._meta.label_lower, target_id__in=ids)
    return list(
        AuditLog.objects.filter(match)
        .only("created_at", "action", "changes", "actor_label", "target_type", "target_label")
        .order_by("-created_at", "-id")[:limit]
    )
