"""Writes about clients, bookings, inquiries and quotations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.billing.models import Invoice
from apps.core.exceptions import DomainError
from apps.core.names import clean_person_name
from apps.core.services import diff_fields, record_audit, snapshot
from apps.leads import lead_messages
from apps.leads.models import (
    Booking,
    Client,
    ClientSite,
    ConsentSource,
    FollowUp,
    Inquiry,
    Quotation,
    QuotationStatus,
)
from apps.leads.selectors.clients import possible_duplicates
from apps.leads.tokens import offers_from_token
from apps.media.models import normalize_tags
from apps.notifications.models import Notification
from apps.users.models import normalize_email


def has_contact(*, email: Any = "", phone: Any = "") -> bool:
    """A customer we can answer: an e-mail address or a phone number (either
    is enough). The one rule for bookings, inquiries and quote requests,
    from every door."""
    return bool(str(email or "").strip() or str(phone or "").strip())


def require_contact(
    *, email: Any = "", phone: Any = "", error: type[DomainError] = DomainError
) -> None:
    """Raise ``error`` naming ``email`` unless ``has_contact``."""
    if not has_contact(email=email, phone=phone):
        raise error("email", _("Give an e-mail address or a phone number."))


def _name_words(name: str) -> list[str]:
    return name.casefold().replace(".", " ").replace(",", " ").split()


def names_agree(on_file: str, typed: str) -> bool:
    """Whether two spellings plausibly name one person: every word of the
    shorter is in the longer ("David" and "David Mwangi", "Mwangi David")."""
    a, b = _name_words(on_file), _name_words(typed)
    if not a or not b:
        return False
    shorter, longer = sorted((a, b), key=len)
    return set(shorter) <= set(longer)


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

    Matched on the signed-in account first, then e-mail, then phone with
    the same name, so a customer who books twice keeps one record. Details on file are kept;
    blanks are filled in."""
    name = clean_person_name(name, field="name", error=DomainError)
    email = normalize_email(email)
    client = None
    if user is not None and getattr(user, "is_authenticated", False):
        # A signed-in client books on their own record, never on another
        # record that happens to share the phone or e-mail typed in the form
        # (that would show the visit in someone else's portal).
        client = client_for_user(user=user)
    if client is None and email:
        client = (
            Client.objects.select_for_update()
            .filter(email__iexact=email)
            .order_by("created_at")
            .first()
        )
    if client is None and phone:
        # A phone number is shared by households and offices and mistyped
        # easily; alone it would file a stranger's request on someone else's
        # record (and in their portal). It matches only when the name agrees
        # and the record holds no other e-mail; otherwise staff see a
        # possible duplicate and merge.
        client = next(
            (
                candidate
                for candidate in Client.objects.select_for_update()
                .filter(phone=phone)
                .order_by("created_at")
                if names_agree(candidate.name, name)
                and (not email or not candidate.email or candidate.email.lower() == email)
            ),
            None,
        )
    if client is None:
        client = Client.objects.create(
            name=name,
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


def claim_client_history(*, user: Any) -> Client | None:
    """Once a client account's e-mail is verified, the records kept under
    that address before the account existed (bookings, inquiries, quotes
    made without signing in) become theirs: the first is linked to the
    account, any others are merged into it. Called when ``email_verified``
    is sent; an unverified address claims nothing."""
    if user.email_verified_at is None or not getattr(user, "is_client", False):
        return None
    with transaction.atomic():
        own = client_for_user(user=user)
        earlier = (
            Client.objects.select_for_update()
            .filter(user__isnull=True, email__iexact=user.email)
            .exclude(pk=own.pk)
            .order_by("created_at")
        )
        for record in earlier:
            own = merge_clients(keep=own, duplicate=record, actor=user)
    return own


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


def ask_for_marketing_consent(*, client: Client, email: str) -> bool:
    """A public form's "send me offers" box: e-mail the address typed a link
    that records the consent (double opt-in), since anyone can type anyone's
    address. False when there is no address to ask or consent is already on
    record."""
    email = normalize_email(email)
    if not email or client.marketing_opt_in:
        return False
    lead_messages.offers_confirmation(client, email)
    return True


def client_for_offers_token(token: str) -> Client | None:
    found = offers_from_token(token)
    if found is None:
        return None
    client_id, email = found
    return Client.objects.filter(pk=client_id, email__iexact=email).first()


@transaction.atomic
def confirm_marketing_consent(*, token: str) -> tuple[Client, bool]:
    """The owner of the address followed the link: record the consent (and
    whether it changed anything). The link names the client and the address;
    once the client's e-mail changes, or after 14 days, it opens nothing."""
    client = client_for_offers_token(token)
    if client is None:
        raise DomainError("token", _("This confirmation link is not valid or has expired."))
    if client.marketing_opt_in:
        return client, False
    client = update_contact_preferences(
        client=client,
        actor=None,
        source=ConsentSource.EMAIL_CONFIRMED,
        accepts_email=True,
        accepts_sms=client.accepts_sms,
        accepts_whatsapp=client.accepts_whatsapp,
        marketing_opt_in=True,
    )
    return client, True


def update_own_contact_preferences(*, user: Any, **preferences: bool) -> Client:
    """A signed-in client changes their own preferences in the portal."""
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
    unknown = set(changes) - set(CLIENT_FIELDS)
    if unknown:
        raise ValueError(f"Not editable on a client: {', '.join(sorted(unknown))}")
    if "tags" in changes:
        changes["tags"] = normalize_tags(changes["tags"])
        if len(changes["tags"]) > 400:
            raise DomainError("tags", "Too many tags.")
    if "email" in changes:
        changes["email"] = normalize_email(changes["email"] or "")
    if "name" in changes:
        changes["name"] = clean_person_name(
            changes["name"], field="name", error=DomainError, missing=_("A client needs a name.")
        )
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


class DuplicateClient(DomainError):
    """A new client's e-mail or phone is already on file: ``extra["matches"]``
    holds the clients it matches, so staff can open one instead."""

    code = "duplicate"
    conflict = True


@transaction.atomic
def create_client(
    *,
    name: str,
    actor: Any,
    company: str = "",
    email: str = "",
    phone: Any = "",
    address: str = "",
    town: str = "",
    tags: Any = "",
    notes: str = "",
    marketing_opt_in: bool = False,
    consent_source: str = ConsentSource.STAFF,
    allow_duplicate: bool = False,
) -> Client:
    """Staff add a client by hand (a phone call, a walk-in, a card from a site).

    Refused with DuplicateClient when the e-mail or phone belongs to a client
    already, unless staff confirm it is another person (``allow_duplicate``).
    Marketing consent given now is recorded with its time and source, as
    ``update_contact_preferences`` records a change."""
    name = clean_person_name(
        name, field="name", error=DomainError, missing=_("A client needs a name.")
    )
    if consent_source not in ConsentSource.values:
        raise ValueError(f"Unknown consent source: {consent_source}")
    email = normalize_email(email or "")
    tags = normalize_tags(tags)
    if len(tags) > 400:
        raise DomainError("tags", _("Too many tags."))
    if not allow_duplicate:
        matches = list(possible_duplicates(email=email, phone=phone))
        if matches:
            same_email = bool(email) and any(m.email.lower() == email for m in matches)
            raise DuplicateClient(
                "email" if same_email else "phone",
                _("A client with this e-mail or phone number is already on file."),
                extra={"matches": matches},
            )
    client = Client.objects.create(
        name=name[:150],
        company=(company or "").strip()[:150],
        email=email,
        phone=phone or "",
        address=(address or "").strip(),
        town=(town or "").strip()[:80],
        notes=(notes or "").strip(),
        tags=tags,
    )
    changes: dict[str, Any] = {"source": "staff"}
    if marketing_opt_in:
        client.marketing_opt_in = True
        client.marketing_opt_in_at = timezone.now()
        client.marketing_opt_in_source = consent_source
        client.save(
            update_fields=["marketing_opt_in", "marketing_opt_in_at", "marketing_opt_in_source"]
        )
        changes["marketing_opt_in"] = [False, True]
        changes["consent_source"] = consent_source
    if allow_duplicate:
        changes["duplicate_confirmed"] = True
    record_audit(actor=actor, action="client.created", target=client, changes=changes)
    return client


SITE_FIELDS = ("label", "address", "town", "location_notes")


def _clean_site(label: str, address: str, town: str, location_notes: str) -> dict[str, str]:
    if not (label or "").strip():
        raise DomainError("label", _("Name the site, e.g. Head office."))
    if not (address or "").strip():
        raise DomainError("address", _("Give the site's address."))
    return {
        "label": label.strip()[:80],
        "address": address.strip(),
        "town": (town or "").strip()[:80],
        "location_notes": (location_notes or "").strip()[:300],
    }


@transaction.atomic
def update_client_site(
    *,
    site: ClientSite,
    actor: Any,
    label: str,
    address: str,
    town: str = "",
    location_notes: str = "",
) -> ClientSite:
    values = _clean_site(label, address, town, location_notes)
    site = ClientSite.objects.select_for_update().select_related("client").get(pk=site.pk)
    before = snapshot(site, SITE_FIELDS)
    for field, value in values.items():
        setattr(site, field, value)
    site.save(update_fields=[*SITE_FIELDS, "updated_at"])
    diff = diff_fields(before, snapshot(site, SITE_FIELDS))
    if diff:
        record_audit(
            actor=actor,
            action="client.site_changed",
            target=site.client,
            changes={"site": site.label, **diff},
        )
    return site


def quotations_naming_site(site: ClientSite) -> tuple[int, int]:
    """(sent or decided quotations, drafts) that name this site."""
    named = Quotation.objects.filter(site=site)
    drafts = named.filter(status=QuotationStatus.DRAFT).count()
    return named.count() - drafts, drafts


@transaction.atomic
def remove_client_site(*, site: ClientSite, actor: Any) -> None:
    """Remove a site. Refused while a quotation already sent names it (the
    client holds that document); drafts that name it lose the site."""
    site = ClientSite.objects.select_for_update().select_related("client").get(pk=site.pk)
    sent, _drafts = quotations_naming_site(site)
    if sent:
        raise DomainError(
            "site",
            _(
                "A quotation sent to the client names this site; it stays on file. "
                "Edit its details instead."
            ),
        )
    label, client = site.label, site.client
    site.delete()
    record_audit(actor=actor, action="client.site_removed", target=client, changes={"site": label})


MERGE_FILL_FIELDS = ("company", "email", "phone", "address", "town")


def _check_mergeable(keep: Client, duplicate: Client) -> None:
    if keep.pk == duplicate.pk:
        raise DomainError("duplicate", _("Choose two different clients."))
    if keep.user_id and duplicate.user_id:
        raise DomainError(
            "duplicate",
            _("Both clients have their own account; they cannot be merged."),
        )


CONSENT_FIELDS = ("marketing_opt_in", "marketing_opt_in_at", "marketing_opt_in_source")


def _duplicate_consent_wins(keep: Client, duplicate: Client) -> bool:
    """Whether the merged record takes the duplicate's marketing consent.

    The later recorded decision is the customer's current wish; without
    dates, a "no" beats a "yes", so a merge never opts in someone who
    withdrew on the other record."""
    if keep.marketing_opt_in == duplicate.marketing_opt_in:
        return False
    keep_at, duplicate_at = keep.marketing_opt_in_at, duplicate.marketing_opt_in_at
    if keep_at and duplicate_at:
        return duplicate_at > keep_at
    if keep_at or duplicate_at:
        return duplicate_at is not None
    return not duplicate.marketing_opt_in


@dataclass(frozen=True)
class MergePreview:
    """What ``merge_clients(keep=, duplicate=)`` would do, for the confirmation page."""

    moves: dict[str, int]
    filled: list[tuple[str, Any]]
    notes_appended: bool
    tags: list[str]
    account_moves: bool
    service_categories: int
    # The records disagree on marketing consent; the merged record then has
    # ``marketing_opt_in`` (see _duplicate_consent_wins).
    consent_differs: bool
    marketing_opt_in: bool


def merge_preview(*, keep: Client, duplicate: Client) -> MergePreview:
    """Count what would move and which blanks would be filled, without
    changing anything. Raises the DomainError the merge itself would raise."""
    _check_mergeable(keep, duplicate)
    moves = {
        "bookings": Booking.objects.filter(client=duplicate).count(),
        "inquiries": Inquiry.objects.filter(client=duplicate).count(),
        "quotations": Quotation.objects.filter(client=duplicate).count(),
        "sites": ClientSite.objects.filter(client=duplicate).count(),
        "invoices": Invoice.objects.filter(client=duplicate).count(),
        "follow_ups": FollowUp.objects.filter(client=duplicate).count(),
        "notifications": Notification.objects.filter(client=duplicate).count(),
    }
    tags = normalize_tags(keep.tag_list + duplicate.tag_list)
    return MergePreview(
        moves=moves,
        filled=[
            (field, getattr(duplicate, field))
            for field in MERGE_FILL_FIELDS
            if not getattr(keep, field) and getattr(duplicate, field)
        ],
        notes_appended=bool(duplicate.notes),
        tags=[t for t in tags.split(",") if t],
        account_moves=bool(duplicate.user_id and not keep.user_id),
        service_categories=duplicate.service_categories.exclude(
            pk__in=keep.service_categories.values("pk")
        ).count(),
        consent_differs=keep.marketing_opt_in != duplicate.marketing_opt_in,
        marketing_opt_in=(
            duplicate if _duplicate_consent_wins(keep, duplicate) else keep
        ).marketing_opt_in,
    )


def merge_clients(*, keep: Client, duplicate: Client, actor: Any) -> Client:
    """Fold ``duplicate`` into ``keep`` and delete it.

    Bookings, inquiries, quotations, sites, invoices, follow-ups, messages
    and service categories move to the kept record; its blank details are
    filled from the duplicate; marketing consent follows the latest decision;
    the duplicate's account link moves when the kept record has none (a
    client with two accounts cannot be merged: one account would lose its
    history). Both rows are locked (in id order, so
    two merges cannot deadlock) and the merge is audited with the counts."""
    if keep.pk == duplicate.pk:
        _check_mergeable(keep, duplicate)
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
        _check_mergeable(keep, duplicate)
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
        for field in MERGE_FILL_FIELDS:
            if not getattr(keep, field) and getattr(duplicate, field):
                setattr(keep, field, getattr(duplicate, field))
                fields.append(field)
        if duplicate.notes:
            keep.notes = "\n\n".join(n for n in (keep.notes, duplicate.notes) if n)
            fields.append("notes")
        if _duplicate_consent_wins(keep, duplicate):
            for field in CONSENT_FIELDS:
                setattr(keep, field, getattr(duplicate, field))
            fields.extend(CONSENT_FIELDS)
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
