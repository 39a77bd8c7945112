"""The follow-ups list, completing one, and the dashboard's "Follow-ups due"
and "New inquiries" widgets."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.admin_portal.tests import inquiry_fixtures as fx
from apps.admin_portal.tests.inquiry_fixtures import NOW, make_follow_up, make_inquiry
from apps.core.models import AuditLog
from apps.leads.models import FollowUp, InquiryStatus

pytestmark = pytest.mark.django_db

# The area's fixtures (kept out of the shared conftest).
no_perm_staff = fx.no_perm_staff
other_sales = fx.other_sales

HOUR = dt.timedelta(hours=1)
URL = "/admin/follow-ups/"


@pytest.fixture
def plan(frozen_now, sales_user, other_sales):
    """Mine: overdue, later today, tomorrow, and one done; one of a colleague."""
    return {
        "overdue": make_follow_up(1, owner=sales_user, due_at=NOW - 2 * HOUR),
        "today": make_follow_up(2, owner=sales_user, due_at=NOW + 3 * HOUR),
        "tomorrow": make_follow_up(3, owner=sales_user, due_at=NOW + 24 * HOUR),
        "done": make_follow_up(4, owner=sales_user, due_at=NOW - 24 * HOUR, done=True),
        "colleague": make_follow_up(5, owner=other_sales, due_at=NOW + HOUR),
    }


def _notes(response) -> list[str]:
    return [f.note for f in response.context["page"].object_list]


# --- who may open it ------------------------------------------------------------------


def test_url_name_and_address():
    assert reverse("admin_portal:follow-ups") == URL


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("client_user", 403),
        ("editor_user", 403),
        ("no_perm_staff", 403),
        ("technician_user", 403),  # technicians read inquiries, they keep no follow-ups
        ("sales_user", 200),
        ("admin_user", 200),
    ],
)
def test_who_may_open_the_list(client, request, who, expected):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == expected


def test_completing_needs_the_permission(client, technician_user, plan):
    client.force_login(technician_user)
    url = reverse("admin_portal:follow-up-complete", args=[plan["today"].pk])
    assert client.post(url).status_code == 403
    plan["today"].refresh_from_db()
    assert plan["today"].done_at is None


# --- the list -----------------------------------------------------------------------------


def test_mine_and_open_by_default_soonest_first(client, sales_user, plan):
    client.force_login(sales_user)
    response = client.get(URL)
    assert _notes(response) == ["Call back number 1", "Call back number 2", "Call back number 3"]
    html = response.content.decode()
    assert "Overdue: was due" in html
    assert plan["overdue"].inquiry.reference in html
    assert reverse("admin_portal:inquiry-detail", args=[plan["overdue"].inquiry.reference]) in html


def test_filters(client, sales_user, other_sales, plan):
    client.force_login(sales_user)
    assert _notes(client.get(URL, {"owner": "all"})) == [
        "Call back number 1",
        "Call back number 5",
        "Call back number 2",
        "Call back number 3",
    ]
    assert _notes(client.get(URL, {"owner": str(other_sales.pk)})) == ["Call back number 5"]
    assert _notes(client.get(URL, {"state": "done"})) == ["Call back number 4"]
    assert len(_notes(client.get(URL, {"state": "all"}))) == 4
    assert _notes(client.get(URL, {"due": "overdue"})) == ["Call back number 1"]
    assert _notes(client.get(URL, {"due": "today"})) == ["Call back number 2"]
    assert _notes(client.get(URL, {"due": "upcoming"})) == ["Call back number 3"]
    assert _notes(client.get(URL, {"owner": "all", "due": "today"})) == [
        "Call back number 5",
        "Call back number 2",
    ]


def test_counts_per_bucket(client, sales_user, plan):
    client.force_login(sales_user)
    response = client.get(URL)
    assert response.context["counts"] == {"overdue": 1, "today": 1, "upcoming": 1}
    everyone = client.get(URL, {"owner": "all"}).context["counts"]
    assert everyone == {"overdue": 1, "today": 2, "upcoming": 1}


def test_bad_filters_fall_back_to_the_defaults(client, sales_user, plan):
    client.force_login(sales_user)
    for params in ({"owner": "nobody"}, {"state": "maybe"}, {"due": "yesterday"}, {"page": "x"}):
        response = client.get(URL, params)
        assert response.status_code == 200, params
    assert len(_notes(client.get(URL, {"state": "maybe"}))) == 3


def test_complete_from_the_list_keeps_the_filters(client, sales_user, plan):
    client.force_login(sales_user)
    here = f"{URL}?owner=all&due=today"
    response = client.get(here)
    assert f'name="next" value="{here.replace("&", "&amp;")}"' in response.content.decode()
    follow_up = plan["today"]
    response = client.post(
        reverse("admin_portal:follow-up-complete", args=[follow_up.pk]), {"next": here}
    )
    assert response.status_code == 302 and response["Location"] == here
    follow_up.refresh_from_db()
    assert follow_up.done_at is not None
    assert AuditLog.objects.filter(action="follow_up.completed", actor=sales_user).exists()
    assert "Call back number 2" not in _notes(client.get(here))
    # Done twice is harmless; the second click changes nothing.
    done_at = follow_up.done_at
    client.post(reverse("admin_portal:follow-up-complete", args=[follow_up.pk]), {"next": here})
    follow_up.refresh_from_db()
    assert follow_up.done_at == done_at


def test_complete_never_redirects_off_site(client, sales_user, plan):
    client.force_login(sales_user)
    url = reverse("admin_portal:follow-up-complete", args=[plan["today"].pk])
    for target in ("https://evil.example/", "//evil.example/", ""):
        response = client.post(url, {"next": target})
        assert response["Location"] == URL, target


def test_complete_by_get_changes_nothing(client, sales_user, plan):
    client.force_login(sales_user)
    response = client.get(reverse("admin_portal:follow-up-complete", args=[plan["today"].pk]))
    assert response.status_code == 302
    plan["today"].refresh_from_db()
    assert plan["today"].done_at is None
    missing = "00000000-0000-0000-0000-000000000000"
    assert (
        client.post(reverse("admin_portal:follow-up-complete", args=[missing])).status_code == 404
    )


def test_list_query_count_does_not_grow(client, sales_user, frozen_now):
    make_follow_up(0, owner=sales_user, due_at=NOW + HOUR)
    client.force_login(sales_user)
    client.get(URL, {"owner": "all"})
    with CaptureQueriesContext(connection) as one:
        assert client.get(URL, {"owner": "all"}).status_code == 200
    for n in range(1, 30):
        make_follow_up(n, owner=sales_user, due_at=NOW + n * HOUR)
    with CaptureQueriesContext(connection) as thirty:
        response = client.get(URL, {"owner": "all"})
    assert len(response.context["page"].object_list) == 30
    # session, user, permissions, company settings, the owner filter's Sales
    # team, the bucket counts (one aggregate), count, the page (owner,
    # inquiry, client joined): the same for 1 or 30.
    assert len(thirty) == len(one), [q["sql"] for q in thirty.captured_queries]


def test_empty_list(client, sales_user, frozen_now):
    client.force_login(sales_user)
    assert "Nothing to follow up" in client.get(URL).content.decode()


# --- the dashboard ------------------------------------------------------------------------


def test_dashboard_shows_my_follow_ups_due_with_overdue_marked(client, sales_user, plan):
    client.force_login(sales_user)
    response = client.get(reverse("admin_portal:dashboard"))
    widget = response.context["follow_ups_due"]
    # Due by the end of today: the overdue one and the one later today (not
    # tomorrow's, not a colleague's, not the done one).
    assert [f.note for f in widget["items"]] == ["Call back number 1", "Call back number 2"]
    html = response.content.decode()
    assert 'data-testid="follow-ups-due"' in html
    assert html.count("Overdue ·") == 1
    assert reverse("admin_portal:follow-up-complete", args=[plan["overdue"].pk]) in html


def test_dashboard_shows_new_inquiries_mine_and_unassigned(
    client, sales_user, other_sales, frozen_now
):
    make_inquiry(1, assignee=sales_user)
    make_inquiry(2)
    make_inquiry(3, assignee=other_sales)
    make_inquiry(4, status=InquiryStatus.IN_PROGRESS)
    client.force_login(sales_user)
    response = client.get(reverse("admin_portal:dashboard"))
    widget = response.context["new_inquiries"]
    assert widget["counts"]["new_unassigned"] == 1 and widget["counts"]["new_mine"] == 1
    assert sorted(i.reference for i in widget["latest"]) == ["INQ-T0001", "INQ-T0002"]
    html = response.content.decode()
    assert 'data-testid="new-inquiries"' in html
    assert "INQ-T0003" not in html and "INQ-T0004" not in html


def test_dashboard_shows_at_most_five_new_inquiries(client, sales_user, frozen_now):
    for n in range(8):
        make_inquiry(n)
    client.force_login(sales_user)
    response = client.get(reverse("admin_portal:dashboard"))
    assert len(response.context["new_inquiries"]["latest"]) == 5
    assert response.context["new_inquiries"]["counts"]["new_unassigned"] == 8


@pytest.mark.parametrize("who", ["technician_user", "editor_user"])
def test_dashboard_widgets_only_for_those_who_handle_inquiries(client, request, who, frozen_now):
    make_inquiry(1)
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("admin_portal:dashboard"))
    assert response.status_code == 200
    assert "new_inquiries" not in response.context and "follow_ups_due" not in response.context
    html = response.content.decode()
    assert 'data-testid="new-inquiries"' not in html
    assert 'data-testid="follow-ups-due"' not in html


def test_dashboard_query_count_does_not_grow(client, sales_user, frozen_now):
    make_follow_up(0, owner=sales_user, due_at=NOW - HOUR)
    make_inquiry(0)
    client.force_login(sales_user)
    url = reverse("admin_portal:dashboard")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(1, 15):
        make_follow_up(n, owner=sales_user, due_at=NOW + n * dt.timedelta(minutes=20))
        make_inquiry(n)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["follow_ups_due"]["items"]) == 8
    assert response.context["follow_ups_due"]["more"] is True
    # The widgets add three queries (due follow-ups with their inquiry, the
    # new-inquiry counts, the latest five), whatever the numbers.
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_dashboard_complete_returns_to_the_dashboard(client, sales_user, plan):
    client.force_login(sales_user)
    dashboard = reverse("admin_portal:dashboard")
    response = client.post(
        reverse("admin_portal:follow-up-complete", args=[plan["overdue"].pk]), {"next": dashboard}
    )
    assert response["Location"] == dashboard
    assert FollowUp.objects.get(pk=plan["overdue"].pk).done_at is not None
