"""The suite's own clock option (--now / COOLLIGHT_TEST_NOW, backend/conftest.py):
the session runs at the moment asked, the clock ticks on, and a test's own
time travel comes back to it."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from conftest import parse_test_now

pytestmark = pytest.mark.date_sensitive


def test_the_session_runs_at_the_moment_asked(pytestconfig):
    value = pytestconfig.getoption("--now")
    if not value:
        pytest.skip("the clock is not moved in this run (pass --now to check it)")
    asked = parse_test_now(value)
    now = timezone.now()
    assert asked <= now < asked + dt.timedelta(hours=1)  # where it was put, ticking since
    assert timezone.localdate() == timezone.localtime(now).date()


def test_a_tests_own_travel_comes_back_to_the_session_clock():
    before = timezone.now()
    with time_machine.travel(before - dt.timedelta(days=400), tick=False):
        assert timezone.now() == before - dt.timedelta(days=400)
    after = timezone.now()
    assert before <= after < before + dt.timedelta(minutes=10)


def test_a_moment_without_offset_is_nairobi_time():
    moment = parse_test_now("2028-02-29T18:30")
    assert moment.utcoffset() == dt.timedelta(hours=3)
    assert moment.astimezone(dt.UTC).hour == 15
    with pytest.raises(pytest.UsageError):
        parse_test_now("next friday")
