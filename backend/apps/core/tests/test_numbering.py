"""Document numbers carry the company's year: at the turn of the year in
Nairobi the series restarts, although UTC still has the old year."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apps.core.numbering import next_number

pytestmark = [pytest.mark.django_db, pytest.mark.date_sensitive]


def _number() -> str:
    with transaction.atomic():
        return next_number("Q")


def test_numbers_restart_with_the_local_year_not_utc():
    local = ZoneInfo(settings.TIME_ZONE)
    year = timezone.localdate().year
    new_year = dt.datetime(year + 1, 1, 1, tzinfo=local)
    with time_machine.travel(new_year - dt.timedelta(minutes=30), tick=False):
        assert _number() == f"Q-{year}-0001"
        assert _number() == f"Q-{year}-0002"
    half_past_midnight = new_year + dt.timedelta(minutes=30)
    assert half_past_midnight.astimezone(dt.UTC).year == year  # UTC is still in the old year
    with time_machine.travel(half_past_midnight, tick=False):
        assert _number() == f"Q-{year + 1}-0001"
    with time_machine.travel(new_year - dt.timedelta(minutes=1), tick=False):
        assert _number() == f"Q-{year}-0003"  # each year keeps its own gapless series
