"""Outsiders on the admin portal's inquiry and follow-up actions, what
test_inquiry_pages and test_follow_up_pages leave out: the POSTs (reply,
note, status, assign, follow-up, a call logged, a follow-up done) and the
client finder, for an anonymous visitor (to sign-in), a client, a content
editor, staff with no group and a technician (403). Bodies that Sales
could post successfully, so a refusal is the permission's doing; nothing
changes. (Client and quotation pages are covered for every role in
test_client_pages and test_quotation_pages.)"""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.admin_portal.tests import inquiry_fixtures as fx
from apps.admin_portal.tests.inquiry_fixtures import NOW, make_follow_up
from apps.leads.models import FollowUp, Inquiry, InquiryResponse, InquirySource, InquiryStatus

pytestmark = pytest.mark.django_db

inquiry = fx.inquiry
no_perm_staff = fx.no_perm_staff
other_sales = fx.other_sales


@pytest.fixture
def scene(inquiry, sales_user, other_sales):
    follow_up = make_follow_up(1, owner=sales_user, due_at=NOW.replace(hour=15))
    return {"inquiry": inquiry, "follow_up": follow_up, "other_sales": other_sales}


def _requests(s) -> dict[str, tuple[str, str, dict]]:
    ref = s["inquiry"].reference

    def action(name):
        return reverse(f"admin_portal:{name}", args=[ref])

    return {
        "reply": ("post", action("inquiry-reply"), {"reply-body": "Mallory was here"}),
        "note": ("post", action("inquiry-note"), {"note-body": "Mallory was here"}),
        "status": ("post", action("inquiry-status"), {"status-status": InquiryStatus.IN_PROGRESS}),
        "lost": (
            "post",
            action("inquiry-status"),
            {"lost-status": InquiryStatus.LOST, "lost-reason": "Mallory"},
        ),
        "assign": ("post", action("inquiry-assign"), {"assign-assignee": str(s["other_sales"].pk)}),
        "take": ("post", action("inquiry-assign"), {"take": "1"}),
        "follow-up": (
            "post",
            action("inquiry-follow-up"),
            {
                "follow-note": "Mallory was here",
                "follow-due_date": "2026-03-04",
                "follow-due_time": "09:00",
                "follow-owner": str(s["other_sales"].pk),
            },
        ),
        "new": (
            "post",
            reverse("admin_portal:inquiry-new"),
            {
                "source": InquirySource.PHONE,
                "name": "Mallory",
                "phone": "0722 555 111",
                "message": "Mallory was here",
            },
        ),
        "client-search": (
            "get",
            reverse("admin_portal:inquiry-client-search"),
            {"client_q": "grace"},
        ),
        "follow-up-done": (
            "post",
            reverse("admin_portal:follow-up-complete", args=[s["follow_up"].pk]),
            {},
        ),
    }


REQUESTS = [
    "reply",
    "note",
    "status",
    "lost",
    "assign",
    "take",
    "follow-up",
    "new",
    "client-search",
    "follow-up-done",
]


def _nothing_changed(s):
    inquiry = Inquiry.objects.get(pk=s["inquiry"].pk)
    assert inquiry.status == InquiryStatus.NEW and inquiry.assignee == s["inquiry"].assignee
    assert not InquiryResponse.objects.filter(body="Mallory was here").exists()
    assert not FollowUp.objects.filter(note="Mallory was here").exists()
    assert not Inquiry.objects.filter(message="Mallory was here").exists()
    assert FollowUp.objects.get(pk=s["follow_up"].pk).done_at is None


@pytest.mark.parametrize("what", REQUESTS)
def test_anonymous_is_sent_to_sign_in(client, scene, what):
    method, url, data = _requests(scene)[what]
    response = getattr(client, method)(url, data)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    _nothing_changed(scene)


@pytest.mark.parametrize("who", ["client_user", "editor_user", "no_perm_staff", "technician_user"])
@pytest.mark.parametrize("what", REQUESTS)
def test_everyone_but_sales_is_refused(client, request, scene, who, what):
    client.force_login(request.getfixturevalue(who))
    method, url, data = _requests(scene)[what]
    assert getattr(client, method)(url, data).status_code == 403
    _nothing_changed(scene)
