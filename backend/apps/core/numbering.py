"""Sequential document numbers: ``Q-2026-0001``, ``INV-2026-0001``.

``next_number`` must be called inside the transaction that saves the
document. It locks the series' counter row for that year (created on first
use), so concurrent callers queue on the lock: numbers never repeat, and a
transaction that rolls back releases its number with it, so none is skipped.
On SQLite the IMMEDIATE transaction mode serialises writers instead."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from apps.core.models import DocumentCounter


def next_number(series: str, *, year: int | None = None, width: int = 4) -> str:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number() must run inside the document's transaction")
    year = year or timezone.localdate().year
    DocumentCounter.objects.bulk_create(
        [DocumentCounter(series=series, year=year)], ignore_conflicts=True
    )
    counter = DocumentCounter.objects.select_for_update().get(series=series, year=year)
    DocumentCounter.objects.filter(pk=counter.pk).update(last_value=F("last_value") + 1)
    value = counter.last_value + 1
    return f"{series}-{year}-{value:0{width}d}"
