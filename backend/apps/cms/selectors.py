"""Reads of the website content. ``preview=True`` (staff only; the interface
decides who) includes drafts and scheduled posts."""

from __future__ import annotations

import datetime as dt

from django.db.models import Min, Q, QuerySet
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
from apps.core.slugs import resolve_slug
from apps.media.models import normalize_tags


def _visible_posts(now: dt.datetime | None = None) -> Q:
    now = now or timezone.now()
    return Q(status__in=(PostStatus.PUBLISHED, PostStatus.SCHEDULED), published_at__lte=now)


def public_posts(*, tag: str = "", preview: bool = False) -> QuerySet[BlogPost]:
    """Posts the public sees, newest first, with author and cover: one query.
    ``body`` is deferred (the list shows excerpts); ``post_for_public`` loads it."""
    qs = BlogPost.objects.select_related("author", "cover").defer("body")
    if not preview:
        qs = qs.filter(_visible_posts())
    if tag and (normalized := normalize_tags([tag])):
        qs = qs.filter(tags__contains=normalized)
    return qs.order_by("-published_at", "-created_at")


def post_for_public(*, slug: str, preview: bool = False) -> tuple[BlogPost | None, bool]:
    qs = BlogPost.objects.select_related("author", "cover")
    if not preview:
        qs = qs.filter(_visible_posts())
    return resolve_slug(qs, BlogPostSlugHistory, slug)


def post_tags() -> list[str]:
    """Every tag used by a public post, for the tag filter."""
    tags: set[str] = set()
    for value in BlogPost.objects.filter(_visible_posts()).values_list("tags", flat=True):
        tags.update(tag for tag in value.split(",") if tag)
    return sorted(tags)


def page_for_public(*, slug: str, preview: bool = False) -> tuple[Page | None, bool]:
    qs = Page.objects.select_related("og_image")
    if not preview:
        qs = qs.filter(is_published=True)
    return resolve_slug(qs, PageSlugHistory, slug)


def public_pages() -> QuerySet[Page]:
    return Page.objects.filter(is_published=True).order_by("title")


def active_banners(*, now: dt.datetime | None = None) -> QuerySet[Banner]:
    now = now or timezone.now()
    return (
        Banner.objects.filter(is_active=True)
        .filter(Q(active_from__isnull=True) | Q(active_from__lte=now))
        .filter(Q(active_to__isnull=True) | Q(active_to__gt=now))
        .select_related("image")
        .order_by("order", "-created_at")
    )


def approved_testimonials() -> QuerySet[Testimonial]:
    return (
        Testimonial.objects.filter(is_approved=True)
        .select_related("photo")
        .order_by("order", "-created_at")
    )


def public_faq(*, category: str = "") -> QuerySet[FAQ]:
    qs = FAQ.objects.filter(is_published=True)
    if category:
        qs = qs.filter(category__iexact=category)
    return qs.order_by("category", "order", "question")


def next_scheduled_change(now: dt.datetime) -> dt.datetime | None:
    """The next moment public content changes by itself: a scheduled post
    goes live, or a banner's window opens or closes."""
    moments = [
        BlogPost.objects.filter(
            status__in=(PostStatus.PUBLISHED, PostStatus.SCHEDULED), published_at__gt=now
        ).aggregate(m=Min("published_at"))["m"],
        Banner.objects.filter(is_active=True, active_from__gt=now).aggregate(m=Min("active_from"))[
            "m"
        ],
        Banner.objects.filter(is_active=True, active_to__gt=now).aggregate(m=Min("active_to"))["m"],
    ]
    moments = [m for m in moments if m is not None]
    return min(moments) if moments else None


# --- Staff lists --------------------------------------------------------------


def pages_for_admin(*, search: str = "", is_published: bool | None = None) -> QuerySet[Page]:
    qs = Page.objects.select_related("og_image")
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(slug__icontains=search))
    if is_published is not None:
        qs = qs.filter(is_published=is_published)
    return qs.order_by("title")


def posts_for_admin(*, search: str = "", status: str = "", tag: str = "") -> QuerySet[BlogPost]:
    qs = BlogPost.objects.select_related("author", "cover")
    if tag and (normalized := normalize_tags([tag])):
        qs = qs.filter(tags__contains=normalized)
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(excerpt__icontains=search))
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at")


BANNER_WINDOWS = ("showing", "upcoming", "ended", "off")


def banners_for_admin(
    *, search: str = "", window: str = "", now: dt.datetime | None = None
) -> QuerySet[Banner]:
    """Banners for staff; ``window`` is one of BANNER_WINDOWS: shown now,
    starting later, ended, or switched off."""
    now = now or timezone.now()
    qs = Banner.objects.select_related("image")
    if search:
        qs = qs.filter(Q(headline__icontains=search) | Q(text__icontains=search))
    if window == "showing":
        qs = qs.filter(pk__in=active_banners(now=now).values("pk"))
    elif window == "upcoming":
        qs = qs.filter(is_active=True, active_from__gt=now)
    elif window == "ended":
        qs = qs.filter(active_to__lte=now)
    elif window == "off":
        qs = qs.filter(is_active=False)
    return qs.order_by("order", "-created_at")


def testimonials_for_admin(
    *, search: str = "", is_approved: bool | None = None
) -> QuerySet[Testimonial]:
    qs = Testimonial.objects.select_related("photo")
    if search:
        qs = qs.filter(
            Q(client_name__icontains=search)
            | Q(role_company__icontains=search)
            | Q(quote__icontains=search)
        )
    if is_approved is not None:
        qs = qs.filter(is_approved=is_approved)
    return qs.order_by("is_approved", "order", "-created_at")


def faq_for_admin(
    *, search: str = "", category: str = "", is_published: bool | None = None
) -> QuerySet[FAQ]:
    qs = FAQ.objects.all()
    if search:
        qs = qs.filter(Q(question__icontains=search) | Q(category__icontains=search))
    if category:
        qs = qs.filter(category__iexact=category)
    if is_published is not None:
        qs = qs.filter(is_published=is_published)
    return qs.order_by("category", "order", "question")


def faq_categories() -> list[str]:
    """The categories in use, for the FAQ filter and the category suggestions."""
    return list(
        FAQ.objects.exclude(category="")
        .order_by("category")
        .values_list("category", flat=True)
        .distinct()
    )
