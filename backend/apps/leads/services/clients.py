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
        # A signed-in client books on their own record, never on another
        # record that happens to share the phone or e-mail typed in the form
        # (that would show the visit in someone else's portal).
        client = client_for_user(user=user)
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


@transaction.atomic
def client_for_user(*, user: Any) -> Client:
    """The client record of a signed-in client, made on first need.

    An existing record with the same e-mail and no account is linked only
    once the account's address is verified, so nobody can claim someone
    else's history by registering with their address."""
    client = Client.objects.select_for_update().filter(user=user).first()
    if client is not None:
        return client
    if user.email_verified_at is not None:
        match = (
            Client.objects.select_for_update()
            .filter(user__isnull=True, email__iexact=user.email)
            .order_by("created_at")
            .first()
        )
        if match is not None:
            match.user = user
            match.save(update_fields=["user", "updated_at"])
            record_audit(actor=user, action="client.linked_to_account", target=match)
            return match
    client = Client.objects.create(
        name=user.full_name or user.email, email=user.email, phone=user.phone or "", user=user
    )
    record_audit(actor=user, action="client.created", target=client)
    return client


CONTACT_PREFERENCE_FIELDS = ("accepts_email", "accepts_sms", "accepts_whatsapp", "marketing_opt_in")


@transaction.atomic
def update_contact_preferences(
    *,
    client: Client,
    actor: Any,
    source: str,
    accepts_email: bool,
    accepts_sms: bool,
    accepts_whatsapp: bool,
    marketing_opt_in: bool,
) -> Client:
    """Change which channels a client accepts. A change of marketing consent
    records when and where it was given or withdrawn."""
    from django.utils import timezone

    from apps.core.services import diff_fields, snapshot
    from apps.leads.models import ConsentSource

    if source not in ConsentSource.values:
        raise ValueError(f"Unknown consent source: {source}")
    client = Client.objects.select_for_update().get(pk=client.pk)
    before = snapshot(client, CONTACT_PREFERENCE_FIELDS)
    client.accepts_email = accepts_email
    client.accepts_sms = accepts_sms
    client.accepts_whatsapp = accepts_whatsapp
    fields = ["accepts_email", "accepts_sms", "accepts_whatsapp", "updated_at"]
    if marketing_opt_in != client.marketing_opt_in:
        client.marketing_opt_in = marketing_opt_in
        client.marketing_opt_in_at = timezone.now()
        client.marketing_opt_in_source = source
        fields += ["marketing_opt_in", "marketing_opt_in_at", "marketing_opt_in_source"]
    client.save(update_fields=fields)
    diff = diff_fields(before, snapshot(client, CONTACT_PREFERENCE_FIELDS))
    if diff:
        record_audit(
            actor=actor,
            action="client.contact_preferences_changed",
            target=client,
            changes={**diff, "source": [None, source]},
        )
    return client


def update_own_contact_preferences(*, user: Any, **preferences: bool) -> Client:
    """A signed-in client changes their own preferences in the portal."""
    from apps.leads.models import ConsentSource

    with transaction.atomic():
        client = client_for_user(user=user)
        return update_contact_preferences(
            client=client, actor=user, source=ConsentSource.PORTAL, **preferences
        )


# --- CRM: details, tags, sites, merging duplicates -------------------------------

CLIENT_FIELDS = ("name", "company", "email", "phone", "address", "town", "notes", "tags")


@transaction.atomic
def update_client(*, client: Client, actor: Any, **changes: Any) -> Client:
    """Staff edit a client's details, internal notes or tags (``"vip, hotel"`` or a list)."""
    from apps.core.exceptions import DomainError
    from apps.core.services import diff_fields, snapshot
    from apps.media.models import normalize_tags

    unknown = set(changes) - set(CLIENT_FIELDS)
    if unknown:
        raise ValueError(f"Not editable on a client: {', '.join(sorted(unknown))}")
    if "tags" in changes:
        changes["tags"] = normalize_tags(changes["tags"])
        if len(changes["tags"]) > 400:
            raise DomainError("tags", "Too many tags.")
    if "email" in changes:
        changes["email"] = normalize_email(changes["email"] or "")
    if "name" in changes and not (changes["name"] or "").strip():
        raise DomainError("name", "A client needs a name.")
    client = Client.objects.select_for_update().get(pk=client.pk)
    before = snapshot(client, changes)
    for field, value in changes.items():
        setattr(client, field, value.strip() if isinstance(value, str) else (value or ""))
    client.save(update_fields=[*changes, "updated_at"])
    diff: dict[str, Any] = dict(diff_fields(before, snapshot(client, changes)))
    if "notes" in diff:
        diff["notes"] = "changed"  # internal notes are not copied into the log
    if diff:
        record_audit(actor=actor, action="client.updated", target=client, changes=diff)
    return client


