"""Opening hours per weekday, stored as JSON on CompanySettings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

DEFAULT_BUSINESS_HOURS: dict[str, list[list[str]]] = {
    "mon": [["08:00", "17:00"]],
    "tue": [["08:00", "17:00"]],
    "wed": [["08:00", "17:00"]],
    "thu": [["08:00", "17:00"]],
    "fri": [["08:00", "17:00"]],
    "sat": [["09:00", "13:00"]],
    "sun": [],
}


def _parse(value: Any, day: str) -> dt.time:
    try:
        return dt.time.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(
            _("%(day)s: %(value)s is not a time like 08:00.") % {"day": day, "value": value}
        ) from None


def validate_business_hours(value: Any) -> None:
    if not isinstance(value, dict):
        raise ValidationError(_("Business hours must map each weekday to a list of periods."))
    unknown = set(value) - set(WEEKDAYS)
    if unknown:
        raise ValidationError(_("Unknown weekday: %s.") % ", ".join(sorted(unknown)))
    for day, periods in value.items():
        if not isinstance(periods, list):
            raise ValidationError(_("%s: expected a list of [open, close] pairs.") % day)
        previous_close: dt.time | None = None
        for period in periods:
            if not isinstance(period, list | tuple) or len(period) != 2:
                raise ValidationError(_("%s: each period is [open, close].") % day)
            opens, closes = _parse(period[0], day), _parse(period[1], day)
            if opens >= closes:
                raise ValidationError(_("%s: opening must be before closing.") % day)
            if previous_close and opens < previous_close:
                raise ValidationError(_("%s: periods overlap or are out of order.") % day)
            previous_close = closes


def periods_for(hours: dict[str, list[list[str]]], day: dt.date) -> list[tuple[dt.time, dt.time]]:
    key = WEEKDAYS[day.weekday()]
    return [(dt.time.fromisoformat(a), dt.time.fromisoformat(b)) for a, b in hours.get(key, [])]


def default_business_hours() -> dict[str, list[list[str]]]:
    return {day: [list(p) for p in periods] for day, periods in DEFAULT_BUSINESS_HOURS.items()}
