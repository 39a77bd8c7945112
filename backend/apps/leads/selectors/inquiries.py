"""Reads about inquiries, their thread and follow-ups."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from apps.core.models import AuditLog
from apps.leads.models import (
    FollowUp,
    Inquiry,
    InquiryAttachment,
    InquiryResponse,
    InquiryStatus,
    ResponseKind,
)
from apps.leads.models.inquiries import CLIENT_VISIBLE_KINDS, OPEN_INQUIRY_STATUSES
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
    all (unassigned ones included: the shared Sales inbox).

    ``assignee_id`` with ``unassigned`` gives that person's inquiries and the
    shared inbox together (a salesperson's "mine and unassigned")."""
    qs = _for_lists(Inquiry.objects.all())
    if search:
        match = (
            Q(reference__icontains=search)
            | Q(contact_name__icontains=search)
            | Q(contact_email__icontains=search)
            | Q(contact_phone__icontains=search)
            | Q(subject__icontains=search)
            | Q(message__icontains=search)
            | Q(client__name__icontains=search)
            | Q(client__company__icontains=search)
            | Q(client__email__icontains=search)
        )
        digits = _phone_digits(search)
        if digits:
            match |= Q(contact_phone__contains=digits) | Q(client__phone__contains=digits)
        qs = qs.filter(match)
    if status:
        qs = qs.filter(status__in=status)
    if unassigned and assignee_id:
        qs = qs.filter(Q(assignee__isnull=True) | Q(assignee_id=assignee_id))
    elif unassigned:
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


def _phone_digits(search: str) -> str:
    """A phone number typed the local way (0722 555 111, 0722-555-111) as the
    digits stored numbers contain (+254722555111), or "" for other text."""
    if not re.fullmatch(r"[\d\s()+.-]{6,}", search):
        return ""
    digits = re.sub(r"\D", "", search).lstrip("0")
    return digits if len(digits) >= 6 else ""


def inquiry_inbox_counts(*, user: Any) -> dict[str, int]:
    """New inquiries nobody has taken, new ones given to ``user``, and all
    of ``user``'s open ones: the inbox's badges and the dashboard's figures
    (one query)."""
    new = Q(status=InquiryStatus.NEW)
    return Inquiry.objects.aggregate(
        new_unassigned=Count("pk", filter=new & Q(assignee__isnull=True)),
        new_mine=Count("pk", filter=new & Q(assignee_id=user.pk)),
        new_total=Count("pk", filter=new),
        open_mine=Count(
            "pk",
            filter=Q(assignee_id=user.pk)
            & Q(status__in=(InquiryStatus.NEW, InquiryStatus.IN_PROGRESS, InquiryStatus.QUOTED)),
        ),
    )


def new_inquiries_for(*, user: Any, limit: int = 5) -> list[Inquiry]:
    """The latest new inquiries that are ``user``'s or nobody's yet."""
    return list(
        Inquiry.objects.select_related("client", "service", "assignee")
        .filter(Q(assignee__isnull=True) | Q(assignee_id=user.pk), status=InquiryStatus.NEW)
        .order_by("-created_at")[:limit]
    )


def inquiries_for_client(user: Any, *, search: str = "") -> QuerySet[Inquiry]:
    """Only the signed-in client's own inquiries, optionally searched by
    reference, subject, message or service."""
    qs = Inquiry.objects.filter(client__user=user)
    if search:
        qs = qs.filter(
            Q(reference__icontains=search)
            | Q(subject__icontains=search)
            | Q(message__icontains=search)
            | Q(service__name__icontains=search)
        )
    return _for_lists(qs).order_by("-created_at")


def open_inquiry() -> Q:
    return Q(status__in=OPEN_INQUIRY_STATUSES)


def client_inquiry_counts(qs: QuerySet[Inquiry]) -> dict[str, int]:
    """Open, closed and total of these inquiries, in one query."""
    counts = Inquiry.objects.filter(pk__in=qs.values("pk")).aggregate(
        open=Count("pk", filter=open_inquiry()), total=Count("pk")
    )
    counts["closed"] = counts["total"] - counts["open"]
    return counts


