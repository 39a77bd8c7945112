"""Writes of the website content: pages, blog posts, banners, testimonials and
FAQ. Rich text is sanitised here (not in ``save()``); every write records an
audit entry and invalidates the public cache."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from apps.cms.models import (
    FAQ,
    Banner,
    BlogPost,
    BlogPostSlugHistory,
    Page,
    PageSlugHistory,
    PostStatus,
    Testimonial,
)
from apps.core.editing import apply_changes
from apps.core.public_cache import bump_content_version
from apps.core.rich_text import sanitize_html
from apps.core.services import record_audit
from apps.core.slugs import SlugHistory, claim_slug, unique_slug
from apps.media.models import MediaAsset, normalize_tags

PAGE_FIELDS = ("title", "slug", "body", "seo_title", "seo_description", "og_image", "is_published")
POST_FIELDS = (
    "title",
    "slug",
    "author",
    "cover",
    "excerpt",
    "body",
    "tags",
    "status",
    "published_at",
    "seo_title",
    "seo_description",
)
BANNER_FIELDS = (
    "headline",
    "text",
    "cta_label",
    "cta_url",
    "image",
    "active_from",
    "active_to",
    "is_active",
    "order",
)
TESTIMONIAL_FIELDS = ("client_name", "role_company", "quote", "rating", "photo", "order")
FAQ_FIELDS = ("question", "answer", "category", "order", "is_published")


def _create(
    instance: models.Model,
    *,
    actor: Any,
    action: str,
    history_model: type[SlugHistory] | None = None,
) -> Any:
    instance.full_clean()
    instance.save()
    if history_model is not None:
        claim_slug(history_model, getattr(instance, "slug", ""))
    record_audit(actor=actor, action=action, target=instance)
    bump_content_version()
    return instance


def _update(
    instance: models.Model,
    *,
    actor: Any,
    action: str,
    changes: dict[str, Any],
    editable: tuple[str, ...],
    rich_text: tuple[str, ...] = (),
    history_model: type[SlugHistory] | None = None,
) -> Any:
    diff = apply_changes(
        instance=instance,
        changes=changes,
        editable=editable,
        rich_text=rich_text,
        history_model=history_model,
    )
    record_audit(actor=actor, action=action, target=instance, changes=diff)
    bump_content_version()
    return instance


def _delete(instance: models.Model, *, actor: Any, action: str) -> None:
    record_audit(actor=actor, action=action, target=instance)
    instance.delete()
    bump_content_version()


# --- Pages ------------------------------------------------------------------


@transaction.atomic
def create_page(
    *,
    actor: Any,
    title: str,
    slug: str = "",
    body: str = "",
    seo_title: str = "",
    seo_description: str = "",
    og_image: MediaAsset | None = None,
    is_published: bool = False,
) -> Page:
    page = Page(
        title=title.strip(),
        slug=slug or unique_slug(Page, title, max_length=180),
        body=sanitize_html(body),
        seo_title=seo_title.strip(),
        seo_description=seo_description.strip(),
        og_image=og_image,
        is_published=is_published,
    )
    return _create(page, actor=actor, action="page.created", history_model=PageSlugHistory)


@transaction.atomic
def update_page(*, page: Page, actor: Any, **changes: Any) -> Page:
    return _update(
        page,
        actor=actor,
        action="page.updated",
        changes=changes,
        editable=PAGE_FIELDS,
        rich_text=("body",),
        history_model=PageSlugHistory,
    )


@transaction.atomic
def delete_page(*, page: Page, actor: Any) -> None:
    _delete(page, actor=actor, action="page.deleted")


# --- Blog -------------------------------------------------------------------


def _status_for(status: str, published_at: dt.datetime | None) -> tuple[str, dt.datetime | None]:
    """Published with a future time is stored as scheduled, and a scheduled
    post whose time has passed as published: the status says what the
    public sees. Publishing without a time publishes now."""
    if status == PostStatus.DRAFT:
        return status, published_at
    now = timezone.now()
    if published_at is None:
        published_at = now
    return (PostStatus.SCHEDULED if published_at > now else PostStatus.PUBLISHED), published_at


@transaction.atomic
def create_post(
    *,
    actor: Any,
    title: str,
    slug: str = "",
    author: Any = None,
    cover: MediaAsset | None = None,
    excerpt: str = "",
    body: str = "",
    tags: str | list[str] | None = None,
    status: str = PostStatus.DRAFT,
    published_at: dt.datetime | None = None,
    seo_title: str = "",
    seo_description: str = "",
) -> BlogPost:
    status, published_at = _status_for(status, published_at)
    post = BlogPost(
        title=title.strip(),
        slug=slug or unique_slug(BlogPost, title, max_length=200),
        author=author,
        cover=cover,
        excerpt=excerpt.strip(),
        body=sanitize_html(body),
        tags=normalize_tags(tags),
        status=status,
        published_at=published_at,
        seo_title=seo_title.strip(),
        seo_description=seo_description.strip(),
    )
    return _create(post, actor=actor, action="post.created", history_model=BlogPostSlugHistory)


@transaction.atomic
def update_post(*, post: BlogPost, actor: Any, **changes: Any) -> BlogPost:
    if "tags" in changes:
        changes["tags"] = normalize_tags(changes["tags"])
    if "status" in changes or "published_at" in changes:
        changes["status"], changes["published_at"] = _status_for(
            changes.get("status", post.status), changes.get("published_at", post.published_at)
        )
    return _update(
        post,
        actor=actor,
        action="post.updated",
        changes=changes,
        editable=POST_FIELDS,
        rich_text=("body",),
        history_model=BlogPostSlugHistory,
    )


@transaction.atomic
def publish_post(*, post: BlogPost, actor: Any, at: dt.datetime | None = None) -> BlogPost:
    """Publish now, or schedule for ``at``."""
    return update_post(post=post, actor=actor, status=PostStatus.PUBLISHED, published_at=at)


@transaction.atomic
def unpublish_post(*, post: BlogPost, actor: Any) -> BlogPost:
    return update_post(post=post, actor=actor, status=PostStatus.DRAFT)


@transaction.atomic
def delete_post(*, post: BlogPost, actor: Any) -> None:
    _delete(post, actor=actor, action="post.deleted")


def mark_due_posts_published() -> int:
    """Tidy-up for the beat schedule: scheduled posts whose time has come are
    stored as published. (They are already public: visibility goes by time.)"""
    count = BlogPost.objects.filter(
        status=PostStatus.SCHEDULED, published_at__lte=timezone.now()
    ).update(status=PostStatus.PUBLISHED, updated_at=timezone.now())
    if count:
        bump_content_version()
    return count


# --- Banners ----------------------------------------------------------------


@transaction.atomic
def create_banner(
    *,
    actor: Any,
    headline: str,
    text: str = "",
    cta_label: str = "",
    cta_url: str = "",
    image: MediaAsset | None = None,
    active_from: dt.datetime | None = None,
    active_to: dt.datetime | None = None,
    is_active: bool = True,
    order: int = 0,
) -> Banner:
    banner = Banner(
        headline=headline.strip(),
        text=text.strip(),
        cta_label=cta_label.strip(),
        cta_url=cta_url.strip(),
        image=image,
        active_from=active_from,
        active_to=active_to,
        is_active=is_active,
        order=order,
    )
    return _create(banner, actor=actor, action="banner.created")


@transaction.atomic
def update_banner(*, banner: Banner, actor: Any, **changes: Any) -> Banner:
    return _update(
        banner, actor=actor, action="banner.updated", changes=changes, editable=BANNER_FIELDS
    )


@transaction.atomic
def delete_banner(*, banner: Banner, actor: Any) -> None:
    _delete(banner, actor=actor, action="banner.deleted")


# --- Testimonials -----------------------------------------------------------


@transaction.atomic
def create_testimonial(
    *,
    actor: Any,
    client_name: str,
    quote: str,
    role_company: str = "",
    rating: int = 5,
    photo: MediaAsset | None = None,
    order: int = 0,
    is_approved: bool = False,
) -> Testimonial:
    testimonial = Testimonial(
        client_name=client_name.strip(),
        role_company=role_company.strip(),
        quote=quote.strip(),
        rating=rating,
        photo=photo,
        order=order,
        is_approved=is_approved,
        approved_at=timezone.now() if is_approved else None,
    )
    return _create(testimonial, actor=actor, action="testimonial.created")


@transaction.atomic
def update_testimonial(*, testimonial: Testimonial, actor: Any, **changes: Any) -> Testimonial:
    return _update(
        testimonial,
        actor=actor,
        action="testimonial.updated",
        changes=changes,
        editable=TESTIMONIAL_FIELDS,
    )


@transaction.atomic
def set_testimonial_approval(
    *, testimonial: Testimonial, actor: Any, approved: bool
) -> Testimonial:
    """Approve (show on the site) or withdraw a testimonial."""
    testimonial = Testimonial.objects.select_for_update().get(pk=testimonial.pk)
    if testimonial.is_approved == approved:
        return testimonial
    testimonial.is_approved = approved
    testimonial.approved_at = timezone.now() if approved else None
    testimonial.save(update_fields=["is_approved", "approved_at", "updated_at"])
    record_audit(
        actor=actor,
        action="testimonial.approved" if approved else "testimonial.withdrawn",
        target=testimonial,
        changes={"is_approved": [not approved, approved]},
    )
    bump_content_version()
    return testimonial


@transaction.atomic
def delete_testimonial(*, testimonial: Testimonial, actor: Any) -> None:
    _delete(testimonial, actor=actor, action="testimonial.deleted")


# --- FAQ --------------------------------------------------------------------


@transaction.atomic
def create_faq(
    *,
    actor: Any,
    question: str,
    answer: str,
    category: str = "",
    order: int = 0,
    is_published: bool = True,
) -> FAQ:
    faq = FAQ(
        question=question.strip(),
        answer=sanitize_html(answer),
        category=category.strip(),
        order=order,
        is_published=is_published,
    )
    return _create(faq, actor=actor, action="faq.created")


@transaction.atomic
def update_faq(*, faq: FAQ, actor: Any, **changes: Any) -> FAQ:
    return _update(
        faq,
        actor=actor,
        action="faq.updated",
        changes=changes,
        editable=FAQ_FIELDS,
        rich_text=("answer",),
    )


@transaction.atomic
def delete_faq(*, faq: FAQ, actor: Any) -> None:
    _delete(faq, actor=actor, action="faq.deleted")
