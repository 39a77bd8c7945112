from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from apps.core.models import BaseModel


class ConsentSource(models.TextChoices):
    WEBSITE_FORM = "website_form", _("Website form")
    PORTAL = "portal", _("Client portal")
    STAFF = "staff", _("Recorded by staff")
    IMPORT = "import", _("Imported")
    UNSUBSCRIBE_LINK = "unsubscribe_link", _("Unsubscribe link")
    EMAIL_CONFIRMED = "email_confirmed", _("Website form, confirmed by e-mail")


class Client(BaseModel):
    """A customer: a person or a company we serve, with or without an account.

    Created or matched by e-mail/phone when someone books or asks for a quote,
    so one customer keeps one history."""

    name = models.CharField(_("name"), max_length=150)
    company = models.CharField(_("company"), max_length=150, blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = PhoneNumberField(_("phone"), blank=True)
    address = models.TextField(_("address"), blank=True)
    town = models.CharField(_("town"), max_length=80, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="client",
    )
    notes = models.TextField(_("internal notes"), blank=True)
    # Stored as ``,vip,hotel,`` (apps.media.models.normalize_tags) so a tag
    # filter is one ``contains`` on every database.
    tags = models.CharField(_("tags"), max_length=400, blank=True, db_index=True)
    # What the client has used or asked about; campaign segments select on it.
    # Bookings and inquiries will add to it; staff can set it by hand.
    service_categories = models.ManyToManyField(
        "services.ServiceCategory",
        verbose_name=_("services used or asked about"),
        blank=True,
        related_name="clients",
    )

    # Which channels the customer accepts, and marketing consent with its record.
    accepts_email = models.BooleanField(_("accepts e-mail"), default=True)
    accepts_sms = models.BooleanField(_("accepts SMS"), default=True)
    accepts_whatsapp = models.BooleanField(_("WhatsApp link in e-mails"), default=True)
    marketing_opt_in = models.BooleanField(_("marketing opt-in"), default=False)
    marketing_opt_in_at = models.DateTimeField(_("consent changed at"), null=True, blank=True)
    marketing_opt_in_source = models.CharField(
        _("consent source"), max_length=32, choices=ConsentSource.choices, blank=True
    )

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        ordering = ["name"]
        indexes = [
            models.Index(Lower("email"), name="client_email_ci_idx"),
            models.Index(fields=["phone"], name="client_phone_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.company})" if self.company else self.name

    @property
    def tag_list(self) -> list[str]:
        return [t for t in self.tags.split(",") if t]


class ClientSite(BaseModel):
    """A place where we work for a client (a home, an office floor, a cold room)."""

    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.CASCADE, related_name="sites"
    )
    label = models.CharField(_("label"), max_length=80, help_text=_("e.g. Head office, Home"))
    address = models.TextField(_("address"))
    town = models.CharField(_("town"), max_length=80, blank=True)
    location_notes = models.CharField(_("directions"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("client site")
        verbose_name_plural = _("client sites")
        ordering = ["label"]

    def __str__(self) -> str:
        return f"{self.label}: {self.address.splitlines()[0] if self.address else ''}"
