"""Formatting for Kenya and small helpers every page uses.

``{% load coollight %}`` then:
- ``{{ amount|money }}`` → ``KES 45,000.00`` (currency from the company's settings,
  falling back to settings.COMPANY_CURRENCY); ``{{ amount|money:"USD" }}``.
- ``{{ when|datetime_ke }}`` → ``Mon 3 Mar 2026, 10:00`` in the site's time zone.
- ``{{ day|date_ke }}`` → ``Mon 3 Mar 2026``; ``{{ when|time_ke }}`` → ``10:00``.
- ``{{ phone|tel_href }}`` → ``tel:+254711000111``; ``{{ phone|whatsapp_href }}``.
- ``{% query_transform page=3 %}`` → the current query string with ``page`` replaced.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import template
from django.conf import settings
from django.utils import formats, timezone
from django.utils.dateformat import format as date_format

register = template.Library()

DATETIME_FORMAT = "D j M Y, H:i"
DATE_FORMAT = "D j M Y"
TIME_FORMAT = "H:i"


def _currency() -> str:
    from apps.core.selectors import company_settings

    try:
        return company_settings().currency or settings.COMPANY_CURRENCY
    except Exception:  # no database yet (e.g. rendering an error page)
        return settings.COMPANY_CURRENCY


def format_money(value: Any, currency: str | None = None) -> str:
    """``KES 45,000.00``: two decimals, comma thousands, half-up rounding."""
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}{currency or _currency()} {abs(amount):,.2f}"


@register.filter
def money(value: Any, currency: str | None = None) -> str:
    return format_money(value, currency)


def _local(value: Any) -> Any:
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@register.filter
def datetime_ke(value: Any) -> str:
    if not value:
        return ""
    return formats.date_format(_local(value), DATETIME_FORMAT)


@register.filter
def date_ke(value: Any) -> str:
    if not value:
        return ""
    return formats.date_format(_local(value), DATE_FORMAT)


@register.filter
def time_ke(value: Any) -> str:
    if not value:
        return ""
    return date_format(_local(value), TIME_FORMAT)


def _e164(value: Any) -> str:
    if not value:
        return ""
    as_e164 = getattr(value, "as_e164", None)
    return as_e164 if as_e164 else "".join(ch for ch in str(value) if ch.isdigit() or ch == "+")


@register.filter
def tel_href(value: Any) -> str:
    number = _e164(value)
    return f"tel:{number}" if number else ""


@register.filter
def whatsapp_href(value: Any) -> str:
    number = _e164(value).lstrip("+")
    return f"https://wa.me/{number}" if number else ""


@register.filter
def phone_display(value: Any) -> str:
    if not value:
        return ""
    as_international = getattr(value, "as_international", None)
    return as_international if as_international else str(value)


@register.simple_tag(takes_context=True)
def query_transform(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters replaced (pagination,
    sorting) so filters are kept."""
    request = context.get("request")
    params = request.GET.copy() if request is not None else None
    if params is None:
        from django.http import QueryDict

        params = QueryDict(mutable=True)
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def field_type(bound_field: Any) -> str:
    """The widget's input type (``text``, ``email``, ``checkbox``, ``select``…)."""
    widget = bound_field.field.widget
    if getattr(widget, "allow_multiple_selected", False) and getattr(widget, "input_type", "") == (
        "checkbox"
    ):
        return "checkboxselectmultiple"
    input_type = getattr(widget, "input_type", None)
    if input_type:
        return input_type
    name = type(widget).__name__.lower()
    if "select" in name:
        return "select"
    if "textarea" in name:
        return "textarea"
    return name


