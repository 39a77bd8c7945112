"""Reads about clients, bookings, inquiries and quotations."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest

from apps.billing.models import Invoice
from apps.core.models import AuditLog
from apps.leads.models import Booking, Client, Inquiry, Quotation, QuotationStatus
from apps.leads.models.inquiries import OPEN_INQUIRY_STATUSES
from apps.media.models import normalize_tags

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


def _count(model_qs: QuerySet[Any]) -> Any:
    return Coalesce(
        Subquery(
            model_qs.filter(client=OuterRef("pk"))
            .order_by()
            .values("client")
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def _latest(model_qs: QuerySet[Any]) -> Any:
    """When the client's most recent record of this kind last changed."""
    return Subquery(
        model_qs.filter(client=OuterRef("pk")).order_by("-updated_at").values("updated_at")[:1]
    )


def clients_for_admin(
    *,
    search: str = "",
    tag: str = "",
    has_account: bool | None = None,
    marketing_opt_in: bool | None = None,
) -> QuerySet[Client]:
    """The clients list: search on name, company, e-mail, phone; filter by tag,
    by whether the client has a portal account and by marketing consent;
    counts of bookings, (open) inquiries, current quotations and invoices and the
    time of the last activity computed in the same query."""
    qs = Client.objects.select_related("user").annotate(
        booking_count=_count(Booking.objects.all()),
        inquiry_count=_count(Inquiry.objects.all()),
        open_inquiry_count=_count(Inquiry.objects.filter(status__in=OPEN_INQUIRY_STATUSES)),
        # A revision replaces its previous version: one quotation, counted once.
        quotation_count=_count(Quotation.objects.exclude(status=QuotationStatus.SUPERSEDED)),
        invoice_count=_count(Invoice.objects.all()),
        # Greatest() is NULL on SQLite when any argument is: each part falls
        # back to the client's own time.
        last_activity_at=Greatest(
            "updated_at",
            Coalesce(_latest(Booking.objects.all()), "updated_at"),
            Coalesce(_latest(Inquiry.objects.all()), "updated_at"),
            Coalesce(_latest(Quotation.objects.all()), "updated_at"),
        ),
    )
    if search:
        qs = qs.filter(client_search_q(search))
    if tag:
        wanted = normalize_tags(tag)
        for single in [t for t in wanted.split(",") if t]:
            qs = qs.filter(tags__contains=f",{single},")
    if has_account is not None:
        qs = qs.filter(user__isnull=not has_account)
    if marketing_opt_in is not None:
        qs = qs.filter(marketing_opt_in=marketing_opt_in)
    return qs.order_by("name", "pk")


def client_for_admin(*, client_id: uuid.UUID | str) -> Client | None:
    """One client with the list's counts, its account and its sites."""
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
