"""Query-string parameters of the API's list endpoints. A malformed value is
a 400 naming the parameter, in the API's one error shape."""

from __future__ import annotations

import datetime as dt
import uuid

from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from apps.core.ids import parse_uuid


def bool_param(value: str | None, name: str) -> bool | None:
    if value in (None, ""):
        return None
    if value.lower() in ("true", "1", "yes"):
        return True
    if value.lower() in ("false", "0", "no"):
        return False
    raise ValidationError({name: [_("Use true or false.")]})


def uuid_param(value: str | None, name: str) -> uuid.UUID | None:
    if not value:
        return None
    parsed = parse_uuid(value)
    if parsed is None:
        raise ValidationError({name: [_("Not a valid id.")]})
    return parsed


def date_param(value: str | None, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        parsed = parse_date(value)
    except ValueError:
        parsed = None
    if parsed is None:
        raise ValidationError({name: [_("Use a date like 2026-03-01.")]})
    return parsed