# One colour per status, across every model (bookings, quotations, invoices,
# users…). Unknown statuses are grey. Full class names, so Tailwind finds them.
STATUS_COLOURS = {
    "pending": "bg-amber-50 text-amber-800 ring-amber-600/30",
    "queued": "bg-amber-50 text-amber-800 ring-amber-600/30",
    "sending": "bg-violet-50 text-violet-800 ring-violet-600/30",
    "failed": "bg-red-50 text-red-800 ring-red-600/30",
    "draft": "bg-slate-100 text-slate-700 ring-slate-500/30",
    "confirmed": "bg-brand-50 text-brand-800 ring-brand-600/30",
    "sent": "bg-brand-50 text-brand-800 ring-brand-600/30",
    "issued": "bg-brand-50 text-brand-800 ring-brand-600/30",
    "in_progress": "bg-violet-50 text-violet-800 ring-violet-600/30",
    "partially_paid": "bg-violet-50 text-violet-800 ring-violet-600/30",
    "completed": "bg-emerald-50 text-emerald-800 ring-emerald-600/30",
    "accepted": "bg-emerald-50 text-emerald-800 ring-emerald-600/30",
    "paid": "bg-emerald-50 text-emerald-800 ring-emerald-600/30",
    "active": "bg-emerald-50 text-emerald-800 ring-emerald-600/30",
    "cancelled": "bg-slate-100 text-slate-700 ring-slate-500/30",
    "void": "bg-slate-100 text-slate-700 ring-slate-500/30",
    "inactive": "bg-slate-100 text-slate-700 ring-slate-500/30",
    "expired": "bg-orange-50 text-orange-800 ring-orange-600/30",
    "no_show": "bg-orange-50 text-orange-800 ring-orange-600/30",
    "overdue": "bg-red-50 text-red-800 ring-red-600/30",
    "rejected": "bg-red-50 text-red-800 ring-red-600/30",
    # Inquiries: new ones wait for someone; quoted and won are good news.
    "new": "bg-amber-50 text-amber-800 ring-amber-600/30",
    "quoted": "bg-brand-50 text-brand-800 ring-brand-600/30",
    "won": "bg-emerald-50 text-emerald-800 ring-emerald-600/30",
    "lost": "bg-slate-100 text-slate-700 ring-slate-500/30",
}
DEFAULT_STATUS_COLOUR = "bg-slate-100 text-slate-700 ring-slate-500/30"


@register.filter
def status_colour(status: Any) -> str:
    return STATUS_COLOURS.get(str(status or "").lower(), DEFAULT_STATUS_COLOUR)


@register.simple_tag
def opening_hours(company: Any) -> list[tuple[str, str]]:
    """``[("Mon", "08:00-17:00"), ("Sun", "Closed")]`` from CompanySettings."""
    from django.utils.translation import gettext as _

    from apps.core.business_hours import WEEKDAYS

    labels = {
        "mon": _("Mon"),
        "tue": _("Tue"),
        "wed": _("Wed"),
        "thu": _("Thu"),
        "fri": _("Fri"),
        "sat": _("Sat"),
        "sun": _("Sun"),
    }
    hours = getattr(company, "business_hours", None) or {}
    rows = []
    for day in WEEKDAYS:
        periods = hours.get(day) or []
        text = ", ".join(f"{a}\u2013{b}" for a, b in periods) if periods else _("Closed")
        rows.append((labels[day], text))
    return rows


@register.filter
def error_summary(form) -> list[dict[str, str]]:
    """What a form's error summary lists, in the form's order: each message
    with the field's label and the address of the field it links to
    (``href``: ``#`` + the input's id, or the form's ``error_anchors`` for a
    field drawn otherwise, e.g. a calendar of slot buttons). Messages of the
    whole form and of hidden fields have no link; fields drawn as one control
    (the same anchor) are listed once, with the first one's messages."""
    if form is None or not getattr(form, "errors", None):
        return []
    anchors = getattr(form, "error_anchors", {})
    items = [{"label": "", "message": str(m), "href": ""} for m in form.non_field_errors()]
    shared: set[str] = set()  # fields drawn as one control are listed once
    for field in form:
        if not field.errors:
            continue
        if field.name in anchors:
            if anchors[field.name] in shared:
                continue
            shared.add(anchors[field.name])
        anchor = "" if field.is_hidden else anchors.get(field.name) or field.id_for_label
        for message in field.errors:
            items.append(
                {
                    # "What do you need?: …" reads as a typo; the summary puts its own colon.
                    "label": "" if field.is_hidden else str(field.label).rstrip(" :?"),
                    "message": str(message),
                    "href": f"#{anchor}" if anchor else "",
                }
            )
    return items
