"""The public content version: bumped by writes and by scheduled changes."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from apps.cms import services as cms
from apps.core import public_cache

pytestmark = [pytest.mark.django_db, pytest.mark.date_sensitive]


def test_keys_change_when_content_changes(editor_user):
    first = public_cache.public_cache_key("api", "/services/")
    assert public_cache.public_cache_key("api", "/services/") == first
    cms.create_faq(actor=editor_user, question="Do you work on Sundays?", answer="<p>No.</p>")
    assert public_cache.public_cache_key("api", "/services/") != first


def test_version_is_bumped_again_after_commit(editor_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        cms.create_faq(actor=editor_user, question="Q?", answer="A")
        during = public_cache.content_version()
    for callback in callbacks:
        callback()
    # A reader that cached the old rows between write and commit used `during`.
    assert public_cache.content_version() != during


def test_a_lost_version_record_never_reuses_an_old_number():
    old = public_cache.content_version()
    cache.delete(public_cache.VERSION_KEY)
    assert public_cache.content_version() != old


def test_a_scheduled_post_rolls_the_version_over_when_it_goes_live(editor_user):
    at = timezone.now() + dt.timedelta(hours=2)
    cms.create_post(actor=editor_user, title="Coming soon", status="published", published_at=at)
    before = public_cache.content_version()
    with time_machine.travel(at - dt.timedelta(minutes=1)):
        assert public_cache.content_version() == before
    with time_machine.travel(at + dt.timedelta(seconds=1)):
        assert public_cache.content_version() != before


# --- The decorator on HTML pages ---------------------------------------------------


def _html_view(request):
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    token = get_token(request)
    body = f'<form><input type="hidden" name="csrfmiddlewaretoken" value="{token}"></form>'
    return HttpResponse(body, content_type="text/html; charset=utf-8")


def test_a_cached_html_page_never_carries_the_first_visitors_csrf_token(rf):
    view = public_cache.cache_public_response("t")(_html_view)
    first = view(_anonymous(rf.get("/x/")))
    stored = next(v for k, v in _cache_items() if ":t:" in k)
    assert b"__public_cache_csrf_token__" in stored[0]
    second_request = _anonymous(rf.get("/x/"))
    second = view(second_request)
    assert second["X-Cache"] == "hit"
    assert b"__public_cache_csrf_token__" not in second.content
    assert second.content != first.content  # a token of the second visitor's own
    assert second_request.META.get("CSRF_COOKIE")  # and the cookie to match it


def test_vary_cookies_and_headers_are_part_of_the_key(rf):
    request = _anonymous(rf.get("/x/", HTTP_HX_REQUEST="true"))
    request.COOKIES["cookie_consent"] = "all"
    plain = _anonymous(rf.get("/x/"))
    with_vary = {"vary_cookies": ("cookie_consent",), "vary_headers": ("HX-Request",)}
    assert public_cache.request_cache_key("n", request, **with_vary) != (
        public_cache.request_cache_key("n", plain, **with_vary)
    )
    assert public_cache.request_cache_key("n", request) == public_cache.request_cache_key(
        "n", plain
    )


def _anonymous(request):
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    return request


def _cache_items():
    # LocMemCache and Redis alike: look the entries up by the key we know.
    from django.test import RequestFactory

    key = public_cache.request_cache_key("t", _anonymous(RequestFactory().get("/x/")))
    return [(key, cache.get(key))]
