"""Inquiries: the one way to create, route, answer and close a customer's
question or quote request, and the follow-ups staff set on them.

Every function owns its transaction, writes the audit log and queues its
messages inside it (so they exist only if the change commits)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.catalog.models import Service
from apps.core.exceptions import DomainError
from apps.core.names import clean_person_name
from apps.core.services import record_audit
from apps.leads import lead_messages
from apps.leads.models import (
    Client,
    ConsentSource,
    FollowUp,
    Inquiry,
    InquiryResponse,
    InquiryRoutingRule,
    InquirySource,
    InquiryStatus,
    ResponseKind,
    RoutingCursor,
)
from apps.leads.services.attachments import store_attachments, validate_attachments
from apps.leads.services.clients import (
    ask_for_marketing_consent,
    match_or_create_client,
    require_contact,
    update_contact_preferences,
)
from apps.leads.services.references import new_reference
from apps.users import roles
from apps.users.models import Role, User


class InquiryError(DomainError):
    """An inquiry request that cannot be met; ``field`` names what to change."""


# The one table of allowed status changes.
TRANSITIONS: dict[str, frozenset[str]] = {
    InquiryStatus.NEW: frozenset(
        {InquiryStatus.IN_PROGRESS, InquiryStatus.QUOTED, InquiryStatus.LOST}
    ),
    InquiryStatus.IN_PROGRESS: frozenset(
        {InquiryStatus.QUOTED, InquiryStatus.WON, InquiryStatus.LOST}
    ),
    InquiryStatus.QUOTED: frozenset(
        {InquiryStatus.IN_PROGRESS, InquiryStatus.WON, InquiryStatus.LOST}
    ),
    InquiryStatus.WON: frozenset(),
    # A lost inquiry can be taken up again (the customer comes back).
    InquiryStatus.LOST: frozenset({InquiryStatus.IN_PROGRESS}),
}

_STAMPS: dict[str, str] = {
    InquiryStatus.IN_PROGRESS: "in_progress_at",
    InquiryStatus.QUOTED: "quoted_at",
    InquiryStatus.WON: "won_at",
    InquiryStatus.LOST: "lost_at",
}


def can_transition(inquiry: Inquiry, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(inquiry.status, frozenset())


def allowed_transitions(inquiry: Inquiry) -> list[str]:
    return sorted(TRANSITIONS.get(inquiry.status, frozenset()))


def sales_users():
    """Active staff in the Sales group: who may be given inquiries."""
    return User.objects.filter(
        is_active=True, role__in=(Role.ADMIN, Role.STAFF), groups__name=roles.SALES
    ).distinct()


# --- creating and routing -------------------------------------------------------


def _unique_reference() -> str:
    for _attempt in range(8):
        reference = new_reference("INQ")
        if not Inquiry.objects.filter(reference=reference).exists():
            return reference
    raise RuntimeError("could not find a free inquiry reference")


def _round_robin() -> User | None:
    """The Sales user after the one who got the last inquiry, in a fixed
    order. The cursor row is locked for the rest of the transaction, so two
    inquiries arriving together cannot both pick the same person."""
    RoutingCursor.objects.bulk_create([RoutingCursor(id=1)], ignore_conflicts=True)
    cursor = RoutingCursor.objects.select_for_update().get(id=1)
    candidates = list(sales_users().order_by("email", "id"))
    if not candidates:
        return None
    chosen = candidates[0]
    if cursor.last_assignee_id is not None:
        ids = [u.pk for u in candidates]
        if cursor.last_assignee_id in ids:
            chosen = candidates[(ids.index(cursor.last_assignee_id) + 1) % len(candidates)]
        else:
            last_email = (
                User.objects.filter(pk=cursor.last_assignee_id)
                .values_list("email", flat=True)
                .first()
            )
            after = [u for u in candidates if last_email is not None and u.email > last_email]
            chosen = after[0] if after else candidates[0]
    cursor.last_assignee = chosen
    cursor.save(update_fields=["last_assignee"])
    return chosen


def route_inquiry(service: Service | None) -> User | None:
    """Who a new inquiry goes to: the rule for its service category, else round-robin."""
    if service is not None:
        rule = (
            InquiryRoutingRule.objects.select_related("assignee")
            .filter(category_id=service.category_id, is_active=True, assignee__is_active=True)
            .first()
        )
        if rule is not None:
            return rule.assignee
    return _round_robin()


def create_inquiry(
    *,
    name: str,
    message: str,
    email: str = "",
    phone: Any = "",
    subject: str = "",
    service: Service | None = None,
    site_address: str = "",
    source: str = InquirySource.WEBSITE_FORM,
    attachments: list[Any] | None = None,
    user: User | None = None,
    actor: User | None = None,
    assignee: User | None = None,
    client: Client | None = None,
    marketing_opt_in: bool = False,
) -> Inquiry:
    """Record a question or quote request from any channel.

    The one entry point for the quote form, the contact page
    (``source=InquirySource.CONTACT_PAGE``), the API, and staff logging a
    phone call or e-mail. Matches or creates the client, stores the checked
    attachments, routes it (a routing rule for the service's category, else
    round-robin among active Sales users; ``assignee`` overrides), confirms
    to the customer (``inquiry_received``) and tells the assignee
    (``inquiry_assigned``), or the company's address when routing found
    nobody (``inquiry_unassigned``). Staff who picked the client record pass it as
    ``client`` (no matching then). ``marketing_opt_in``: the person ticked
    the offers box on the form; a signed-in client's consent is recorded, an
    anonymous one is asked to confirm by e-mail first (an unticked box never
    withdraws a consent given before). Raises
    InquiryError/AttachmentError naming the field."""
    name = clean_person_name(name, field="name", error=InquiryError)
    message = (message or "").strip()
    if not message:
        raise InquiryError("message", _("Tell us what you need."))
    if len(message) > 10_000:
        raise InquiryError("message", _("Keep the message under 10,000 characters."))
    require_contact(email=email, phone=phone, error=InquiryError)
    if source not in InquirySource.values:
        raise InquiryError("source", _("Unknown source."))
    if service is not None and not service.is_active:
        raise InquiryError("service", _("There is no such service."))
    files = validate_attachments(list(attachments or []))
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    with transaction.atomic():
        if client is None:
            client = match_or_create_client(
                name=name,
                email=email,
                phone=phone,
                address=site_address,
                user=user if signed_in and getattr(user, "is_client", False) else None,
                actor=actor,
            )
        if service is not None and service.category_id:
            client.service_categories.add(service.category)
        if marketing_opt_in and not client.marketing_opt_in:
            if user is not None and signed_in and client.user_id == user.pk:
                # Their own record, from their account: the consent is theirs.
                update_contact_preferences(
                    client=client,
                    actor=user,
                    source=ConsentSource.WEBSITE_FORM,
                    accepts_email=client.accepts_email,
                    accepts_sms=client.accepts_sms,
                    accepts_whatsapp=client.accepts_whatsapp,
                    marketing_opt_in=True,
                )
            else:
                ask_for_marketing_consent(client=client, email=email or "")
        chosen = assignee or route_inquiry(service)
        now = timezone.now()
        inquiry = Inquiry.objects.create(
            reference=_unique_reference(),
            client=client,
            service=service,
            contact_name=name,
            contact_email=(email or "").strip().lower(),
            contact_phone=str(phone or ""),
            subject=(subject or "").strip()[:200],
            message=message,
            site_address=(site_address or "").strip(),
            source=source,
            assignee=chosen,
            assigned_at=now if chosen else None,
            created_by=actor if actor is not None else (user if signed_in else None),
            last_activity_at=now,
        )
        if files:
            store_attachments(inquiry=inquiry, files=files, actor=actor or user)
        record_audit(
            actor=actor or (user if signed_in else None),
            action="inquiry.created",
            target=inquiry,
            changes={
                "source": source,
                "service": service.name if service else None,
                "assignee": chosen.email if chosen else None,
                "attachments": len(files),
            },
        )
        lead_messages.inquiry_received(inquiry)
        if chosen is not None:
            lead_messages.inquiry_assigned(inquiry)
        else:
            lead_messages.inquiry_unassigned(inquiry)
        return inquiry


def _locked(inquiry: Inquiry) -> Inquiry:
    return (
        Inquiry.objects.select_for_update(of=("self",))
        .select_related("client", "service", "assignee")
        .get(pk=inquiry.pk)
    )


def assign_inquiry(*, inquiry: Inquiry, assignee: User | None, actor: Any) -> Inquiry:
    """Give the inquiry to a staff member (or back to the shared inbox with None)."""
    if assignee is not None and not (assignee.is_active and assignee.is_staff_member):
        raise InquiryError("assignee", _("Inquiries can only be given to active staff."))
    with transaction.atomic():
        inquiry = _locked(inquiry)
        if inquiry.assignee_id == (assignee.pk if assignee else None):
            return inquiry
        before = inquiry.assignee.email if inquiry.assignee else None
        inquiry.assignee = assignee
        inquiry.assigned_at = timezone.now() if assignee else None
        inquiry.save(update_fields=["assignee", "assigned_at", "updated_at"])
        record_audit(
            actor=actor,
            action="inquiry.assigned",
            target=inquiry,
            changes={"assignee": [before, assignee.email if assignee else None]},
        )
        if assignee is not None and assignee != actor:
            lead_messages.inquiry_assigned(inquiry)
        return inquiry


def _apply_status(inquiry: Inquiry, to_status: str, *, reason: str = "") -> list[str]:
    previous = inquiry.status
    inquiry.status = to_status
    fields = ["status", "updated_at"]
    stamp = _STAMPS.get(to_status)
    if stamp:
        setattr(inquiry, stamp, timezone.now())
        fields.append(stamp)
    if to_status == InquiryStatus.LOST:
        inquiry.lost_reason = reason
        fields.append("lost_reason")
    elif previous == InquiryStatus.LOST:
        inquiry.lost_reason = ""
        fields.append("lost_reason")
    return fields


def change_inquiry_status(
    *, inquiry: Inquiry, to_status: str, actor: Any, reason: str = ""
) -> Inquiry:
    """Move an inquiry along new → in progress → quoted → won | lost (a reason
    is required for lost)."""
    reason = (reason or "").strip()
    with transaction.atomic():
        inquiry = _locked(inquiry)
        if to_status == inquiry.status:
            return inquiry
        if not can_transition(inquiry, to_status):
            raise InquiryError(
                "status",
                _("An inquiry cannot go from %(from)s to %(to)s.")
                % {
                    "from": inquiry.get_status_display(),
                    "to": dict(InquiryStatus.choices).get(to_status, to_status),
                },
            )
        if to_status == InquiryStatus.LOST and not reason:
            raise InquiryError("reason", _("Say why the inquiry was lost."))
        previous = inquiry.status
        fields = _apply_status(inquiry, to_status, reason=reason)
        inquiry.save(update_fields=fields)
        record_audit(
            actor=actor,
            action="inquiry.status_changed",
            target=inquiry,
            changes={"status": [previous, to_status], **({"reason": reason} if reason else {})},
        )
        return inquiry


def advance_inquiry(inquiry_id: Any, to_status: str, *, actor: Any, note: str = "") -> None:
    """Used by the quotation services: move the linked inquiry when the table
    allows it, silently leave it otherwise (e.g. already won)."""
    inquiry = Inquiry.objects.select_for_update().filter(pk=inquiry_id).first()
    if inquiry is None or inquiry.status == to_status or not can_transition(inquiry, to_status):
        return
    previous = inquiry.status
    fields = _apply_status(inquiry, to_status)
    inquiry.last_activity_at = timezone.now()
    inquiry.save(update_fields=[*fields, "last_activity_at"])
    record_audit(
        actor=actor,
        action="inquiry.status_changed",
        target=inquiry,
        changes={"status": [previous, to_status], **({"why": note} if note else {})},
    )


def _add_response(
    inquiry: Inquiry, *, kind: str, body: str, author: Any, author_name: str = ""
) -> InquiryResponse:
    body = (body or "").strip()
    if not body:
        raise InquiryError("body", _("Write a message."))
    if len(body) > 10_000:
        raise InquiryError("body", _("Keep the message under 10,000 characters."))
    is_person = author is not None and getattr(author, "is_authenticated", False)
    response = InquiryResponse.objects.create(
        inquiry=inquiry,
        kind=kind,
        author=author if is_person else None,
        author_name=author_name or (str(author) if is_person else ""),
        body=body,
    )
    inquiry.last_activity_at = timezone.now()
    inquiry.save(update_fields=["last_activity_at", "updated_at"])
    return response


def reply_to_inquiry(*, inquiry: Inquiry, body: str, actor: User) -> InquiryResponse:
    """A staff answer, e-mailed to the client (``inquiry_reply``). A new
    inquiry moves to in progress."""
    with transaction.atomic():
        inquiry = _locked(inquiry)
        response = _add_response(
            inquiry,
            kind=ResponseKind.STAFF_REPLY,
            body=body,
            author=actor,
            author_name=actor.full_name or actor.email,
        )
        if inquiry.status == InquiryStatus.NEW:
            inquiry.save(update_fields=_apply_status(inquiry, InquiryStatus.IN_PROGRESS))
        record_audit(
            actor=actor,
            action="inquiry.replied",
            target=inquiry,
            changes={"response": str(response.pk)},
        )
        lead_messages.inquiry_reply(inquiry, response)
        return response


def add_internal_note(*, inquiry: Inquiry, body: str, actor: User) -> InquiryResponse:
    """A note for staff only; never shown or sent to the client."""
    with transaction.atomic():
        inquiry = _locked(inquiry)
        response = _add_response(
            inquiry,
            kind=ResponseKind.INTERNAL_NOTE,
            body=body,
            author=actor,
            author_name=actor.full_name or actor.email,
        )
        record_audit(
            actor=actor,
            action="inquiry.note_added",
            target=inquiry,
            changes={"response": str(response.pk)},
        )
        return response


def client_reply(
    *,
    inquiry: Inquiry,
    body: str,
    user: User | None = None,
    attachments: list[Any] | None = None,
) -> InquiryResponse:
    """The customer writes back (portal, or the API with the inquiry's token).
    A lost inquiry the customer writes on is taken up again. The staff who
    handle it are told (``inquiry_client_replied``, see ``reply_recipients``)."""
    with transaction.atomic():
        inquiry = _locked(inquiry)
        already = inquiry.attachments.count()
        files = validate_attachments(list(attachments or []), already=already)
        response = _add_response(
            inquiry,
            kind=ResponseKind.CLIENT_REPLY,
            body=body,
            author=user,
            author_name=inquiry.contact_name or inquiry.client.name,
        )
        if files:
            store_attachments(inquiry=inquiry, files=files, actor=user, response=response)
        if inquiry.status == InquiryStatus.LOST:
            inquiry.save(update_fields=_apply_status(inquiry, InquiryStatus.IN_PROGRESS))
        record_audit(
            actor=user,
            action="inquiry.client_replied",
            target=inquiry,
            changes={"response": str(response.pk), "attachments": len(files)},
        )
        lead_messages.inquiry_client_replied(
            inquiry, response, recipients=reply_recipients(inquiry), attachments=len(files)
        )
        return response


def reply_recipients(inquiry: Inquiry) -> list[User | None]:
    """Who hears that the client wrote: the assignee; an unassigned inquiry
    sits in the shared Sales inbox, so every active Sales user; with no Sales
    staff at all, the company's address (``None``)."""
    if inquiry.assignee is not None and inquiry.assignee.is_active:
        return [inquiry.assignee]
    team: list[User | None] = list(sales_users().order_by("email"))
    return team or [None]


# --- follow-ups -------------------------------------------------------------------


def add_follow_up(
    *,
    due_at: dt.datetime,
    note: str,
    actor: Any,
    owner: User | None = None,
    inquiry: Inquiry | None = None,
    client: Client | None = None,
) -> FollowUp:
    """A task with a due time. Its owner, when not given, is the staff
    member adding it, else (added by the system) the person handling the
    inquiry. A time already past is refused: the reminder would never come."""
    note = (note or "").strip()
    if not note:
        raise InquiryError("note", _("Say what needs doing."))
    if inquiry is None and client is None:
        raise InquiryError("inquiry", _("A follow-up is about an inquiry or a client."))
    if timezone.is_naive(due_at):
        raise InquiryError("due_at", _("Give the time with its time zone."))
    if due_at < timezone.now():
        raise InquiryError("due_at", _("That time has passed; choose a later one."))
    if owner is None:
        if getattr(actor, "is_staff_member", False):
            owner = actor
        elif inquiry is not None and inquiry.assignee_id:
            owner = inquiry.assignee
    if owner is None or not (owner.is_active and owner.is_staff_member):
        raise InquiryError("owner", _("Follow-ups belong to active staff."))
    with transaction.atomic():
        follow_up = FollowUp.objects.create(
            inquiry=inquiry,
            client=client if client is not None else (inquiry.client if inquiry else None),
            owner=owner,
            note=note[:300],
            due_at=due_at,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        record_audit(
            actor=actor,
            action="follow_up.added",
            target=follow_up,
            changes={"owner": owner.email, "due_at": due_at, "inquiry": inquiry},
        )
        return follow_up


def complete_follow_up(*, follow_up: FollowUp, actor: Any) -> FollowUp:
    with transaction.atomic():
        follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if follow_up.done_at is not None:
            return follow_up
        follow_up.done_at = timezone.now()
        follow_up.save(update_fields=["done_at", "updated_at"])
        record_audit(actor=actor, action="follow_up.completed", target=follow_up)
        return follow_up


def send_follow_up_reminders(*, now: dt.datetime | None = None) -> int:
    """E-mail each owner their follow-ups that fell due, once per follow-up
    (``reminded_at`` is set in the same transaction; rows another worker
    holds are skipped). Returns how many follow-ups were reminded."""
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            FollowUp.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("owner", "inquiry", "client")
            .filter(done_at__isnull=True, reminded_at__isnull=True, due_at__lte=now)
            .order_by("owner_id", "due_at")
        )
        by_owner: dict[Any, list[FollowUp]] = {}
        for item in due:
            by_owner.setdefault(item.owner_id, []).append(item)
        for items in by_owner.values():
            lead_messages.follow_ups_due(items[0].owner, items)
        FollowUp.objects.filter(pk__in=[f.pk for f in due]).update(reminded_at=now)
        return len(due)
