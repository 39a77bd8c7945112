"""Creating bookings and moving them along their workflow."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from apps.core.models import AuditLog
from apps.leads.models import BlackoutDate, Booking, BookingStatus, Client
from apps.leads.services import (
    BookingError,
    SlotTaken,
    assign_technicians,
    cancel_booking,
    change_booking_status,
    confirm_booking,
    reschedule_booking,
)
from apps.notifications.models import Notification

from .conftest import NOW, SUNDAY, TUESDAY

pytestmark = pytest.mark.django_db


def test_create_booking_saves_client_audit_and_messages(frozen_now, book):
    booking = book(description="Bedroom unit not cooling")
    assert booking.status == BookingStatus.PENDING
    assert booking.reference.startswith("BK-") and len(booking.reference) == 8
    assert booking.client.email == "peter@example.co.ke"
    assert Client.objects.count() == 1
    assert AuditLog.objects.filter(action="booking.created", target_id=str(booking.pk)).exists()
    keys = set(
        Notification.objects.filter(related_id=str(booking.pk)).values_list(
            "template_key", flat=True
        )
    )
    assert keys == {"booking_received", "booking_staff_alert"}


def test_same_customer_booking_twice_keeps_one_client(frozen_now, book, windows):
    book()
    book(window=windows[1], name="P. Kamau", email="PETER@example.co.ke")
    assert Client.objects.count() == 1


def test_full_window_is_refused_with_alternatives(frozen_now, book, windows):
    book()
    book(email="b@example.co.ke", phone="+254700000004")
    with pytest.raises(SlotTaken) as caught:
        book(email="c@example.co.ke", phone="+254700000005")
    assert caught.value.field == "preferred_time_slot"
    assert caught.value.alternatives[0].label == "10:00–12:00"
    assert Booking.objects.count() == 2


@pytest.mark.parametrize(
    ("date", "field"),
    [
        (dt.date(2026, 3, 1), "preferred_date"),  # past
        (dt.date(2026, 3, 2), "preferred_date"),  # today: below the notice
        (dt.date(2026, 6, 1), "preferred_date"),  # beyond 60 days
        (SUNDAY, "preferred_date"),  # closed
    ],
)
def test_dates_outside_the_rules_are_refused(frozen_now, book, date, field):
    with pytest.raises(BookingError) as caught:
        book(preferred_date=date)
    assert caught.value.field == field
    assert not Booking.objects.exists()


def test_holiday_is_refused_naming_it(frozen_now, book):
    BlackoutDate.objects.create(date=TUESDAY, reason="Jamhuri Day", is_public_holiday=True)
    with pytest.raises(BookingError, match="Jamhuri Day"):
        book()


def test_unbookable_service_is_refused(frozen_now, book, service):
    service.is_bookable = False
    service.save()
    with pytest.raises(BookingError) as caught:
        book()
    assert caught.value.field == "service_slug"


def test_idempotency_key_makes_one_booking(frozen_now, book):
    first = book(idempotency_key="retry-123")
    second = book(idempotency_key="retry-123")
    assert first.pk == second.pk
    assert Booking.objects.count() == 1


def test_workflow_transitions_are_enforced(frozen_now, book, technician_user, admin_user):
    booking = book()
    with pytest.raises(BookingError):  # cannot start a pending visit
        change_booking_status(
            booking=booking, to_status=BookingStatus.IN_PROGRESS, actor=admin_user
        )
    with pytest.raises(BookingError) as caught:  # confirming needs a technician
        change_booking_status(booking=booking, to_status=BookingStatus.CONFIRMED, actor=admin_user)
    assert caught.value.field == "technicians"
    booking = confirm_booking(booking=booking, technicians=[technician_user], actor=admin_user)
    assert booking.status == BookingStatus.CONFIRMED and booking.confirmed_at
    with pytest.raises(BookingError, match="on its day"):  # Monday, the visit is Tuesday
        change_booking_status(
            booking=booking, to_status=BookingStatus.IN_PROGRESS, actor=technician_user
        )
    with pytest.raises(BookingError, match="no-show"):
        change_booking_status(booking=booking, to_status=BookingStatus.NO_SHOW, actor=admin_user)
    frozen_now.move_to(dt.datetime(2026, 3, 3, 8, 20, tzinfo=NOW.tzinfo))
    booking = change_booking_status(
        booking=booking, to_status=BookingStatus.IN_PROGRESS, actor=technician_user
    )
    booking = change_booking_status(
        booking=booking, to_status=BookingStatus.COMPLETED, actor=technician_user
    )
    assert booking.started_at and booking.completed_at
    with pytest.raises(BookingError):
        cancel_booking(booking=booking, reason="too late", actor=admin_user)
    actions = list(
        AuditLog.objects.filter(target_id=str(booking.pk)).values_list("action", flat=True)
    )
    assert {"booking.confirmed", "booking.in_progress", "booking.completed"} <= set(actions)
    keys = set(
        Notification.objects.filter(related_id=str(booking.pk)).values_list(
            "template_key", flat=True
        )
    )
    assert {"booking_confirmed", "booking_completed"} <= keys


def test_cancel_needs_a_reason_and_stamps_the_time(frozen_now, book, admin_user):
    booking = book()
    with pytest.raises(BookingError) as caught:
        cancel_booking(booking=booking, reason="  ", actor=admin_user)
    assert caught.value.field == "cancellation_reason"
    booking = cancel_booking(booking=booking, reason="Customer travelling", actor=admin_user)
    assert booking.status == BookingStatus.CANCELLED and booking.cancelled_at
    assert booking.cancellation_reason == "Customer travelling"


def test_technician_cannot_be_double_assigned(
    frozen_now, book, windows, technician_user, admin_user
):
    first = book()
    second = book(email="b@example.co.ke", phone="+254700000006")
    confirm_booking(booking=first, technicians=[technician_user], actor=admin_user)
    with pytest.raises(BookingError) as caught:
        assign_technicians(booking=second, technicians=[technician_user], actor=admin_user)
    assert caught.value.field == "technicians"
    assert first.reference in caught.value.message
    third = book(window=windows[1], email="c@example.co.ke", phone="+254700000007")
    assign_technicians(booking=third, technicians=[technician_user], actor=admin_user)


def test_client_cannot_be_assigned_as_technician(frozen_now, book, client_user, admin_user):
    with pytest.raises(BookingError):
        assign_technicians(booking=book(), technicians=[client_user], actor=admin_user)


def test_reschedule_moves_places_and_reminders(
    frozen_now, book, windows, technician_user, admin_user, service
):
    wednesday = TUESDAY + dt.timedelta(days=1)
    booking = confirm_booking(
        booking=book(preferred_date=wednesday), technicians=[technician_user], actor=admin_user
    )
    reminders = Notification.objects.filter(
        related_id=str(booking.pk), template_key="booking_reminder"
    )
    assert reminders.exclude(status="cancelled").count() == 2  # 24 h e-mail and 2 h SMS
    moved = reschedule_booking(
        booking=booking,
        preferred_date=wednesday + dt.timedelta(days=1),
        window=windows[2],
        actor=admin_user,
    )
    assert moved.scheduled_start == dt.datetime(2026, 3, 5, 10, 0, tzinfo=dt.UTC)  # 13:00 EAT
    live = reminders.exclude(status="cancelled")
    assert live.count() == 2
    assert all(n.send_after < moved.scheduled_start for n in live)
    assert Notification.objects.filter(
        related_id=str(booking.pk), template_key="booking_rescheduled"
    ).exists()


def test_reminder_already_due_is_not_scheduled(frozen_now, book, technician_user, admin_user):
    # Booked Monday 09:00 for Tuesday 08:00: the 24 h reminder time has passed.
    booking = confirm_booking(booking=book(), technicians=[technician_user], actor=admin_user)
    channels = Notification.objects.filter(
        related_id=str(booking.pk), template_key="booking_reminder"
    ).values_list("channel", flat=True)
    assert list(channels) == ["sms"]


def test_cancelling_cancels_the_reminders(frozen_now, book, technician_user, admin_user):
    booking = confirm_booking(
        booking=book(preferred_date=TUESDAY + dt.timedelta(days=1)),
        technicians=[technician_user],
        actor=admin_user,
    )
    cancel_booking(booking=booking, reason="Customer travelling", actor=admin_user)
    reminders = Notification.objects.filter(
        related_id=str(booking.pk), template_key="booking_reminder"
    )
    assert reminders.count() == 2
    assert set(reminders.values_list("status", flat=True)) == {"cancelled"}


def test_customer_cannot_change_after_the_cutoff(book, windows):
    with time_machine.travel(NOW, tick=False):
        booking = book()
    late = dt.datetime(2026, 3, 2, 9, 0, tzinfo=NOW.tzinfo) + dt.timedelta(hours=23, minutes=30)
    with time_machine.travel(late, tick=False):
        with pytest.raises(BookingError, match="24 hours"):
            cancel_booking(booking=booking, reason="x", actor=None, by_customer=True)
        with pytest.raises(BookingError):
            reschedule_booking(
                booking=booking,
                preferred_date=TUESDAY + dt.timedelta(days=2),
                window=windows[0],
                actor=None,
                by_customer=True,
            )
