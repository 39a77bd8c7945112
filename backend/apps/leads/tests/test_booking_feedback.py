"""Feedback on a finished visit: once, after completion, audited; and a
signed-in client's booking always lands on their own client record."""

from __future__ import annotations

import pytest

from apps.core.models import AuditLog
from apps.leads.models import BookingFeedback, BookingStatus, Client
from apps.leads.services import (
    BookingError,
    change_booking_status,
    confirm_booking,
    leave_booking_feedback,
)

from .conftest import complete_visit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]


@pytest.fixture
def completed(book, admin_user, technician_user):
    return complete_visit(book(), staff=admin_user, technician=technician_user)


def test_feedback_after_completion_is_recorded_and_audited(completed):
    feedback = leave_booking_feedback(booking=completed, rating=5, comment="  Tidy work ")
    assert (feedback.rating, feedback.comment, feedback.created_by) == (5, "Tidy work", None)
    entry = AuditLog.objects.get(action="booking.feedback")
    assert entry.target_id == str(completed.pk) and entry.changes["rating"] == 5


def test_feedback_only_once(completed, client_user):
    leave_booking_feedback(booking=completed, rating=4, actor=client_user)
    with pytest.raises(BookingError) as exc:
        leave_booking_feedback(booking=completed, rating=1)
    assert exc.value.field == "status"
    assert BookingFeedback.objects.get().rating == 4


@pytest.mark.parametrize("status", ["pending", "confirmed", "cancelled"])
def test_no_feedback_before_completion(book, admin_user, technician_user, status):
    booking = book()
    if status == "confirmed":
        confirm_booking(booking=booking, technicians=[technician_user], actor=admin_user)
    elif status == "cancelled":
        change_booking_status(
            booking=booking, to_status=BookingStatus.CANCELLED, actor=admin_user, reason="x"
        )
    with pytest.raises(BookingError):
        leave_booking_feedback(booking=booking, rating=5)
    assert not BookingFeedback.objects.exists()


@pytest.mark.parametrize("rating", [0, 6, "five", None])
def test_rating_must_be_one_to_five(completed, rating):
    with pytest.raises(BookingError) as exc:
        leave_booking_feedback(booking=completed, rating=rating)
    assert exc.value.field == "rating"


def test_signed_in_client_never_books_on_someone_elses_record(book, client_user, other_client_user):
    theirs = book(user=other_client_user, email=other_client_user.email, phone="+254722000111")
    # Same phone typed by another signed-in client: their own record, not the outsider's.
    mine = book(user=client_user, email="typo@example.co.ke", phone="+254722000111")
    assert theirs.client.user == other_client_user
    assert mine.client.user == client_user and mine.client != theirs.client
    assert Client.objects.filter(user=client_user).count() == 1