@transaction.atomic
def add_client_site(
    *,
    client: Client,
    label: str,
    address: str,
    actor: Any,
    town: str = "",
    location_notes: str = "",
) -> Any:
    from apps.core.exceptions import DomainError
    from apps.leads.models import ClientSite

    if not (label or "").strip():
        raise DomainError("label", "Name the site, e.g. Head office.")
    if not (address or "").strip():
        raise DomainError("address", "Give the site's address.")
    site = ClientSite.objects.create(
        client=client,
        label=label.strip()[:80],
        address=address.strip(),
        town=(town or "").strip()[:80],
        location_notes=(location_notes or "").strip()[:300],
    )
    record_audit(
        actor=actor, action="client.site_added", target=client, changes={"site": site.label}
    )
    return site


def merge_clients(*, keep: Client, duplicate: Client, actor: Any) -> Client:
    """Fold ``duplicate`` into ``keep`` and delete it.

    Bookings, inquiries, quotations, sites, invoices, follow-ups, messages
    and service categories move to the kept record; its blank details are
    filled from the duplicate; the duplicate's account link moves when the
    kept record has none (a client with two accounts cannot be merged: one
    account would lose its history). Both rows are locked (in id order, so
    two merges cannot deadlock) and the merge is audited with the counts."""
    from apps.billing.models import Invoice
    from apps.core.exceptions import DomainError
    from apps.leads.models import Booking, ClientSite, FollowUp, Inquiry, Quotation
    from apps.media.models import normalize_tags
    from apps.notifications.models import Notification

    if keep.pk == duplicate.pk:
        raise DomainError("duplicate", "Choose two different clients.")
    with transaction.atomic():
        locked = {
            c.pk: c
            for c in Client.objects.select_for_update()
            .filter(pk__in=[keep.pk, duplicate.pk])
            .order_by("pk")
        }
        if len(locked) != 2:
            raise DomainError("duplicate", "One of the clients no longer exists.")
        keep, duplicate = locked[keep.pk], locked[duplicate.pk]
        if keep.user_id and duplicate.user_id:
            raise DomainError(
                "duplicate",
                "Both clients have their own account; they cannot be merged.",
            )
        moved = {
            "bookings": Booking.objects.filter(client=duplicate).update(client=keep),
            "inquiries": Inquiry.objects.filter(client=duplicate).update(client=keep),
            "quotations": Quotation.objects.filter(client=duplicate).update(client=keep),
            "sites": ClientSite.objects.filter(client=duplicate).update(client=keep),
            "invoices": Invoice.objects.filter(client=duplicate).update(client=keep),
            "follow_ups": FollowUp.objects.filter(client=duplicate).update(client=keep),
            "notifications": Notification.objects.filter(client=duplicate).update(client=keep),
        }
        keep.service_categories.add(*duplicate.service_categories.all())
        fields = []
        for field in ("company", "email", "phone", "address", "town"):
            if not getattr(keep, field) and getattr(duplicate, field):
                setattr(keep, field, getattr(duplicate, field))
                fields.append(field)
        if duplicate.notes:
            keep.notes = "\n\n".join(n for n in (keep.notes, duplicate.notes) if n)
            fields.append("notes")
        tags = normalize_tags(keep.tag_list + duplicate.tag_list)
        if tags != keep.tags:
            keep.tags = tags
            fields.append("tags")
        user = duplicate.user
        duplicate_label = str(duplicate)
        duplicate_id = str(duplicate.pk)
        if user is not None and keep.user_id is None:
            duplicate.user = None
            duplicate.save(update_fields=["user"])  # free the one-to-one first
            keep.user = user
            fields.append("user")
            moved["account"] = 1
        if fields:
            keep.save(update_fields=[*fields, "updated_at"])
        duplicate.delete()
        record_audit(
            actor=actor,
            action="client.merged",
            target=keep,
            changes={"merged": duplicate_label, "merged_id": duplicate_id, **moved},
        )
        return keep
