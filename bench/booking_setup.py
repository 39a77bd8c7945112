"""Make the bench database ready for the booking targets and say what to book.

Run by run.sh (DJANGO_SETTINGS_MODULE and DATABASE_URL set) after the data is
seeded. Raises every arrival window's capacity and every category limit to
30,000 visits (the column is a small integer), so thousands of bookings a run
never fill a window; then prints, for run.sh to export:

    SERVICE=<slug of a bookable service>
    FROM=<first bookable date>  TO=<FROM + 30 days>     (the availability target)
    SLOTS=<date>|<HH:MM>,…      (every bookable window over the horizon)

The booking script spreads its requests over SLOTS."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "backend"))

import django  # noqa: E402

django.setup()

from apps.leads.models import ArrivalWindow, CategoryWindowLimit  # noqa: E402
from apps.leads.selectors import available_slots  # noqa: E402
from apps.leads.selectors.availability import (  # noqa: E402
    MAX_RANGE_DAYS,
    booking_window_dates,
)
from apps.catalog.models import Service  # noqa: E402

CAPACITY = 30_000


def main() -> None:
    ArrivalWindow.objects.filter(is_active=True).update(capacity=CAPACITY)
    CategoryWindowLimit.objects.update(capacity=CAPACITY)
    service = (
        Service.objects.filter(is_active=True, is_bookable=True, category__is_active=True)
        .order_by("visit_duration_minutes", "slug")
        .first()
    )
    if service is None:
        raise SystemExit("no bookable service in the bench database")
    earliest, latest = booking_window_dates()
    slots: list[str] = []
    start = earliest
    while start <= latest:
        end = min(start + dt.timedelta(days=MAX_RANGE_DAYS - 1), latest)
        for day in available_slots(service, start, end):
            slots += [
                f"{day.date.isoformat()}|{slot.start:%H:%M}" for slot in day.slots if slot.is_free
            ]
        start = end + dt.timedelta(days=1)
    if not slots:
        raise SystemExit("no free window over the booking horizon")
    print(f"SERVICE={service.slug}")
    print(f"FROM={earliest.isoformat()}")
    print(f"TO={(earliest + dt.timedelta(days=MAX_RANGE_DAYS - 1)).isoformat()}")
    print(f"SLOTS={','.join(slots)}")


if __name__ == "__main__":
    main()
