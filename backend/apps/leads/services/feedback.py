"""The customer's word on a finished visit: once, after completion."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from apps.core.services import record_audit
from apps.leads.models import Booking, BookingFeedback, BookingStatus
from apps.leads.services.bookings import BookingError
from apps.users.models import User


def leave_booking_feedback(
    *, booking: Booking, rating: int, comment: str = "", actor: User | None = None
) -> BookingFeedback:
    """Record the customer's rating (1-5) and comment on a completed visit.

    Raises BookingError naming the field: ``status`` before completion or
    when feedback was already given, ``rating`` outside 1-5."""
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise BookingError("rating", _("Choose from 1 to 5 stars."))
    comment = (comment or "").strip()[:2000]
    try:
        with transaction.atomic():
            booking = Booking.objects.select_for_update().get(pk=booking.pk)
            if booking.status != BookingStatus.COMPLETED:
                raise BookingError(
                    "status", _("You can leave feedback once the visit is completed.")
                )
            if BookingFeedback.objects.filter(booking=booking).exists():
                raise BookingError("status", _("Thank you, we already have your feedback."))
            person = actor if actor is not None and actor.is_authenticated else None
            feedback = BookingFeedback.objects.create(
                booking=booking, rating=rating, comment=comment, created_by=person
            )
            record_audit(
                actor=person,
                action="booking.feedback",
                target=booking,
                changes={"rating": rating, "comment": bool(comment)},
            )
            return feedback
    except IntegrityError:
        # Two submits raced past the check: the first one counts.
        raise BookingError("status", _("Thank you, we already have your feedback.")) from None
