"""Writes about people: registration, profile, passwords and roles.

Every change made on someone's behalf leaves an audit entry; e-mails go out
from tasks enqueued after commit."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from apps.core.services import diff_fields, record_audit, snapshot
from apps.users import roles
from apps.users.models import Role, User, normalize_email

PROFILE_FIELDS = ("full_name", "phone")


def email_taken(email: str, *, exclude_id: Any = None) -> bool:
    qs = User.objects.filter(email__iexact=normalize_email(email))
    if exclude_id is not None:
        qs = qs.exclude(pk=exclude_id)
    return qs.exists()


def _validate_new_password(password: str, user: User) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc


@transaction.atomic
def register_client(*, email: str, password: str, full_name: str = "", phone: Any = "") -> User:
    """Create a client account. Raises ValidationError naming the field."""
    email = normalize_email(email)
    if email_taken(email):
        raise ValidationError({"email": [_("An account with this e-mail already exists.")]})
    user = User(email=email, full_name=full_name.strip(), phone=phone or "", role=Role.CLIENT)
    _validate_new_password(password, user)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:  # a concurrent registration won the race
        raise ValidationError(
            {"email": [_("An account with this e-mail already exists.")]}
        ) from exc
    user.groups.add(Group.objects.get(name=roles.CLIENT))
    record_audit(actor=user, action="user.registered", target=user)
    return user


@transaction.atomic
def update_profile(*, user: User, actor: User | None = None, **changes: Any) -> User:
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Not a profile field: {', '.join(sorted(unknown))}")
    before = snapshot(user, changes)
    for field, value in changes.items():
        setattr(user, field, value.strip() if isinstance(value, str) else value)
    user.full_clean(exclude=["password", "email"])
    user.save(update_fields=[*changes, "updated_at"])
    diff = diff_fields(before, snapshot(user, changes))
    if diff:
        record_audit(actor=actor or user, action="user.profile_updated", target=user, changes=diff)
    return user


@transaction.atomic
def change_password(*, user: User, old_password: str, new_password: str) -> User:
    if not user.check_password(old_password):
        raise ValidationError({"old_password": [_("Your current password is not correct.")]})
    _validate_new_password(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=["password", "updated_at"])
    revoke_refresh_tokens(user)
    record_audit(actor=user, action="user.password_changed", target=user)
    return user


def revoke_refresh_tokens(user: User) -> int:
    """Blacklist every refresh token the person holds, e.g. after a password
    change, so a stolen token stops working."""
    from rest_framework_simplejwt.token_blacklist.models import (
        BlacklistedToken,
        OutstandingToken,
    )

    outstanding = OutstandingToken.objects.filter(user=user, blacklistedtoken__isnull=True)
    BlacklistedToken.objects.bulk_create(
        [BlacklistedToken(token=token) for token in outstanding], ignore_conflicts=True
    )
    return len(outstanding)


def request_password_reset(*, email: str) -> None:
    """E-mail a single-use reset link if an active account has this address.

    Says nothing either way, so the form cannot be used to find accounts. The
    message goes through the notification outbox; the link is rendered into
    the outbox row (never into the broker or the logs), and the row is marked
    sensitive so staff screens do not show it and it is never resent."""
    from apps.notifications.services import queue_notification

    user = User.objects.filter(email__iexact=normalize_email(email), is_active=True).first()
    if user is None or not user.has_usable_password():
        return
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    with transaction.atomic():
        record_audit(actor=None, action="user.password_reset_requested", target=user)
        queue_notification(
            template_key="password_reset",
            to=user.email,
            to_name=user.full_name,
            context={
                "user": {"name": user.get_short_name()},
                "reset_url": f"{settings.SITE_URL}/accounts/reset/{uid}/{token}/",
                "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
            },
            related=user,
        )


def user_from_reset_uid(uidb64: str) -> User | None:
    try:
        pk = force_str(urlsafe_base64_decode(uidb64))
        return User.objects.get(pk=pk, is_active=True)
    except (TypeError, ValueError, OverflowError, ValidationError, User.DoesNotExist):
        return None


@transaction.atomic
def confirm_password_reset(*, uidb64: str, token: str, new_password: str) -> User:
    """Set a new password from an e-mailed link.

    Django's token is tied to the password hash and last login, so it stops
    working once used, and expires after PASSWORD_RESET_TIMEOUT."""
    user = user_from_reset_uid(uidb64)
    if user is None or not default_token_generator.check_token(user, token):
        raise ValidationError(
            {"token": [_("This reset link is invalid or has expired. Ask for a new one.")]}
        )
    _validate_new_password(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=["password", "updated_at"])
    revoke_refresh_tokens(user)
    record_audit(actor=user, action="user.password_reset", target=user)
    return user


@transaction.atomic
def change_user_access(
    *,
    user: User,
    actor: User,
    role: str | None = None,
    group_names: list[str] | None = None,
    is_active: bool | None = None,
) -> User:
    """An administrator changes someone's role, staff groups or active state."""
    if user.pk == actor.pk and (is_active is False or (role and role != user.role)):
        raise ValidationError(
            {"role": [_("You cannot change your own role or deactivate yourself.")]}
        )
    before: dict[str, Any] = {
        "role": user.role,
        "is_active": user.is_active,
        "groups": sorted(user.groups.values_list("name", flat=True)),
    }
    if role is not None:
        if role not in Role.values:
            raise ValidationError({"role": [_("Unknown role.")]})
        user.role = role
    if is_active is not None:
        user.is_active = is_active
    user.save(update_fields=["role", "is_active", "updated_at"])
    if is_active is False:
        revoke_refresh_tokens(user)
    if group_names is not None or role is not None:
        user.groups.set(Group.objects.filter(name__in=_groups_for(user.role, group_names)))
    after = {
        "role": user.role,
        "is_active": user.is_active,
        "groups": sorted(user.groups.values_list("name", flat=True)),
    }
    record_audit(
        actor=actor, action="user.access_changed", target=user, changes=diff_fields(before, after)
    )
    return user


def _groups_for(role: str, group_names: list[str] | None) -> list[str]:
    if role == Role.CLIENT:
        return [roles.CLIENT]
    if role == Role.ADMIN:
        return [roles.ADMINISTRATOR]
    names = list(group_names or [])
    invalid = set(names) - set(roles.STAFF_GROUPS) | ({roles.ADMINISTRATOR} & set(names))
    if invalid:
        raise ValidationError(
            {"groups": [_("Staff can be in Sales, Technician or Content editor.")]}
        )
    return names
