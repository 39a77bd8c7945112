"""Photos of the problem a customer adds to a booking."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import BaseModel


def _photo_path(photo: BookingPhoto, filename: str) -> str:
    # Random, so a path never reveals or guesses another booking's photo.
    return f"private/bookings/{photo.booking_id}/{photo.pk}{filename[filename.rfind('.') :]}"


class BookingPhoto(BaseModel):
    """Stored re-encoded (no EXIF or GPS) and served only through views that
    check the viewer may see the booking."""

    booking = models.ForeignKey(
        "leads.Booking",
        verbose_name=_("booking"),
        on_delete=models.CASCADE,
        related_name="photos",
    )
    file = models.FileField(_("file"), upload_to=_photo_path, max_length=200)
    content_type = models.CharField(max_length=40)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("booking photo")
        verbose_name_plural = _("booking photos")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.booking_id} photo {self.pk}"
