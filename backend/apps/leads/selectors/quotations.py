"""Reads about quotations."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from apps.leads.models import Quotation, QuotationLine, QuotationStatus
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
    booking_id: uuid.UUID | str | None = None,
    created_from: dt.date | None = None,
    created_to: dt.date | None = None,
    expiring_within_days: int | None = None,
    current_only: bool = False,
) -> QuerySet[Quotation]:
    """Staff's quotation list. ``current_only`` leaves out versions a newer
    one replaced (unless ``status`` asks for them); ``expiring_within_days``
    keeps sent quotations whose validity ends in that many days or fewer."""
    qs = _with_relations(Quotation.objects.all())
    if search:
        qs = qs.filter(
            Q(number__icontains=search)
            | Q(title__icontains=search)
            | Q(client__name__icontains=search)
            | Q(client__company__icontains=search)
            | Q(inquiry__reference__icontains=search)
        )
    if status:
        qs = qs.filter(status__in=status)
    if current_only and not (status and QuotationStatus.SUPERSEDED in status):
        qs = qs.exclude(status=QuotationStatus.SUPERSEDED)
    if client_id:
        qs = qs.filter(client_id=client_id)
    if owner_id:
        qs = qs.filter(owner_id=owner_id)
    if inquiry_id:
        qs = qs.filter(inquiry_id=inquiry_id)
    if booking_id:
        qs = qs.filter(booking_id=booking_id)
    if created_from:
        qs = qs.filter(created_at__gte=_day_start(created_from))
    if created_to:
        qs = qs.filter(created_at__lt=_day_start(created_to + dt.timedelta(days=1)))
    if expiring_within_days is not None:
        today = timezone.localdate()
        qs = qs.filter(
            status=QuotationStatus.SENT,
            valid_until__gte=today,
            valid_until__lte=today + dt.timedelta(days=expiring_within_days),
        )
    return qs.order_by("-created_at")


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass(frozen=True)
class QuotationKpis:
    open_count: int
    open_value: Decimal
    accepted_month_count: int
    accepted_month_value: Decimal
    decided_count: int
    accepted_rate: int | None  # percent of the quotations decided in the last 90 days


def quotation_kpis(*, today: dt.date | None = None) -> QuotationKpis:
    """The list's KPI strip, in one query: what is out with clients, what
    was accepted this month, and how many of the quotations decided in the
    last 90 days were accepted (replaced versions are not counted)."""
    today = today or timezone.localdate()
    month_start = _day_start(today.replace(day=1))
    since = _day_start(today - dt.timedelta(days=90))
    accepted = Q(status=QuotationStatus.ACCEPTED)
    decided_recently = (
        Q(status=QuotationStatus.ACCEPTED, accepted_at__gte=since)
        | Q(status=QuotationStatus.REJECTED, rejected_at__gte=since)
        | Q(status=QuotationStatus.EXPIRED, expired_at__gte=since)
    )
    zero = Value(Decimal("0"), output_field=DecimalField(max_digits=14, decimal_places=2))
    row = Quotation.objects.exclude(status=QuotationStatus.SUPERSEDED).aggregate(
        open_count=Count("pk", filter=Q(status=QuotationStatus.SENT)),
        open_value=Coalesce(Sum("total", filter=Q(status=QuotationStatus.SENT)), zero),
        month_count=Count("pk", filter=accepted & Q(accepted_at__gte=month_start)),
        month_value=Coalesce(Sum("total", filter=accepted & Q(accepted_at__gte=month_start)), zero),
        decided=Count("pk", filter=decided_recently),
        decided_accepted=Count("pk", filter=decided_recently & accepted),
    )
    decided = row["decided"]
    return QuotationKpis(
        open_count=row["open_count"],
        open_value=row["open_value"],
        accepted_month_count=row["month_count"],
        accepted_month_value=row["month_value"],
        decided_count=decided,
        accepted_rate=round(100 * row["decided_accepted"] / decided) if decided else None,
    )


def quotations_for_client(user: Any, *, current_only: bool = False) -> QuerySet[Quotation]:
    """The signed-in client's quotations; drafts are never shown to clients.

    ``current_only``: one row per quotation number, the version nobody has
    replaced yet, or one whose replacement is still a draft (the client
    keeps seeing it, as being revised, until the new version is sent)."""
    qs = Quotation.objects.filter(client__user=user).exclude(status=QuotationStatus.DRAFT)
    if current_only:
        qs = qs.filter(
            Q(superseded_by__isnull=True) | Q(superseded_by__status=QuotationStatus.DRAFT)
        )
    return _with_relations(qs).order_by("-created_at")


def awaiting_answer() -> Q:
    """Sent and still valid: the client's decision is wanted."""
    return Q(status=QuotationStatus.SENT, valid_until__gte=timezone.localdate())


def quotations_awaiting_answer(user: Any) -> QuerySet[Quotation]:
    return (
        quotations_for_client(user, current_only=True)
        .filter(awaiting_answer())
        .order_by("valid_until")
    )


def with_lines(qs: QuerySet[Quotation]) -> QuerySet[Quotation]:
    """The quotations with their lines and each line's service, for anything
    that shows lines (a line names its service's page)."""
    return qs.prefetch_related(
        Prefetch("lines", queryset=QuotationLine.objects.select_related("service__category"))
    )


def quotation_detail(quotation_id: Any) -> Quotation | None:
    return with_lines(_with_relations(Quotation.objects.all())).filter(pk=quotation_id).first()


def quotation_for_token(token: str) -> Quotation | None:
    """The one quotation version a /quotes/<token>/ link names, or None. A
    draft is never reached by a link: it has not been sent to anyone."""
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
    if quotation.status == QuotationStatus.DRAFT:
        return None
    return quotation


def quotation_versions(quotation: Quotation) -> QuerySet[Quotation]:
    return Quotation.objects.filter(number=quotation.number).order_by("version")


def quotation_activity(version_ids: list[Any], *, limit: int = 200) -> list[Any]:
    """The audit entries of these quotation versions, newest first."""
    from apps.core.models import AuditLog

    return list(
        AuditLog.objects.filter(
            target_type="leads.quotation", target_id__in=[str(pk) for pk in version_ids]
        )
        .only("created_at", "action", "changes", "actor_label", "target_id", "target_label")
        .order_by("-created_at", "-id")[:limit]
    )


def quotation_notifications(version_ids: list[Any]) -> list[Any]:
    """The messages sent (or queued) about these versions, newest first; bodies deferred."""
    from apps.notifications.models import Notification

    return list(
        Notification.objects.filter(
            related_type="leads.quotation", related_id__in=[str(pk) for pk in version_ids]
        )
        .defer("body_html", "body_text", "context")
        .order_by("-created_at", "-id")
    )
