"""Reading record ids from untrusted text (query strings, form fields)."""

from __future__ import annotations

import uuid
from typing import Any


def parse_uuid(value: Any) -> uuid.UUID | None:
    """The id ``value`` spells, or None for anything that is not one (a
    tampered link or a blank field is "no record", never an error)."""
    try:
        return uuid.UUID(str(value or "").strip())
    except ValueError:
        return None
