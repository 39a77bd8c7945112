"""Signed one-click unsubscribe: tampered links refused; valid ones opt out, once."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client as BrowserClient
from django.urls import reverse

from apps.core.models import AuditLog
from apps.leads.models import ConsentSource
from apps.notifications.models import NotificationStatus
from apps.notifications.services import queue_notification, unsubscribe_token

pytestmark = pytest.mark.django_db

# Issue 11: a message carries the data its template declares as required.
VISIT = {"booking": {"reference": "BK-1", "date": "Tue", "time": "10:00"}}


def _url(token):
    return reverse("notifications:unsubscribe", kwargs={"token": token})


@pytest.fixture
def browser():
    # Mail providers post one-click unsubscribes without cookies or CSRF tokens.
    return BrowserClient(enforce_csrf_checks=True)


def test_marketing_mail_carries_the_link_and_one_click_headers(customer, on_commit):
    with on_commit():
        queue_notification(template_key="campaign", client=customer, context={"message": "Hi"})
    message = mail.outbox[0]
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert url.endswith(_url(unsubscribe_token(customer)))
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in message.body and url in message.alternatives[0][0]


def test_transactional_mail_has_no_unsubscribe_header(customer, on_commit):
    with on_commit():
        queue_notification(template_key="booking_confirmed", client=customer, context=VISIT)
    assert "List-Unsubscribe" not in mail.outbox[0].extra_headers


@pytest.mark.parametrize("mangle", [lambda t: t[:-2] + "xx", lambda t: "x" + t, lambda t: "abc"])
def test_tampered_link_is_refused_and_changes_nothing(customer, browser, mangle):
    token = mangle(unsubscribe_token(customer))
    assert browser.get(_url(token)).status_code == 400
    assert browser.post(_url(token)).status_code == 400
    customer.refresh_from_db()
    assert customer.marketing_opt_in


def test_another_clients_id_with_this_signature_is_refused(customer, browser):
    from apps.notifications.tests.factories import ClientFactory

    other = ClientFactory()
    forged = str(other.pk) + ":" + unsubscribe_token(customer).split(":", 1)[1]
    assert browser.post(_url(forged)).status_code == 400
    other.refresh_from_db()
    assert other.marketing_opt_in


def test_get_only_asks_and_post_opts_out_idempotently(customer, browser):
    url = _url(unsubscribe_token(customer))
    page = browser.get(url)
    assert page.status_code == 200 and b'<form method="post">' in page.content
    customer.refresh_from_db()
    assert customer.marketing_opt_in  # a mail scanner opening the link changes nothing

    first = browser.post(url, {"List-Unsubscribe": "One-Click"})
    assert first.status_code == 200
    customer.refresh_from_db()
    assert not customer.marketing_opt_in
    assert customer.marketing_opt_in_source == ConsentSource.UNSUBSCRIBE_LINK
    stamped = customer.marketing_opt_in_at

    second = browser.post(url)
    assert second.status_code == 200
    customer.refresh_from_db()
    assert customer.marketing_opt_in_at == stamped
    assert AuditLog.objects.filter(action="client.unsubscribed").count() == 1


def test_unsubscribing_stops_marketing_already_queued(customer, browser):
    waiting = queue_notification(template_key="campaign", client=customer, context={"message": "x"})
    browser.post(_url(unsubscribe_token(customer)))
    waiting.refresh_from_db()
    assert waiting.status == NotificationStatus.CANCELLED


def test_api_unsubscribe(customer, api):
    url = reverse("v1:public:unsubscribe")
    assert api.post(url, {"token": "nope"}).status_code == 400
    response = api.post(url, {"token": unsubscribe_token(customer)})
    assert response.status_code == 200 and response.json() == {
        "unsubscribed": True,
        "changed": True,
    }
    assert api.post(url, {"token": unsubscribe_token(customer)}).json()["changed"] is False
