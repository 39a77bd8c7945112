"""Writes about availability: the booking rules, the arrival windows and
their capacity, per-category limits and closed dates. Each validates, saves
and records an audit entry; the admin portal only calls them.

Errors are ``ValidationError`` with a dict naming the field, so a form can
show each next to its input (``apps.core.forms.apply_service_errors``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.catalog.models import ServiceCategory
from apps.core.services import diff_fields, record_audit, snapshot
from apps.leads.models import (
    ArrivalWindow,
    BlackoutDate,
    BookingSettings,
    BookingSlot,
    CategoryWindowLimit,
)
from apps.leads.models.bookings import ACTIVE_STATUSES
from apps.leads.services.holidays import load_public_holidays

RULE_FIELDS = ("min_notice_days", "horizon_days", "change_cutoff_hours")
WINDOW_FIELDS = ("label", "start_time", "end_time", "capacity", "is_active")


def _fmt(value: dt.time) -> str:
    return value.strftime("%H:%M")


@transaction.atomic
def update_booking_rules(
    *, actor: Any, min_notice_days: int, horizon_days: int, change_cutoff_hours: int
) -> BookingSettings:
    """Minimum notice, how far ahead bookings open, and the customers' cut-off."""
    BookingSettings.get_solo()  # make sure the row exists before locking it
    rules = BookingSettings.objects.select_for_update().get(
        pk=BookingSettings.singleton_instance_id
    )
    before = snapshot(rules, RULE_FIELDS)
    rules.min_notice_days = min_notice_days
    rules.horizon_days = horizon_days
    rules.change_cutoff_hours = change_cutoff_hours
    rules.full_clean()
    if horizon_days <= min_notice_days:
        raise ValidationError(
            {"horizon_days": _("Bookings must open further ahead than the minimum notice.")}
        )
    rules.save()
    changes = diff_fields(before, snapshot(rules, RULE_FIELDS))
    if changes:
        record_audit(actor=actor, action="booking_rules.updated", target=rules, changes=changes)
    return rules


def _upcoming_visits_in(window: ArrivalWindow) -> int:
    return (
        BookingSlot.objects.filter(
            window=window, date__gte=timezone.localdate(), booking__status__in=ACTIVE_STATUSES
        )
        .values("booking_id")
        .distinct()
        .count()
    )


@transaction.atomic
def save_arrival_window(
    *,
    actor: Any,
    window: ArrivalWindow | None = None,
    label: str = "",
    start_time: dt.time,
    end_time: dt.time,
    capacity: int,
    is_active: bool = True,
) -> ArrivalWindow:
    """Add a window (``window=None``) or change one.

    Active windows may not overlap. A window with upcoming visits keeps its
    times (their customers were told them): add a new window and deactivate
    this one instead. Its capacity may change; visits already booked keep
    their place."""
    creating = window is None
    if window is None:
        window = ArrivalWindow()
    else:
        window = ArrivalWindow.objects.select_for_update().get(pk=window.pk)
    before = snapshot(window, WINDOW_FIELDS) if not creating else {}
    times_changed = not creating and (
        window.start_time != start_time or window.end_time != end_time
    )
    window.label = label.strip()
    window.start_time, window.end_time = start_time, end_time
    window.capacity, window.is_active = capacity, is_active
    window.full_clean()
    if times_changed:
        upcoming = _upcoming_visits_in(window)
        if upcoming:
            raise ValidationError(
                {
                    "start_time": _(
                        "%(n)s upcoming visits are booked in this window, so its times "
                        "cannot change. Add a new window and deactivate this one."
                    )
                    % {"n": upcoming}
                }
            )
    if window.is_active:
        overlapping = (
            ArrivalWindow.objects.filter(
                is_active=True, start_time__lt=end_time, end_time__gt=start_time
            )
            .exclude(pk=window.pk)
            .first()
        )
        if overlapping is not None:
            raise ValidationError(
                {
                    "start_time": _("This overlaps the %(window)s window.")
                    % {"window": f"{_fmt(overlapping.start_time)}–{_fmt(overlapping.end_time)}"}
                }
            )
    window.save()
    record_audit(
        actor=actor,
        action="arrival_window.created" if creating else "arrival_window.changed",
        target=window,
        changes=diff_fields(before, snapshot(window, WINDOW_FIELDS)),
    )
    return window


