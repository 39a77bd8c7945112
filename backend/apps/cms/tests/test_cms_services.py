"""Writes of the CMS: publishing and scheduling, approval, slugs, audit."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.cms import selectors, services
from apps.cms.models import PostStatus
from apps.core.models import AuditLog

pytestmark = [pytest.mark.django_db, pytest.mark.date_sensitive]


def test_publishing_now_and_scheduling(editor_user):
    post = services.create_post(
        actor=editor_user, title="Five signs you need a gas refill", tags="Repairs, tips"
    )
    assert post.status == PostStatus.DRAFT and post.published_at is None
    assert post.tag_list == ["repairs", "tips"]
    assert list(selectors.public_posts()) == []

    later = timezone.now() + dt.timedelta(days=2)
    services.publish_post(post=post, actor=editor_user, at=later)
    post.refresh_from_db()
    assert post.status == PostStatus.SCHEDULED
    assert list(selectors.public_posts()) == []

    with time_machine.travel(later + dt.timedelta(minutes=1)):
        assert list(selectors.public_posts()) == [post]
        assert services.mark_due_posts_published() == 1
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED

    services.unpublish_post(post=post, actor=editor_user)
    assert list(selectors.public_posts()) == []
    actions = list(AuditLog.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["post.created", "post.updated", "post.updated"]


def test_published_without_a_time_means_now(editor_user):
    post = services.create_post(actor=editor_user, title="Now", status="published")
    assert post.status == PostStatus.PUBLISHED and post.published_at <= timezone.now()


def test_testimonial_approval_is_audited(editor_user):
    testimonial = services.create_testimonial(
        actor=editor_user, client_name="Grace", quote="Fixed in an hour.", rating=5
    )
    assert list(selectors.approved_testimonials()) == []
    services.set_testimonial_approval(testimonial=testimonial, actor=editor_user, approved=True)
    assert list(selectors.approved_testimonials()) == [testimonial]
    assert AuditLog.objects.filter(action="testimonial.approved").count() == 1


def test_rating_is_one_to_five(editor_user):
    with pytest.raises(ValidationError):
        services.create_testimonial(actor=editor_user, client_name="X", quote="Y", rating=6)


def test_banner_window_is_validated(editor_user):
    now = timezone.now()
    with pytest.raises(ValidationError) as exc:
        services.create_banner(
            actor=editor_user, headline="Sale", active_from=now, active_to=now - dt.timedelta(1)
        )
    assert "active_to" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.create_banner(
            actor=editor_user, headline="X", cta_label="Go", cta_url="javascript:x"
        )


def test_page_slug_history(editor_user):
    page = services.create_page(actor=editor_user, title="Cookie policy", is_published=True)
    services.update_page(page=page, actor=editor_user, slug="cookies")
    assert selectors.page_for_public(slug="cookie-policy") == (page, True)
    assert selectors.page_for_public(slug="cookies") == (page, False)
