"""A customer's visit: what, where, when, who goes, and where it stands."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import BaseModel


class BookingStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    CONFIRMED = "confirmed", _("Confirmed")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    NO_SHOW = "no_show", _("No show")


# Bookings in these states hold their place in the schedule.
ACTIVE_STATUSES = (BookingStatus.PENDING, BookingStatus.CONFIRMED, BookingStatus.IN_PROGRESS)
# A visit in these states can still be moved to another date or window (by
# staff at any time; by the customer until the cut-off, see
# ``apps.leads.services.bookings.check_movable``).
MOVABLE_STATUSES = (BookingStatus.PENDING, BookingStatus.CONFIRMED)


class BookingSource(models.TextChoices):
    WEB = "web", _("Website")
    API = "api", _("API")
    ADMIN = "admin", _("Admin portal")
    PHONE = "phone", _("Phone call")
    PORTAL = "portal", _("Client portal")


class Booking(BaseModel):
    reference = models.CharField(_("reference"), max_length=12, unique=True)
    service = models.ForeignKey(
        "services.Service",
        verbose_name=_("service"),
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    client = models.ForeignKey(
        "leads.Client",
        verbose_name=_("client"),
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    contact_name = models.CharField(_("contact name"), max_length=150)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    site_address = models.TextField(_("site address"))
    location_notes = models.CharField(_("directions"), max_length=300, blank=True)
    preferred_date = models.DateField(_("date"), db_index=True)
    window = models.ForeignKey(
        "leads.ArrivalWindow",
        verbose_name=_("arrival window"),
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    # The visit's span in UTC (the window's start to the end of its last window).
    scheduled_start = models.DateTimeField(_("starts"), db_index=True)
    scheduled_end = models.DateTimeField(_("ends"))
    description = models.TextField(_("what needs doing"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=BookingStatus.choices, default=BookingStatus.PENDING
    )
    admin_notes = models.TextField(_("internal notes"), blank=True)
    technicians = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("technicians"),
        blank=True,
        related_name="assigned_bookings",
    )
    source = models.CharField(
        _("source"), max_length=16, choices=BookingSource.choices, default=BookingSource.WEB
    )
    cancellation_reason = models.CharField(_("cancellation reason"), max_length=300, blank=True)
    idempotency_key = models.CharField(max_length=80, null=True, blank=True, unique=True)
    # Bumped to revoke every tracking link sent so far.
    token_version = models.PositiveSmallIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    no_show_at = models.DateTimeField(_("marked no-show at"), null=True, blank=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["-scheduled_start"]
        # Beyond view/change: what only dispatchers (sales, administrators)
        # do. Without view_all_bookings a member of staff sees the visits
        # they are assigned to (apps.leads.selectors.bookings_visible_to).
        permissions = [
            ("view_all_bookings", "Can see every booking, not only their own visits"),
            ("export_booking", "Can export bookings to CSV"),
            ("cancel_booking", "Can cancel a booking"),
            ("assign_booking", "Can confirm a booking, move it and choose its technicians"),
        ]
        indexes = [
            models.Index(fields=["status", "preferred_date"], name="booking_status_date_idx"),
            models.Index(fields=["client", "-scheduled_start"], name="booking_client_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_movable(self) -> bool:
        """Its status still lets the visit move (the customer's cut-off aside)."""
        return self.status in MOVABLE_STATUSES


class BookingSlot(models.Model):
    """Which (date, window) places a booking occupies; a long visit takes several."""

    id = models.BigAutoField(primary_key=True)
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="slots")
    date = models.DateField()
    window = models.ForeignKey("leads.ArrivalWindow", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["booking", "date", "window"], name="slot_once")
        ]
        indexes = [models.Index(fields=["date", "window"], name="bookingslot_date_window_idx")]

    def __str__(self) -> str:
        return f"{self.booking_id} {self.date} {self.window_id}"