@transaction.atomic
def set_arrival_window_active(*, actor: Any, window: ArrivalWindow, active: bool) -> ArrivalWindow:
    """Stop offering a window (visits already booked in it stay), or offer it again."""
    window = ArrivalWindow.objects.select_for_update().get(pk=window.pk)
    if window.is_active == active:
        return window
    if active:
        return save_arrival_window(
            actor=actor,
            window=window,
            label=window.label,
            start_time=window.start_time,
            end_time=window.end_time,
            capacity=window.capacity,
            is_active=True,
        )
    window.is_active = False
    window.save(update_fields=["is_active", "updated_at"])
    record_audit(
        actor=actor,
        action="arrival_window.deactivated",
        target=window,
        changes={"is_active": [True, False], "upcoming_visits": _upcoming_visits_in(window)},
    )
    return window


@transaction.atomic
def set_category_limit(
    *, actor: Any, category: ServiceCategory, window: ArrivalWindow, capacity: int | None
) -> CategoryWindowLimit | None:
    """At most ``capacity`` visits of this category in the window; ``None``
    removes the limit (the window's own capacity applies)."""
    existing = (
        CategoryWindowLimit.objects.select_for_update()
        .filter(category=category, window=window)
        .first()
    )
    before = existing.capacity if existing else None
    if capacity is None:
        if existing is not None:
            existing.delete()
            record_audit(
                actor=actor,
                action="category_limit.removed",
                target_type="leads.categorywindowlimit",
                target_id=str(existing.pk),
                target_label=f"{category} · {window}",
                changes={"capacity": [before, None]},
            )
        return None
    if capacity < 1:
        raise ValidationError({"capacity": _("Allow at least one visit, or remove the limit.")})
    if capacity > window.capacity:
        raise ValidationError(
            {
                "capacity": _(
                    "The %(window)s window only has %(n)s crews; a higher limit changes nothing."
                )
                % {"window": window, "n": window.capacity}
            }
        )
    limit = existing or CategoryWindowLimit(category=category, window=window)
    limit.capacity = capacity
    limit.save()
    if before != capacity:
        record_audit(
            actor=actor,
            action="category_limit.set",
            target=limit,
            target_label=f"{category} · {window}",
            changes={"capacity": [before, capacity]},
        )
    return limit


@transaction.atomic
def add_blackout_date(
    *, actor: Any, date: dt.date, reason: str, is_public_holiday: bool = False
) -> BlackoutDate:
    """Close a day to bookings. Visits already booked that day stay: staff
    move them (the page says how many there are)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the day is closed (customers see it).")})
    if BlackoutDate.objects.filter(date=date).exists():
        raise ValidationError({"date": _("That day is already closed.")})
    blackout = BlackoutDate.objects.create(
        date=date, reason=reason[:120], is_public_holiday=is_public_holiday
    )
    record_audit(
        actor=actor,
        action="closed_date.added",
        target=blackout,
        changes={"date": date.isoformat(), "reason": blackout.reason},
    )
    return blackout


@transaction.atomic
def remove_blackout_date(*, actor: Any, blackout: BlackoutDate) -> None:
    """Open a closed day again."""
    record_audit(
        actor=actor,
        action="closed_date.removed",
        target=blackout,
        changes={"date": blackout.date.isoformat(), "reason": blackout.reason},
    )
    blackout.delete()


def load_holidays_for_year(*, actor: Any, year: int) -> int:
    """Close Kenya's public holidays of ``year``; days already set are kept.
    Returns how many days were added."""
    this_year = timezone.localdate().year
    if not this_year - 1 <= year <= this_year + 5:
        raise ValidationError(
            {
                "year": _("Choose a year from %(a)s to %(b)s.")
                % {"a": this_year - 1, "b": this_year + 5}
            }
        )
    with transaction.atomic():
        added = load_public_holidays(years=[year])
        record_audit(
            actor=actor,
            action="closed_date.holidays_loaded",
            target_type="leads.blackoutdate",
            target_label=str(year),
            changes={"year": year, "added": added},
        )
    return added
