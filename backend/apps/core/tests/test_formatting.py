"""Money and dates are shown the Kenyan way on every page."""

import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template

from apps.core.templatetags.coollight import (
    date_ke,
    datetime_ke,
    format_money,
    opening_hours,
    status_colour,
    tel_href,
)

pytestmark = pytest.mark.django_db


def test_money_uses_company_currency_with_two_decimals_and_thousands():
    assert format_money(Decimal("45000")) == "KES 45,000.00"
    assert format_money("1234567.005") == "KES 1,234,567.01"
    assert format_money(-250) == "-KES 250.00"
    assert format_money(None) == ""


def test_money_filter_in_a_template():
    html = Template("{% load coollight %}{{ amount|money }}").render(
        Context({"amount": Decimal("45000")})
    )
    assert html == "KES 45,000.00"


def test_datetime_is_shown_in_nairobi_time():
    moment = dt.datetime(2026, 3, 3, 7, 0, tzinfo=dt.UTC)  # 10:00 in Nairobi
    assert datetime_ke(moment) == "Tue 3 Mar 2026, 10:00"
    assert date_ke(dt.date(2026, 3, 2)) == "Mon 2 Mar 2026"


def test_phone_link_and_status_colour():
    assert tel_href("+254 711 000111") == "tel:+254711000111"
    assert "emerald" in status_colour("completed")
    assert status_colour("something-new") != status_colour("completed")


def test_opening_hours_rows_say_closed():
    class Company:
        business_hours = {"mon": [["08:00", "17:00"]], "sun": []}

    rows = dict(opening_hours(Company()))
    assert rows["Mon"] == "08:00\u201317:00"
    assert rows["Sun"] == "Closed"
