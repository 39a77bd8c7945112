from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from apps.core.models import BaseModel


class Role(models.TextChoices):
    """Which portal a person belongs to. What they may do inside it comes from
    their groups (Administrator, Sales, Technician, Content editor, Client)."""

    ADMIN = "admin", _("Administrator")
    STAFF = "staff", _("Staff")
    CLIENT = "client", _("Client")


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=normalize_email(username or ""))

    def _create(self, email: str, password: str | None, **fields: object) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=normalize_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields: object) -> User:
        fields.setdefault("role", Role.CLIENT)
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields: object) -> User:
        fields.update(role=Role.ADMIN, is_staff=True, is_superuser=True)
        return self._create(email, password, **fields)


class User(BaseModel, AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    phone = PhoneNumberField(_("phone"), blank=True)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.CLIENT)
    is_active = models.BooleanField(_("active"), default=True)
    # Only for the Django admin escape hatch; the admin portal goes by role.
    is_staff = models.BooleanField(_("Django admin access"), default=False)
    email_verified_at = models.DateTimeField(_("e-mail verified at"), null=True, blank=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="users_user_email_ci_unique"),
        ]
        indexes = [models.Index(fields=["role", "is_active"], name="users_role_active_idx")]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = normalize_email(self.email)

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return (self.full_name.split() or [self.email])[0]

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_staff_member(self) -> bool:
        """Belongs to the admin portal (administrators and staff)."""
        return self.role in (Role.ADMIN, Role.STAFF)

    @property
    def is_client(self) -> bool:
        return self.role == Role.CLIENT
