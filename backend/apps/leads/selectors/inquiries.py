"""Reads about inquiries, their thread and follow-ups."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from apps.leads.models import (
    FollowUp,
    Inquiry,
    InquiryAttachment,
    InquiryResponse,
    ResponseKind,
)
from apps.leads.models.inquiries import CLIENT_VISIBLE_KINDS
from apps.leads.tokens import inquiry_id_from_token


def _for_lists(qs: QuerySet[Inquiry]) -> QuerySet[Inquiry]:
    return qs.select_related("client", "service", "assignee").annotate(
        attachment_count=Count("attachments", distinct=True)
    )


def inquiries_for_admin(
    *,
    search: str = "",
    status: list[str] | None = None,
    assignee_id: uuid.UUID | None = None,
    unassigned: bool = False,
    service_id: uuid.UUID | str | None = None,
    source: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    client_id: uuid.UUID | str | None = None,
) -> QuerySet[Inquiry]:
    """The staff inbox. Every staff member allowed to view inquiries sees them
    all (unassigned ones included: the shared Sales inbox)."""
    qs = _for_lists(Inquiry.objects.all())
    if search:
        qs = qs.filter(
            Q(reference__icontains=search)
            | Q(contact_name__icontains=search)
            | Q(contact_email__icontains=search)
            | Q(contact_phone__icontains=search)
            | Q(subject__icontains=search)
            | Q(message__icontains=search)
            | Q(client__name__icontains=search)
            | Q(client__company__icontains=search)
        )
    if status:
        qs = qs.filter(status__in=status)
    if unassigned:
        qs = qs.filter(assignee__isnull=True)
    elif assignee_id:
        qs = qs.filter(assignee_id=assignee_id)
    if service_id:
        qs = qs.filter(service_id=service_id)
    if source:
        qs = qs.filter(source=source)
    tz = timezone.get_current_timezone()
    if date_from:
        qs = qs.filter(created_at__gte=dt.datetime.combine(date_from, dt.time.min, tzinfo=tz))
    if date_to:
        qs = qs.filter(
            created_at__lt=dt.datetime.combine(
                date_to + dt.timedelta(days=1), dt.time.min, tzinfo=tz
            )
        )
    if client_id:
        qs = qs.filter(client_id=client_id)
    return qs.order_by("-created_at")


def inquiries_for_client(user: Any) -> QuerySet[Inquiry]:
    """Only the signed-in client's own inquiries."""
    return _for_lists(Inquiry.objects.filter(client__user=user)).order_by("-created_at")


def inquiry_for_token(token: str) -> Inquiry | None:
    parsed = inquiry_id_from_token(token)
    if parsed is None:
        return None
    inquiry_id, version = parsed
    try:
        uuid.UUID(inquiry_id)
    except ValueError:
        return None
    return (
        Inquiry.objects.select_related("client", "service", "assignee")
        .filter(pk=inquiry_id, token_version=version)
        .first()
    )


def inquiry_detail(inquiry_id: Any, *, for_client: bool) -> Inquiry | None:
    """One inquiry with its thread and attachments. For a client, internal
    notes are left out of the thread (they never leave the staff side)."""
    kinds = CLIENT_VISIBLE_KINDS if for_client else tuple(ResponseKind.values)
    return (
        Inquiry.objects.select_related("client", "service", "assignee")
        .prefetch_related(
            Prefetch(
                "responses",
                queryset=InquiryResponse.objects.filter(kind__in=kinds).order_by("created_at"),
            ),
            Prefetch("attachments", queryset=InquiryAttachment.objects.order_by("created_at")),
            Prefetch(
                "follow_ups",
                queryset=FollowUp.objects.select_related("owner").order_by("due_at"),
            ),
        )
        .filter(pk=inquiry_id)
        .first()
    )


def follow_ups_for(
    *, owner: Any = None, include_done: bool = False, due_before: dt.datetime | None = None
) -> QuerySet[FollowUp]:
    qs = FollowUp.objects.select_related("owner", "inquiry", "client")
    if owner is not None:
        qs = qs.filter(owner=owner)
    if not include_done:
        qs = qs.filter(done_at__isnull=True)
    if due_before is not None:
        qs = qs.filter(due_at__lte=due_before)
    return qs.order_by("due_at")


def due_follow_ups(*, owner: Any, now: dt.datetime | None = None) -> QuerySet[FollowUp]:
    """For the dashboard: the owner's open follow-ups due by the end of today."""
    now = now or timezone.now()
    end_of_day = timezone.localtime(now).replace(hour=23, minute=59, second=59)
    return follow_ups_for(owner=owner, due_before=end_of_day)
