"""No overbooking, ever: concurrent requests for the last place (PostgreSQL)."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from apps.api.throttles import AnonWriteThrottle
from apps.leads.models import Booking, BookingStatus

from .conftest import NOW, TUESDAY

REQUESTS = 50


def _fire(payloads: list[dict], make_request) -> list:
    barrier = threading.Barrier(len(payloads))
    results: list = [None] * len(payloads)

    def worker(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[i] = make_request(payloads[i])
        except Exception as exc:  # collected and asserted on below
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(payloads))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_requests_for_the_last_place_make_exactly_one_booking(
    service, windows, booking_rules, book, monkeypatch
):
    monkeypatch.setattr(AnonWriteThrottle, "allow_request", lambda self, request, view: True)
    window = windows[0]  # two crews; one is already booked, so one place is left
    with time_machine.travel(NOW, tick=False):
        book(email="early@example.co.ke", phone="+254712999999", window=window)
    url = reverse("v1:leads:booking-create")
    payloads = [
        {
            "service_slug": service.slug,
            "name": f"Customer {i}",
            "email": f"customer{i}@example.co.ke",
            "phone": f"+2547120000{i:02d}",
            "preferred_date": TUESDAY.isoformat(),
            "preferred_time_slot": "08:00",
            "address": "Westlands, Nairobi",
        }
        for i in range(REQUESTS)
    ]

    def post(payload):
        return APIClient().post(url, payload, format="json")

    with time_machine.travel(NOW, tick=False):
        responses = _fire(payloads, post)

    errors = [r for r in responses if isinstance(r, Exception)]
    assert not errors, errors[:3]
    statuses = Counter(r.status_code for r in responses)
    assert statuses == {201: 1, 409: REQUESTS - 1}, statuses
    assert (
        Booking.objects.filter(
            preferred_date=TUESDAY, window=window, status=BookingStatus.PENDING
        ).count()
        == 2
    )
    refused = next(r for r in responses if r.status_code == 409).json()
    assert refused["code"] == "slot_taken"
    assert "preferred_time_slot" in refused["errors"]
    assert refused["alternatives"] and refused["alternatives"][0]["window"] == "10:00–12:00"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_reschedules_into_the_last_place_move_one(service, windows, booking_rules, book):
    """Every path that takes a place locks the same rows: moving into a window
    races like booking into it."""
    from apps.leads.services import BookingError, reschedule_booking

    target = windows[1]
    target.capacity = 2
    target.save()
    with time_machine.travel(NOW, tick=False):
        book(email="early@example.co.ke", phone="+254712999999", window=target)
        bookings = [
            book(
                email=f"m{i}@example.co.ke",
                phone=f"+2547130000{i:02d}",
                window=windows[2 + (i % 2)],
            )
            for i in range(4)
        ]

        def move(booking):
            try:
                reschedule_booking(
                    booking=booking, preferred_date=TUESDAY, window=target, actor=None
                )
                return "moved"
            except BookingError as exc:
                return exc.code

        outcomes = _fire(bookings, move)
    assert Counter(outcomes) == {"moved": 1, "slot_taken": 3}, outcomes
    assert Booking.objects.filter(window=target).count() == 2
