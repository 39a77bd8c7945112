""" "Accepted this month" is Nairobi's month, on whatever day it is asked."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.leads.models import Client, Quotation, QuotationStatus
from apps.leads.selectors.quotations import quotation_kpis

pytestmark = [pytest.mark.django_db, pytest.mark.date_sensitive]


def _accepted(client: Client, number: str, at: dt.datetime, total: str) -> Quotation:
    return Quotation.objects.create(
        number=number,
        client=client,
        status=QuotationStatus.ACCEPTED,
        currency="KES",
        valid_until=timezone.localdate() + dt.timedelta(days=30),
        total=Decimal(total),
        accepted_at=at,
    )


def test_accepted_this_month_starts_at_local_midnight_on_the_first():
    client = Client.objects.create(name="Hassan Ali", email="hassan@example.co.ke")
    now = timezone.localtime()
    first = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    _accepted(client, "Q-T-0001", first - dt.timedelta(minutes=1), "700")  # last month
    _accepted(client, "Q-T-0002", first, "1000")
    _accepted(client, "Q-T-0003", now, "250")
    kpis = quotation_kpis()
    assert kpis.accepted_month_count == 2
    assert kpis.accepted_month_value == Decimal("1250")
    assert kpis.decided_count == 3 and kpis.accepted_rate == 100
