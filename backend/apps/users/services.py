"""Writes about people: registration, profile, passwords and roles.

Every change made on someone's behalf leaves an audit entry; e-mails are
written to the notification outbox in the same transaction."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from apps.core.names import clean_person_name
from apps.core.services import diff_fields, record_audit, snapshot
from apps.notifications.services import queue_notification
from apps.users import roles
from apps.users.models import Role, User, normalize_email
from apps.users.signals import email_verified

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
    full_name = clean_person_name(full_name, field="full_name", required=False)
    user = User(email=email, full_name=full_name, phone=phone or "", role=Role.CLIENT)
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
    request_email_verification(user=user)
    return user


@transaction.atomic
def update_profile(*, user: User, actor: User | None = None, **changes: Any) -> User:
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Not a profile field: {', '.join(sorted(unknown))}")
    if "full_name" in changes:
        changes["full_name"] = clean_person_name(
            changes["full_name"], field="full_name", required=False
        )
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
    outstanding = OutstandingToken.objects.filter(user=user, blacklistedtoken__isnull=True)
    BlacklistedToken.objects.bulk_create(
        [BlacklistedToken(token=token) for token in outstanding], ignore_conflicts=True
    )
    return len(outstanding)


def request_password_reset(*, email: str) -> None:
    """E-mail a single-use reset link if an active account has this address.

    Says nothing either way, so the form cannot be used to find accounts."""

    user = User.objects.filter(email__iexact=normalize_email(email), is_active=True).first()
    if user is None or not user.has_usable_password():
        return
    with transaction.atomic():
        record_audit(actor=None, action="user.password_reset_requested", target=user)
        _queue_account_email(
            "password_reset",
            user,
            to=user.email,
            context={
                "reset_url": _password_link(user),
                "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
            },
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
    fields = ["password", "updated_at"]
    if user.email_verified_at is None:
        # The link came to this address (a reset or a staff invitation).
        user.email_verified_at = timezone.now()
        fields.append("email_verified_at")
    user.save(update_fields=fields)
    revoke_refresh_tokens(user)
    record_audit(actor=user, action="user.password_reset", target=user)
    if "email_verified_at" in fields:
        email_verified.send(sender=User, user=user)
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


# --- Staff invitations ------------------------------------------------------


@transaction.atomic
def invite_staff(
    *,
    actor: User,
    email: str,
    full_name: str = "",
    role: str = Role.STAFF,
    group_names: list[str] | None = None,
) -> User:
    """Create a staff account with no password and e-mail a link to set one.

    The link is the password-reset link (single use, expires), so following
    it also proves the address."""

    email = normalize_email(email)
    if role not in (Role.ADMIN, Role.STAFF):
        raise ValidationError({"role": [_("Invite staff as Administrator or Staff.")]})
    if email_taken(email):
        raise ValidationError({"email": [_("An account with this e-mail already exists.")]})
    groups = _groups_for(role, group_names)
    if role == Role.STAFF and not groups:
        raise ValidationError({"groups": [_("Choose at least one group for a staff member.")]})
    full_name = clean_person_name(full_name, field="full_name", required=False)
    user = User(email=email, full_name=full_name, role=role)
    user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"email": [_("An account with this e-mail already exists.")]}
        ) from exc
    user.groups.set(Group.objects.filter(name__in=groups))
    record_audit(
        actor=actor,
        action="user.invited",
        target=user,
        changes={"role": [None, role], "groups": [None, sorted(groups)]},
    )
    _queue_account_email(
        "staff_invite",
        user,
        to=user.email,
        context={
            "invited_by": {"name": str(actor)},
            "invite_url": _password_link(user),
            "role": ", ".join(groups) or user.get_role_display(),
            "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        },
    )
    return user


def _password_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return f"{settings.SITE_URL}/accounts/reset/{uid}/{token}/"


def _queue_account_email(key: str, user: User, *, to: str, context: dict[str, Any]) -> None:
    """Account e-mails (reset, invitation, verification, address change) go
    through the notification outbox like every other message. Their links are
    secrets: rendered into the outbox row only, never into the broker or the
    logs; the templates are marked sensitive, so staff screens hide them and
    they are never resent."""
    queue_notification(
        template_key=key,
        to=to,
        to_name=user.full_name,
        context={"user": {"name": user.get_short_name()}, **context},
        related=user,
    )


# --- E-mail verification and address change -----------------------------------

_VERIFY_SALT = "users.verify-email"
_CHANGE_SALT = "users.change-email"


def make_email_verification_token(user: User) -> str:
    """A signed, timestamped token naming the person and the address checked.

    It stops working once used: verifying is only done while the address is
    unverified, and it names the address, so it dies when the address changes."""
    return signing.dumps({"u": str(user.pk), "e": user.email}, salt=_VERIFY_SALT, compress=True)


def make_email_change_token(user: User, new_email: str) -> str:
    return signing.dumps(
        {"u": str(user.pk), "old": user.email, "new": normalize_email(new_email)},
        salt=_CHANGE_SALT,
        compress=True,
    )


def _load_token(token: str, salt: str) -> dict[str, Any]:
    try:
        data = signing.loads(token, salt=salt, max_age=settings.EMAIL_VERIFICATION_MAX_AGE)
    except signing.BadSignature:  # includes SignatureExpired
        data = None
    if not isinstance(data, dict):
        raise ValidationError(
            {"token": [_("This link is invalid or has expired. Ask for a new one.")]}
        )
    return data


def request_email_verification(*, user: User) -> None:
    """E-mail the person a link that confirms their address."""
    if user.email_verified_at is not None:
        return
    token = make_email_verification_token(user)
    _queue_account_email(
        "verify_email",
        user,
        to=user.email,
        context={
            "verify_url": f"{settings.SITE_URL}/accounts/verify-email/{token}/",
            "valid_hours": settings.EMAIL_VERIFICATION_MAX_AGE // 3600,
        },
    )


@transaction.atomic
def verify_email(*, token: str) -> User:
    data = _load_token(token, _VERIFY_SALT)
    user = User.objects.select_for_update().filter(pk=str(data.get("u")), is_active=True).first()
    if user is None or user.email != data.get("e"):
        raise ValidationError(
            {"token": [_("This link is invalid or has expired. Ask for a new one.")]}
        )
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at", "updated_at"])
        record_audit(actor=user, action="user.email_verified", target=user)
        email_verified.send(sender=User, user=user)
    return user


def request_email_change(*, user: User, new_email: str, password: str) -> None:
    """Send a confirmation link to the new address; nothing changes until it
    is followed. The current password is asked so a borrowed session cannot
    move the account to someone else's address."""

    new_email = normalize_email(new_email)
    if not user.check_password(password):
        raise ValidationError({"password": [_("Your current password is not correct.")]})
    if new_email == user.email:
        raise ValidationError({"email": [_("This is already your e-mail address.")]})
    if email_taken(new_email, exclude_id=user.pk):
        raise ValidationError({"email": [_("An account with this e-mail already exists.")]})
    with transaction.atomic():
        record_audit(
            actor=user,
            action="user.email_change_requested",
            target=user,
            changes={"email": [user.email, new_email]},
        )
        token = make_email_change_token(user, new_email)
        # To the *new* address: following the link proves the person reads it.
        _queue_account_email(
            "email_change",
            user,
            to=new_email,
            context={
                "new_email": new_email,
                "confirm_url": f"{settings.SITE_URL}/accounts/email/confirm/{token}/",
                "valid_hours": settings.EMAIL_VERIFICATION_MAX_AGE // 3600,
            },
        )