def with_last_reply(qs: QuerySet[Inquiry]) -> QuerySet[Any]:
    """Adds ``last_reply_at`` and ``last_reply_kind`` (the latest message the
    client may see) and ``reply_count``, each a subquery of the same query."""
    visible = InquiryResponse.objects.filter(
        inquiry=OuterRef("pk"), kind__in=CLIENT_VISIBLE_KINDS
    ).order_by("-created_at")
    counted = (
        InquiryResponse.objects.filter(inquiry=OuterRef("pk"), kind__in=CLIENT_VISIBLE_KINDS)
        .order_by()
        .values("inquiry")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return qs.annotate(
        last_reply_at=Subquery(visible.values("created_at")[:1]),
        last_reply_kind=Subquery(visible.values("kind")[:1]),
        reply_count=Subquery(counted),
    )


def inquiries_with_new_reply(user: Any) -> QuerySet[Any]:
    """Open requests whose latest message is ours: the client has something to read."""
    return (
        with_last_reply(inquiries_for_client(user))
        .filter(open_inquiry(), last_reply_kind=ResponseKind.STAFF_REPLY)
        .order_by("-last_reply_at")
    )


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
    return _detail(for_client=for_client).filter(pk=inquiry_id).first()


def _client_visible_file() -> Q:
    """Files a client may see: the request's own and those of visible
    replies, never a file on an internal note."""
    return Q(response__isnull=True) | Q(response__kind__in=CLIENT_VISIBLE_KINDS)


def attachment_for_client(
    user: Any, *, reference: str, attachment_id: Any
) -> InquiryAttachment | None:
    """A file of one of this client's inquiries that the client may see."""
    return (
        InquiryAttachment.objects.filter(
            _client_visible_file(),
            pk=attachment_id,
            inquiry__reference=reference,
            inquiry__in=inquiries_for_client(user).values("pk"),
        )
        .select_related("inquiry")
        .first()
    )


def _detail(*, for_client: bool) -> QuerySet[Inquiry]:
    kinds = CLIENT_VISIBLE_KINDS if for_client else tuple(ResponseKind.values)
    files = InquiryAttachment.objects.order_by("created_at")
    if for_client:
        files = files.filter(_client_visible_file())
    return Inquiry.objects.select_related("client", "service", "assignee").prefetch_related(
        Prefetch(
            "responses",
            queryset=InquiryResponse.objects.filter(kind__in=kinds).order_by("created_at"),
        ),
        Prefetch("attachments", queryset=files),
        Prefetch(
            "follow_ups",
            queryset=FollowUp.objects.select_related("owner", "client").order_by("due_at"),
        ),
    )


def inquiry_for_admin(key: str) -> Inquiry | None:
    """One inquiry for the staff page, by its reference (as e-mails link it)
    or its id (as the API names it), with the whole thread."""
    key = (key or "").strip()
    try:
        lookup = Q(pk=uuid.UUID(key))
    except ValueError:
        lookup = Q(reference=key.upper())
    return _detail(for_client=False).filter(lookup).first()


def inquiry_activity(
    *,
    inquiry_id: Any,
    follow_up_ids: Iterable[Any] = (),
    quotation_ids: Iterable[Any] = (),
    limit: int = 100,
) -> list[AuditLog]:
    """The audit entries of an inquiry, its follow-ups and its quotations,
    newest first (one query)."""
    about = Q(target_type="leads.inquiry", target_id=str(inquiry_id))
    follow_ups = [str(pk) for pk in follow_up_ids]
    if follow_ups:
        about |= Q(target_type="leads.followup", target_id__in=follow_ups)
    quotations = [str(pk) for pk in quotation_ids]
    if quotations:
        about |= Q(target_type="leads.quotation", target_id__in=quotations)
    return list(
        AuditLog.objects.filter(about)
        .only("created_at", "action", "changes", "actor_label", "target_type", "target_label")
        .order_by("-created_at", "-id")[:limit]
    )


def follow_ups_for(
    *,
    owner: Any = None,
    include_done: bool = False,
    only_done: bool = False,
    due_before: dt.datetime | None = None,
    due_after: dt.datetime | None = None,
) -> QuerySet[FollowUp]:
    """Follow-ups, soonest due first: open ones (``include_done`` adds the
    done ones, ``only_done`` gives those alone), due by ``due_before`` and
    after ``due_after`` (both inclusive)."""
    qs = FollowUp.objects.select_related("owner", "inquiry", "client")
    if owner is not None:
        qs = qs.filter(owner=owner)
    if only_done:
        qs = qs.filter(done_at__isnull=False)
    elif not include_done:
        qs = qs.filter(done_at__isnull=True)
    if due_before is not None:
        qs = qs.filter(due_at__lte=due_before)
    if due_after is not None:
        qs = qs.filter(due_at__gte=due_after)
    return qs.order_by("due_at")


def end_of_day(now: dt.datetime) -> dt.datetime:
    """The last second of ``now``'s day in the current time zone."""
    return timezone.localtime(now).replace(hour=23, minute=59, second=59, microsecond=999_999)


def follow_up_counts(*, owner: Any = None, now: dt.datetime | None = None) -> dict[str, int]:
    """Open follow-ups (of ``owner``, else everyone's) that are overdue, due
    later today and due after today (one query)."""
    now = now or timezone.now()
    qs = FollowUp.objects.filter(done_at__isnull=True)
    if owner is not None:
        qs = qs.filter(owner=owner)
    tonight = end_of_day(now)
    return qs.aggregate(
        overdue=Count("pk", filter=Q(due_at__lt=now)),
        today=Count("pk", filter=Q(due_at__gte=now, due_at__lte=tonight)),
        upcoming=Count("pk", filter=Q(due_at__gt=tonight)),
    )


def due_follow_ups(*, owner: Any, now: dt.datetime | None = None) -> QuerySet[FollowUp]:
    """For the dashboard: the owner's open follow-ups due by the end of today."""
    now = now or timezone.now()
    return follow_ups_for(owner=owner, due_before=end_of_day(now))
