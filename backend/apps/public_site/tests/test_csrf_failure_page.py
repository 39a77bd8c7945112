"""A refused form post (CSRF) answers the site's own page, in the public
layout, saying what to do; never Django's developer page, DEBUG included.
Under /api/ it is JSON in the API's one error shape."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import include, path

from apps.leads.tokens import quotation_access_token

pytestmark = pytest.mark.django_db


def plain_api_view(request):
    """A plain Django view under /api/ (DRF's own views are CSRF-exempt and
    check the session's CSRF themselves)."""
    return HttpResponse("ok")


urlpatterns = [
    path("api/v1/plain/", plain_api_view),
    path("", include("config.urls")),
]


@pytest.fixture
def strict_client():
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def quote_path(sent_quotation):
    return f"/quotes/{quotation_access_token(sent_quotation)}/"


def _assert_site_page(response):
    assert response.status_code == 403
    assert response.templates[0].name == "403_csrf.html"
    html = response.content.decode()
    assert "Your form was not sent" in html
    assert "Go back, reload the page and try again" in html
    assert 'data-testid="csrf-failure"' in html
    # The public layout: the site's header and footer, its stylesheet.
    assert "Book a service" in html and 'id="footer-heading"' in html
    assert "dist/app.css" in html
    # None of Django's page or its reasons.
    for leak in ("CSRF verification failed", "Forbidden (403)", "CSRF cookie", "Origin checking"):
        assert leak not in html
    assert response["Cache-Control"] == "private, no-store"


def test_a_refused_post_answers_the_sites_own_page(strict_client, quote_path, sent_quotation):
    response = strict_client.post(quote_path, {"action": "accept", "signer_name": "Hassan Ali"})
    _assert_site_page(response)
    sent_quotation.refresh_from_db()
    assert sent_quotation.status == "sent"  # nothing happened


@override_settings(DEBUG=True)
def test_under_debug_it_is_still_the_sites_page(strict_client, quote_path):
    response = strict_client.post(
        quote_path, {"action": "accept"}, HTTP_ORIGIN="null", HTTP_REFERER=""
    )
    _assert_site_page(response)
    assert "CSRF_FAILURE_VIEW" not in response.content.decode()


def test_the_page_links_back_to_the_form_on_this_site_only(strict_client, quote_path):
    here = strict_client.post(quote_path, {}, HTTP_REFERER=f"http://testserver{quote_path}")
    assert f'href="http://testserver{quote_path}"' in here.content.decode()
    assert 'data-testid="csrf-back"' in here.content.decode()
    elsewhere = strict_client.post(quote_path, {}, HTTP_REFERER="https://evil.example/x")
    assert "evil.example" not in elsewhere.content.decode()
    assert 'data-testid="csrf-back"' not in elsewhere.content.decode()


def test_the_page_speaks_the_visitors_language(strict_client, quote_path):
    response = strict_client.post(quote_path, {}, HTTP_ACCEPT_LANGUAGE="sw")
    assert response.status_code == 403
    assert response.templates[0].name == "403_csrf.html"
    assert '<html lang="sw"' in response.content.decode()


def test_the_cookie_banner_and_language_switch_have_the_same_page(strict_client):
    for url in ("/cookies/consent/", "/i18n/setlang/"):
        _assert_site_page(strict_client.post(url, {"choice": "all", "language": "sw"}))


@pytest.mark.urls(__name__)
@override_settings(DEBUG=True)
def test_under_api_a_refused_post_is_json_in_the_error_shape(strict_client):
    response = strict_client.post("/api/v1/plain/", {"x": "1"})
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"detail", "code", "errors"}
    assert body["code"] == "csrf_failed" and body["errors"] == {}
    assert "Reload the page and try again" in body["detail"]


def test_drf_session_csrf_stays_json_in_the_error_shape(strict_client, client_user):
    """DRF checks a session's CSRF itself; its refusal is in the error shape too."""
    strict_client.force_login(client_user)
    response = strict_client.patch(
        "/api/v1/auth/profile/", {"full_name": "W K"}, content_type="application/json"
    )
    assert response.status_code == 403
    body = response.json()
    assert set(body) >= {"detail", "code", "errors"} and "CSRF" in body["detail"]
