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
