"""Campaign segments: who a campaign goes to.

A segment is a named function from validated options to a queryset of
clients. Whatever a segment returns is narrowed to clients who opted in to
marketing, accept e-mail and have an address, so no segment can reach
someone who did not consent.

Other apps add their own segments from their ``AppConfig.ready()``. The
bookings app (not built yet) plugs in "clients with a booking in a date
range" like this::

    from apps.notifications.segments import Segment, SegmentParam, register_segment

    register_segment(Segment(
        key="booking_date_range",
        label="Clients with a booking in a date range",
        params=(SegmentParam("date_from", "From", "date"),
                SegmentParam("date_to", "To", "date")),
        clients=lambda p: Client.objects.filter(
            bookings__preferred_date__range=(p["date_from"], p["date_to"])),
    ))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.dateparse import parse_date

from apps.leads.models import Client


@dataclass(frozen=True)
class SegmentParam:
    name: str
    label: str
    # "service_category" (a category id) or "date" (YYYY-MM-DD)
    type: str
    required: bool = True


@dataclass(frozen=True)
class Segment:
    key: str
    label: str
    clients: Callable[[dict[str, Any]], QuerySet[Client]]
    params: tuple[SegmentParam, ...] = ()


_REGISTRY: dict[str, Segment] = {}


def register_segment(segment: Segment) -> None:
    _REGISTRY[segment.key] = segment


def all_segments() -> list[Segment]:
    return list(_REGISTRY.values())


def get_segment(key: str) -> Segment:
    try:
        return _REGISTRY[key]
    except KeyError:
        raise ValidationError({"segment": [f"Unknown segment “{key}”."]}) from None


def marketing_audience() -> QuerySet[Client]:
    """Clients a marketing e-mail may go to."""
    return Client.objects.filter(marketing_opt_in=True, accepts_email=True).exclude(email="")


def _clean_param(param: SegmentParam, value: Any) -> Any:
    if param.type == "date":
        if isinstance(value, dt.date):
            return value.isoformat()
        try:
            parsed = parse_date(str(value))
        except ValueError:
            parsed = None
        if parsed is None:
            raise ValidationError({param.name: ["Use a date like 2026-03-01."]})
        return parsed.isoformat()
    if param.type == "service_category":
        from apps.catalog.models import ServiceCategory

        try:
            exists = ServiceCategory.objects.filter(pk=str(value)).exists()
        except (ValueError, ValidationError):
            exists = False
        if not exists:
            raise ValidationError({param.name: ["Choose an existing service category."]})
        return str(value)
    return value


def clean_segment_params(key: str, params: dict[str, Any] | None) -> dict[str, Any]:
    segment = get_segment(key)
    params = params or {}
    cleaned: dict[str, Any] = {}
    for param in segment.params:
        value = params.get(param.name)
        if value in (None, ""):
            if param.required:
                raise ValidationError({param.name: ["This option is required for the segment."]})
            continue
        cleaned[param.name] = _clean_param(param, value)
    return cleaned


def segment_clients(key: str, params: dict[str, Any] | None) -> QuerySet[Client]:
    """The consenting clients of a segment, in primary-key order (the expansion cursor)."""
    segment = get_segment(key)
    chosen = segment.clients(params or {}).values("pk")
    return marketing_audience().filter(pk__in=chosen).order_by("pk")


register_segment(
    Segment(
        key="all_opted_in",
        label="All clients who opted in to marketing",
        clients=lambda params: Client.objects.all(),
    )
)
register_segment(
    Segment(
        key="service_category",
        label="Clients of a service category",
        params=(SegmentParam("category", "Service category", "service_category"),),
        clients=lambda params: Client.objects.filter(service_categories=params["category"]),
    )
)
