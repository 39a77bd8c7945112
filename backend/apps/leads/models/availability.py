"""When the company can send crews out: arrival windows, their capacity,
closed dates, and the booking rules (notice, horizon, cut-off)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from solo.models import SingletonModel

from apps.core.models import BaseModel


class BookingSettings(SingletonModel):
    min_notice_days = models.PositiveSmallIntegerField(
        _("minimum notice (days)"),
        default=1,
        validators=[MaxValueValidator(30)],
        help_text=_("1 = the earliest visit is the next working day."),
    )
    horizon_days = models.PositiveSmallIntegerField(
        _("bookings open (days ahead)"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    change_cutoff_hours = models.PositiveSmallIntegerField(
        _("customers may reschedule or cancel until (hours before)"),
        default=24,
        validators=[MaxValueValidator(168)],
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("booking settings")

    def __str__(self) -> str:
        return str(_("Booking settings"))


class ArrivalWindow(BaseModel):
    """A fixed arrival window (e.g. 08:00-10:00) and how many crews can go out in it."""

    label = models.CharField(_("label"), max_length=40, blank=True)
    start_time = models.TimeField(_("starts"))
    end_time = models.TimeField(_("ends"))
    capacity = models.PositiveSmallIntegerField(
        _("crews available"), default=2, validators=[MaxValueValidator(50)]
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("arrival window")
        verbose_name_plural = _("arrival windows")
        ordering = ["start_time"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_time__lt=models.F("end_time")),
                name="window_starts_before_it_ends",
            ),
        ]

    def __str__(self) -> str:
        return self.label or f"{self.start_time:%H:%M}–{self.end_time:%H:%M}"

    @property
    def minutes(self) -> int:
        start = dt.datetime.combine(dt.date.min, self.start_time)
        end = dt.datetime.combine(dt.date.min, self.end_time)
        return int((end - start).total_seconds() // 60)

    def clean(self) -> None:
        if self.start_time and self.end_time and self.start_time >= self.end_time:
            raise ValidationError({"end_time": _("The window must end after it starts.")})


class CategoryWindowLimit(BaseModel):
    """At most this many visits of one service category in a window
    (e.g. only one cold-room crew)."""

    category = models.ForeignKey(
        "services.ServiceCategory", on_delete=models.CASCADE, related_name="window_limits"
    )
    window = models.ForeignKey(ArrivalWindow, on_delete=models.CASCADE, related_name="limits")
    capacity = models.PositiveSmallIntegerField(_("visits at most"), default=1)

    class Meta:
        verbose_name = _("category limit")
        constraints = [
            models.UniqueConstraint(fields=["category", "window"], name="one_limit_per_category")
        ]


class BlackoutDate(BaseModel):
    date = models.DateField(_("date"), unique=True)
    reason = models.CharField(_("reason"), max_length=120)
    is_public_holiday = models.BooleanField(_("public holiday"), default=False)

    class Meta:
        verbose_name = _("closed date")
        verbose_name_plural = _("closed dates")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.reason}"


class SlotLock(models.Model):
    """One row per (date, window): the row every booking path locks before it
    counts and writes, so two requests can never both take the last place."""

    id = models.BigAutoField(primary_key=True)
    date = models.DateField()
    window = models.ForeignKey(ArrivalWindow, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["date", "window"], name="one_lock_per_slot")]

    def __str__(self) -> str:
        return f"{self.date} {self.window_id}"
