from __future__ import annotations

from celery import shared_task
from django.utils import timezone


@shared_task(name="apps.leads.tasks.load_public_holidays")
def load_public_holidays() -> int:
    """Keep this year's and next year's public holidays in the closed dates."""
    from apps.leads.services.holidays import load_public_holidays as load

    year = timezone.localdate().year
    return load(years=[year, year + 1])
