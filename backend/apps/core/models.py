from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField
from solo.models import SingletonModel

from apps.core.business_hours import default_business_hours, validate_business_hours


def _default_currency() -> str:
    return settings.COMPANY_CURRENCY


def _default_vat_rate():
    return settings.COMPANY_VAT_RATE


class BaseModel(models.Model):
    """UUID primary key and creation/update times for every domain table."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class AuditLog(models.Model):
    """Who did what to which record, from where. Append-only.

    The target is stored as type and id (not a foreign key) so the entry
    outlives the record it describes."""

    id = models.BigAutoField(primary_key=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("actor label"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    target_type = models.CharField(_("target type"), max_length=64, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    target_label = models.CharField(_("target"), max_length=255, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=512, blank=True)
    request_id = models.CharField(_("request id"), max_length=128, blank=True)

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="audit_target_idx"),
            models.Index(fields=["actor", "-created_at"], name="audit_actor_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label or 'system'} {self.action}"


class CompanySettings(SingletonModel):
    """The company's own details, edited by administrators, used on every surface."""

    name = models.CharField(_("company name"), max_length=120, default="Global Cool-Light E.A LTD")
    tagline = models.CharField(
        _("tagline"),
        max_length=200,
        blank=True,
        default="Air conditioning, ventilation and refrigeration across East Africa",
    )
    address = models.TextField(_("address"), blank=True, default="Nairobi, Kenya")
    phone_primary = PhoneNumberField(_("main phone"), blank=True)
    phone_secondary = PhoneNumberField(_("second phone"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True, default="info@coollight.co.ke")
    whatsapp_number = PhoneNumberField(_("WhatsApp number"), blank=True)
    business_hours = models.JSONField(
        _("business hours"),
        default=default_business_hours,
        validators=[validate_business_hours],
        help_text=_('Per weekday, e.g. {"mon": [["08:00", "17:00"]], "sun": []}.'),
    )
    currency = models.CharField(_("currency"), max_length=3, default=_default_currency)
    vat_rate = models.DecimalField(
        _("VAT rate (%)"),
        max_digits=5,
        decimal_places=2,
        default=_default_vat_rate,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    kra_pin = models.CharField(_("KRA PIN"), max_length=20, blank=True)
    quote_validity_days = models.PositiveSmallIntegerField(
        _("quotes valid for (days)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    invoice_due_days = models.PositiveSmallIntegerField(
        _("invoices due after (days)"),
        default=14,
        validators=[MinValueValidator(0), MaxValueValidator(365)],
    )
    quote_terms = models.TextField(_("quotation terms"), blank=True)
    invoice_terms = models.TextField(_("invoice terms"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="company/", blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("company settings")
        verbose_name_plural = _("company settings")

    def __str__(self) -> str:
        return str(self.name)

    def clean(self) -> None:
        if self.currency and (len(self.currency) != 3 or not self.currency.isalpha()):
            raise ValidationError({"currency": _("Use a three-letter ISO code, e.g. KES.")})
        self.currency = (self.currency or "").upper()


class DocumentCounter(models.Model):
    """The last number handed out per document series and year (quotations,
    invoices…). Locked with ``select_for_update`` inside the transaction that
    creates the document, so numbers are unique and leave no gaps: a rolled
    back document rolls its number back with it. See ``apps.core.numbering``."""

    id = models.BigAutoField(primary_key=True)
    series = models.CharField(_("series"), max_length=16)
    year = models.PositiveSmallIntegerField(_("year"))
    last_value = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("document counter")
        verbose_name_plural = _("document counters")
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="one_counter_per_series_year")
        ]

    def __str__(self) -> str:
        return f"{self.series}-{self.year}: {self.last_value}"
