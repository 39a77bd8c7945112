"""Kenya's public holidays as closed dates (editable by staff afterwards)."""

from __future__ import annotations

from collections.abc import Iterable

import holidays
from django.conf import settings

from apps.leads.models import BlackoutDate


def load_public_holidays(*, years: Iterable[int]) -> int:
    """Add the country's public holidays for these years; dates staff have
    already set (or removed and re-added) are left alone."""
    country = getattr(settings, "PUBLIC_HOLIDAYS_COUNTRY", "KE")
    calendar = holidays.country_holidays(country, years=list(years))
    existing = set(
        BlackoutDate.objects.filter(date__in=list(calendar)).values_list("date", flat=True)
    )
    new = [
        BlackoutDate(date=day, reason=str(name), is_public_holiday=True)
        for day, name in sorted(calendar.items())
        if day not in existing
    ]
    BlackoutDate.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)
