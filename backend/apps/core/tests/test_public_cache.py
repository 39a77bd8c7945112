"""The public content version: bumped by writes and by scheduled changes."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from apps.cms import services as cms
from apps.core import public_cache

pytestmark = pytest.mark.django_db


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