@transaction.atomic
def confirm_email_change(*, token: str) -> User:
    data = _load_token(token, _CHANGE_SALT)
    user = User.objects.select_for_update().filter(pk=str(data.get("u")), is_active=True).first()
    # Names the old address: once used (or after any other change) it is dead.
    if user is None or user.email != data.get("old"):
        raise ValidationError(
            {"token": [_("This link is invalid or has expired. Ask for a new one.")]}
        )
    new_email = normalize_email(data.get("new", ""))
    if email_taken(new_email, exclude_id=user.pk):
        raise ValidationError({"email": [_("An account with this e-mail already exists.")]})
    old_email = user.email
    user.email = new_email
    user.email_verified_at = timezone.now()
    try:
        with transaction.atomic():
            user.save(update_fields=["email", "email_verified_at", "updated_at"])
    except IntegrityError as exc:
        raise ValidationError(
            {"email": [_("An account with this e-mail already exists.")]}
        ) from exc
    record_audit(
        actor=user,
        action="user.email_changed",
        target=user,
        changes={"email": [old_email, new_email]},
    )
    email_verified.send(sender=User, user=user)
    return user


# --- Two-factor authentication (django-otp) --------------------------------

BACKUP_CODE_COUNT = 10


def confirmed_totp_device(user: User) -> Any:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_two_factor(user: User) -> bool:
    return bool(user_has_device(user, confirmed=True))


@transaction.atomic
def start_totp_enrolment(*, user: User) -> Any:
    """An unconfirmed authenticator-app device (reused while enrolment is
    unfinished), whose secret the enrolment page shows as a QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    return device


def _new_backup_codes(user: User) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="backup", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _i in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


@transaction.atomic
def confirm_totp_enrolment(*, user: User, device_id: Any, token: str) -> list[str]:
    """Confirm the device with a code from the app; returns fresh backup codes
    (shown once)."""
    device = TOTPDevice.objects.select_for_update().filter(pk=device_id, user=user).first()
    if device is None or not device.verify_token((token or "").replace(" ", "")):
        raise ValidationError(
            {"token": [_("That code did not match. Check the time on your phone and try again.")]}
        )
    device.confirmed = True
    device.save()
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    codes = _new_backup_codes(user)
    record_audit(actor=user, action="user.2fa_enabled", target=user)
    return codes


@transaction.atomic
def regenerate_backup_codes(*, user: User) -> list[str]:
    if not has_two_factor(user):
        raise ValidationError({"token": [_("Turn on two-step sign-in first.")]})
    codes = _new_backup_codes(user)
    record_audit(actor=user, action="user.2fa_backup_codes_regenerated", target=user)
    return codes


@transaction.atomic
def disable_two_factor(*, user: User, password: str) -> None:
    if not user.check_password(password):
        raise ValidationError({"password": [_("Your current password is not correct.")]})
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    record_audit(actor=user, action="user.2fa_disabled", target=user)


def verify_second_factor(*, user: User, token: str) -> Any:
    """The device that accepts this code (authenticator code or a backup
    code, which is then used up), or None."""
    token = (token or "").replace(" ", "").strip()
    if not token:
        return None
    for device in devices_for_user(user, confirmed=True):
        if device.verify_token(token):
            if device.__class__.__name__ == "StaticDevice":
                record_audit(actor=user, action="user.2fa_backup_code_used", target=user)
            return device
    return None
