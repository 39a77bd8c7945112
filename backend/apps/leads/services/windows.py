"""Finding an arrival window from what a person or a client program typed."""

from __future__ import annotations

import datetime as dt
import uuid

from apps.leads.models import ArrivalWindow


def window_from_label(value: str) -> ArrivalWindow | None:
    """ "08:00", "08:00-10:00", "08:00–10:00" or a window id; active windows only."""
    value = (value or "").strip()
    windows = ArrivalWindow.objects.filter(is_active=True)
    try:
        return windows.filter(pk=uuid.UUID(value)).first()
    except ValueError:
        pass
    start = value.replace("–", "-").split("-")[0].strip()
    try:
        start_time = dt.time.fromisoformat(start)
    except ValueError:
        return None
    return windows.filter(start_time=start_time).first()
