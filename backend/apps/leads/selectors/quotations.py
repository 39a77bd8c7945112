"""Reads about quotations and client records for staff lists."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest

from apps.leads.models import Client, Quotation, QuotationLine, QuotationStatus
from apps.leads.selectors.clients import client_search_q
from apps.leads.tokens import quotation_id_from_token


def _with_relations(qs: QuerySet[Quotation]) -> QuerySet[Quotation]:
    return qs.select_related("client", "inquiry", "owner", "site", "superseded_by")


def quotations_for_admin(
    *,
    search: str = "",
    status: list[str] | None = None,
    client_id: uuid.UUID | str | None = None,
    owner_id: uuid.UUID | None = None,
    inquiry_id: uuid.UUID | str | None = None,
) -> QuerySet[Quotation]:
    qs = _with_relations(Quotation.objects.all())
    if search:
        qs = qs.filter(
            Q(number__icontains=search)
            | Q(title__icontains=search)
            | Q(client__name__icontains=search)
            | Q(client__company__icontains=search)
        )
    if status:
        qs = qs.filter(status__in=status)
    if client_id:
        qs = qs.filter(client_id=client_id)
    if owner_id:
        qs = qs.filter(owner_id=owner_id)
    if inquiry_id:
        qs = qs.filter(inquiry_id=inquiry_id)
    return qs.order_by("-created_at")


def quotations_for_client(user: Any) -> QuerySet[Quotation]:
    """The signed-in client's quotations; drafts are never shown to clients."""
    return _with_relations(
        Quotation.objects.filter(client__user=user).exclude(status=QuotationStatus.DRAFT)
    ).order_by("-created_at")


def quotation_detail(quotation_id: Any) -> Quotation | None:
    return (
        _with_relations(Quotation.objects.all())
        .prefetch_related(
            Prefetch("lines", queryset=QuotationLine.objects.select_related("service"))
        )
        .filter(pk=quotation_id)
        .first()
    )


def quotation_for_token(token: str) -> Quotation | None:
    """The one quotation version a /quotes/<token>/ link names, or None."""
    parsed = quotation_id_from_token(token)
    if parsed is None:
        return None
    quotation_id, version = parsed
    try:
        uuid.UUID(quotation_id)
    except ValueError:
        return None
    quotation = quotation_detail(quotation_id)
    if quotation is None or quotation.version != version:
        return None
    return quotation


def quotation_versions(quotation: Quotation) -> QuerySet[Quotation]:
    return Quotation.objects.filter(number=quotation.number).order_by("version")


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
    from apps.billing.models import Invoice
    from apps.leads.models import Booking, Inquiry
    from apps.leads.models.inquiries import OPEN_INQUIRY_STATUSES

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
        from apps.media.models import normalize_tags

        wanted = normalize_tags(tag)
        for single in [t for t in wanted.split(",") if t]:
            qs = qs.filter(tags__contains=f",{single},")
    if has_account is not None:
        qs = qs.filter(user__isnull=not has_account)
    if marketing_opt_in is not None:
        qs = qs.filter(marketing_opt_in=marketing_opt_in)
    return qs.order_by("name", "pk")
