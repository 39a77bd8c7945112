"""Quotations: priced line items, versions, and the customer's decision."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import BaseModel


class QuotationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    EXPIRED = "expired", _("Expired")
    SUPERSEDED = "superseded", _("Replaced by a newer version")


class PdfStatus(models.TextChoices):
    NONE = "", _("Not rendered")
    PENDING = "pending", _("Rendering")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class RejectionReason(models.TextChoices):
    PRICE = "price", _("The price is too high")
    SCOPE = "scope", _("The work is not what I need")
    TIMING = "timing", _("The timing does not suit me")
    OTHER_SUPPLIER = "other_supplier", _("I chose another supplier")
    NOT_NEEDED = "not_needed", _("I no longer need the work")
    OTHER = "other", _("Another reason")


class Quotation(BaseModel):
    """One version of a quotation. A revision is a new row with the same
    number and ``version + 1``; the old row becomes *superseded*."""

    number = models.CharField(_("number"), max_length=20, db_index=True)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    client = models.ForeignKey(
        "leads.Client",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="quotations",
    )
    inquiry = models.ForeignKey(
        "leads.Inquiry",
        verbose_name=_("inquiry"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quotations",
    )
    booking = models.ForeignKey(
        "leads.Booking",
        verbose_name=_("booking"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quotations",
    )
    site = models.ForeignKey(
        "leads.ClientSite",
        verbose_name=_("site"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quotations",
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=QuotationStatus.choices,
        default=QuotationStatus.DRAFT,
        db_index=True,
    )
    currency = models.CharField(_("currency"), max_length=3)
    valid_until = models.DateField(_("valid until"))
    terms = models.TextField(_("terms"), blank=True)
    notes = models.TextField(_("notes to the client"), blank=True)
    internal_notes = models.TextField(_("internal notes"), blank=True)

    # Computed by the server (apps.leads.services.pricing), never sent by a client.
    subtotal = models.DecimalField(_("subtotal"), max_digits=14, decimal_places=2, default=0)
    discount_total = models.DecimalField(_("discount"), max_digits=14, decimal_places=2, default=0)
    tax_total = models.DecimalField(_("tax"), max_digits=14, decimal_places=2, default=0)
    total = models.DecimalField(_("total"), max_digits=14, decimal_places=2, default=0)

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("salesperson"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quotations",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    rejected_at = models.DateTimeField(_("rejected at"), null=True, blank=True)
    expired_at = models.DateTimeField(_("expired at"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("replaced at"), null=True, blank=True)

    # The customer's answer.
    signer_name = models.CharField(_("signed by"), max_length=150, blank=True)
    signer_ip = models.GenericIPAddressField(_("signer IP"), null=True, blank=True)
    signer_user_agent = models.CharField(_("signer browser"), max_length=512, blank=True)
    rejection_reason = models.CharField(
        _("rejection reason"), max_length=20, choices=RejectionReason.choices, blank=True
    )
    rejection_note = models.TextField(_("rejection details"), blank=True)
    changes_requested_at = models.DateTimeField(_("changes requested at"), null=True, blank=True)
    change_request = models.TextField(_("changes asked for"), blank=True)

    # The PDF of this version, in the private storage.
    pdf_file = models.CharField(_("PDF"), max_length=255, blank=True)
    pdf_status = models.CharField(
        _("PDF status"), max_length=8, choices=PdfStatus.choices, default=PdfStatus.NONE, blank=True
    )
    pdf_error = models.CharField(_("PDF error"), max_length=500, blank=True)
    pdf_rendered_at = models.DateTimeField(_("PDF rendered at"), null=True, blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 of the sent PDF"), max_length=64, blank=True)
    sent_email_queued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("quotation")
        verbose_name_plural = _("quotations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["number", "version"], name="quotation_number_version"),
        ]
        indexes = [
            models.Index(fields=["status", "valid_until"], name="quotation_status_valid_idx"),
            models.Index(fields=["client", "-created_at"], name="quotation_client_idx"),
        ]

    def __str__(self) -> str:
        return self.display_number

    @property
    def display_number(self) -> str:
        return self.number if self.version == 1 else f"{self.number} v{self.version}"

    @property
    def pdf_filename(self) -> str:
        return f"{self.number}-v{self.version}.pdf"

    @property
    def is_editable(self) -> bool:
        return self.status == QuotationStatus.DRAFT


class QuotationLine(models.Model):
    id = models.BigAutoField(primary_key=True)
    quotation = models.ForeignKey(Quotation, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    service = models.ForeignKey(
        "services.Service",
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = models.CharField(_("description"), max_length=500)
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    unit = models.CharField(_("unit"), max_length=20, blank=True, default="pc")
    unit_price = models.DecimalField(
        _("unit price"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    discount_percent = models.DecimalField(
        _("discount (%)"),
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    tax_rate = models.DecimalField(_("tax rate (%)"), max_digits=5, decimal_places=2)
    is_optional = models.BooleanField(_("optional"), default=False)
    # For optional lines: whether it is in the price (the client ticks it when accepting).
    is_selected = models.BooleanField(_("included"), default=True)
    # Computed: gross = quantity × unit price; net = gross − discount; total = net + tax.
    gross_amount = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    discount_amount = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    net_amount = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    tax_amount = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    line_total = models.DecimalField(max_digits=14, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("quotation line")
        verbose_name_plural = _("quotation lines")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="quotation_line_quantity_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(unit_price__gte=0), name="quotation_line_price_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def counts(self) -> bool:
        """Whether the line is in the quotation's totals."""
        return not self.is_optional or self.is_selected
