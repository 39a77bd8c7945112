"""The shared error summary (<c-form-errors>) as the server renders it, so
it works without JavaScript: at the top of the failed form, announced
(role=alert), focusable and autofocused, each message a link to an element
the page holds. The browser half is tests/browser/test_error_summary.py."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.leads.tokens import booking_access_token

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now", "booking_rules")]

SUMMARY = re.compile(r"<div[^>]*data-form-errors[^>]*>(.*?)</div>", re.S)


def _summary(html: str) -> tuple[str, str, list[str]]:
    match = SUMMARY.search(html)
    assert match, "no error summary"
    tag = match.group(0)[: match.group(0).index(">") + 1]
    return tag, match.group(1), re.findall(r'href="#([^"]+)"', match.group(1))


def _assert_announced_and_linked(html: str) -> list[str]:
    tag, _body, links = _summary(html)
    assert 'role="alert"' in tag and 'tabindex="-1"' in tag and "autofocus" in tag
    assert links
    for anchor in links:
        assert f'id="{anchor}"' in html, f"the summary links to #{anchor}, which is not on the page"
    return links


def test_move_my_visit_with_nothing_chosen_links_to_the_calendar(client, book, windows):
    booking = book(preferred_date=timezone.localdate() + dt.timedelta(days=3))
    token = booking_access_token(booking)
    response = client.post(reverse("public_site:booking-track-reschedule", args=[token]), {})
    assert response.status_code == 400
    html = response.content.decode()
    assert _assert_announced_and_linked(html) == ["availability"]
    # One message for the one choice (date and window are picked together).
    assert _summary(html)[1].count("<li>") == 1
    # The summary sits at the top of the reschedule form, before the calendar.
    form = html[html.index(reverse("public_site:booking-track-reschedule", args=[token])) :]
    assert form.index("data-form-errors") < form.index('id="availability"')


def test_sign_in_errors_link_to_each_field(client):
    response = client.post(reverse("accounts:login"), {})
    html = response.content.decode()
    links = _assert_announced_and_linked(html)
    assert "id_email" in links and "id_password" in links


def test_booking_details_errors_link_to_each_field(client, service, windows):
    day = timezone.localdate() + dt.timedelta(days=3)
    data = {
        "step": "details",
        "service": service.slug,
        "slot": f"{day.isoformat()}|{windows[0].id}",
        "phone": "not a phone",
    }
    response = client.post("/book/", data)
    html = response.content.decode()
    links = _assert_announced_and_linked(html)
    assert {"id_name", "id_phone"} <= set(links)
