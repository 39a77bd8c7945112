"""Photos a customer adds to a booking, checked like media-library uploads."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.services import record_audit
from apps.leads.models import Booking, BookingPhoto, BookingStatus
from apps.media.services import CleanImage, clean_image_upload


def max_photos() -> int:
    return getattr(settings, "BOOKING_MAX_PHOTOS", 5)


def clean_booking_photos(uploads: Sequence[Any], *, already: int = 0) -> list[CleanImage]:
    """Check every file before anything is saved, so one bad photo never
    leaves a booking half-made. Errors name the ``photos`` field."""
    uploads = [u for u in uploads if u]
    if already + len(uploads) > max_photos():
        raise ValidationError(
            {"photos": [_("Add at most %(n)d photos to a booking.") % {"n": max_photos()}]}
        )
    cleaned = []
    for upload in uploads:
        try:
            cleaned.append(clean_image_upload(upload))
        except ValidationError as exc:
            name = getattr(upload, "name", "") or _("a file")
            messages = exc.message_dict.get("file", exc.messages)
            raise ValidationError(
                {"photos": [f"{name}: {message}" for message in messages]}
            ) from exc
    return cleaned


def store_booking_photos(
    *, booking: Booking, photos: Sequence[CleanImage], actor: Any = None
) -> list[BookingPhoto]:
    """Save already-checked photos; call inside the booking's transaction."""
    stored = []
    person = actor if getattr(actor, "is_authenticated", False) else None
    for clean in photos:
        photo = BookingPhoto(
            booking=booking,
            content_type=clean.content_type,
            width=clean.width,
            height=clean.height,
            size=len(clean.data),
            added_by=person,
        )
        photo.file.save(f"photo.{clean.extension}", ContentFile(clean.data), save=False)
        photo.save()
        stored.append(photo)
    if stored:
        record_audit(
            actor=actor,
            action="booking.photos_added",
            target=booking,
            changes={"photos": len(stored)},
        )
    return stored


@transaction.atomic
def add_booking_photos(
    *, booking: Booking, uploads: Sequence[Any], actor: Any = None
) -> list[BookingPhoto]:
    """A customer (or staff) adds photos to an open booking."""
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.status in (BookingStatus.CANCELLED, BookingStatus.NO_SHOW):
        raise ValidationError({"photos": [_("This visit is closed.")]})
    cleaned = clean_booking_photos(
        uploads, already=BookingPhoto.objects.filter(booking=booking).count()
    )
    if not cleaned:
        raise ValidationError({"photos": [_("Choose at least one photo.")]})
    return store_booking_photos(booking=booking, photos=cleaned, actor=actor)
