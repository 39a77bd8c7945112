"""/api/v1/public/ for the catalog, portfolio and content: what anonymous
visitors see, in a constant number of queries, never stale after an edit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.catalog import services as catalog
from apps.catalog.tests.factories import ServiceCategoryFactory, ServiceFactory
from apps.cms import services as cms
from apps.cms.models import PostStatus
from apps.cms.tests.factories import (
    BannerFactory,
    BlogPostFactory,
    FAQFactory,
    PageFactory,
)
from apps.cms.tests.factories import TestimonialFactory as ApprovedTestimonialFactory
from apps.core.public_cache import content_version
from apps.portfolio.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def url(name: str, **kwargs) -> str:
    return reverse(f"v1:public:{name}", kwargs=kwargs or None)


# --- Query counts: the same for 1 and 30 rows, at most 8 -------------------------
# Each test warms the content version first: computing it looks up the next
# scheduled change once per content change, not per request.


@pytest.mark.parametrize("rows", [1, 30])
def test_service_list_query_count(api, django_assert_num_queries, rows):
    category = ServiceCategoryFactory(slug="ac-installation")
    ServiceFactory.create_batch(rows, category=category)
    content_version()
    # 1 count for the page, 2 services joined with category and hero image
    with django_assert_num_queries(2):
        response = api.get(url("service-list"), {"category": "ac-installation"})
    assert response.status_code == 200
    assert response.json()["count"] == rows


@pytest.mark.parametrize("rows", [1, 30])
def test_category_list_query_count(api, django_assert_num_queries, rows):
    for category in ServiceCategoryFactory.create_batch(rows):
        ServiceFactory(category=category)
    content_version()
    # 1 categories with their active-service count (no pagination: a short list)
    with django_assert_num_queries(1):
        response = api.get(url("category-list"))
    assert len(response.json()) == rows
    assert response.json()[0]["service_count"] == 1


@pytest.mark.parametrize("rows", [1, 30])
def test_service_detail_query_count(api, django_assert_num_queries, rows):
    service = ServiceFactory()
    for _ in range(rows):
        ProjectFactory(services=[service], with_images=2)
    content_version()
    # 1 service with category and hero, 2 related projects, 3 their images with
    # assets, 4 their services with categories
    with django_assert_num_queries(4):
        response = api.get(url("service-detail", slug=service.slug))
    body = response.json()
    assert len(body["related_projects"]) == min(rows, 6)
    assert body["specs"] == [
        {"label": "Capacity", "value": "12,000 BTU"},
        {"label": "Warranty", "value": "12 months"},
    ]
    assert body["currency"] == "KES"


@pytest.mark.parametrize("rows", [1, 30])
def test_project_list_query_count(api, django_assert_num_queries, rows):
    services = ServiceFactory.create_batch(3)
    for _ in range(rows):
        ProjectFactory(services=services, with_images=3)
    content_version()
    # 1 count, 2 projects, 3 images with assets, 4 services with categories
    with django_assert_num_queries(4):
        response = api.get(url("project-list"), {"page_size": 50})
    assert response.json()["count"] == rows
    first = response.json()["results"][0]
    assert first["cover"]["srcset_webp"]
    assert len(first["services"]) == 3


@pytest.mark.parametrize("rows", [1, 30])
def test_project_detail_query_count(api, django_assert_num_queries, rows):
    project = ProjectFactory(services=ServiceFactory.create_batch(2), with_images=rows)
    content_version()
    # 1 project, 2 images with assets, 3 services with categories
    with django_assert_num_queries(3):
        response = api.get(url("project-detail", key=project.slug))
    assert len(response.json()["images"]) == rows


@pytest.mark.parametrize("rows", [1, 30])
def test_blog_list_query_count(api, django_assert_num_queries, rows, editor_user):
    from apps.media.tests.factories import MediaAssetFactory

    for _ in range(rows):
        BlogPostFactory(author=editor_user, cover=MediaAssetFactory(), tags=",tips,")
    content_version()
    # 1 count, 2 posts joined with author and cover
    with django_assert_num_queries(2):
        response = api.get(url("post-list"), {"tag": "tips", "page_size": 50})
    assert response.json()["count"] == rows
    assert response.json()["results"][0]["author_name"] == editor_user.full_name


@pytest.mark.parametrize("rows", [1, 30])
def test_small_content_lists_query_counts(api, django_assert_max_num_queries, rows):
    FAQFactory.create_batch(rows)
    ApprovedTestimonialFactory.create_batch(rows)
    BannerFactory.create_batch(rows)
    content_version()
    # faq: 1 query; testimonials: count + rows; banners: 1 query (with images)
    for name, expected in (("faq-list", 1), ("testimonial-list", 2), ("banner-list", 1)):
        with django_assert_max_num_queries(expected):
            assert api.get(url(name)).status_code == 200


def test_post_and_page_detail_are_one_query(api, django_assert_num_queries):
    post = BlogPostFactory()
    page = PageFactory(slug="privacy")
    content_version()
    with django_assert_num_queries(1):  # the post with author and cover
        assert api.get(url("post-detail", slug=post.slug)).status_code == 200
    with django_assert_num_queries(1):  # the page with its Open Graph image
        assert api.get(url("page-detail", slug="privacy")).json()["slug"] == page.slug


# --- Caching -----------------------------------------------------------------------


def test_a_repeat_request_is_served_from_the_cache(api, django_assert_num_queries):
    ServiceFactory.create_batch(3)
    first = api.get(url("service-list"))
    assert first["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = api.get(url("service-list"))
    assert second["X-Cache"] == "hit"
    assert second.json() == first.json()
    assert second["Content-Type"] == "application/json"


def test_an_edit_is_never_served_stale(api, editor_user):
    service = ServiceFactory(name="Gas refill")
    list_url, detail_url = url("service-list"), url("service-detail", slug=service.slug)
    assert api.get(list_url).json()["results"][0]["name"] == "Gas refill"
    assert api.get(detail_url).json()["name"] == "Gas refill"
    assert api.get(list_url)["X-Cache"] == "hit"

    catalog.update_service(service=service, actor=editor_user, name="Gas refill (R32)")

    assert api.get(list_url).json()["results"][0]["name"] == "Gas refill (R32)"
    assert api.get(detail_url).json()["name"] == "Gas refill (R32)"


def test_an_edit_through_the_admin_api_refreshes_the_public_api(api, as_user, editor_user):
    project = ProjectFactory(title="Mombasa hotel")
    assert api.get(url("project-list")).json()["results"][0]["title"] == "Mombasa hotel"
    staff = as_user(editor_user)
    response = staff.patch(
        reverse("v1:admin:project-detail", kwargs={"pk": project.pk}),
        {"title": "Mombasa beach hotel"},
    )
    assert response.status_code == 200, response.json()
    staff.credentials()
    assert api.get(url("project-list")).json()["results"][0]["title"] == "Mombasa beach hotel"


def test_different_query_strings_are_cached_apart(api):
    ServiceFactory(category=ServiceCategoryFactory(slug="repairs"))
    ServiceFactory(category=ServiceCategoryFactory(slug="installs"))
    assert api.get(url("service-list"), {"category": "repairs"}).json()["count"] == 1
    assert api.get(url("service-list")).json()["count"] == 2


def test_errors_are_not_cached(api):
    assert api.get(url("service-detail", slug="nope")).status_code == 404
    ServiceFactory(slug="nope")
    # Created without a service (a factory), yet not cached: 404s never are.
    assert api.get(url("service-detail", slug="nope")).status_code == 200


# --- What the public sees ------------------------------------------------------------


def test_inactive_services_and_categories_are_hidden(api):
    ServiceFactory(is_active=False)
    ServiceFactory(category=ServiceCategoryFactory(is_active=False))
    visible = ServiceFactory()
    assert [s["slug"] for s in api.get(url("service-list")).json()["results"]] == [visible.slug]
    assert [c["slug"] for c in api.get(url("category-list")).json()] == [visible.category.slug]


def test_a_renamed_service_slug_redirects(api, editor_user):
    service = ServiceFactory(slug="gas-top-up")
    catalog.update_service(service=service, actor=editor_user, slug="gas-refill")
    response = api.get(url("service-detail", slug="gas-top-up"))
    assert response.status_code == 301
    assert response["Location"] == url("service-detail", slug="gas-refill")
    assert api.get(response["Location"]).json()["slug"] == "gas-refill"


def test_client_name_is_shown_only_with_consent(api):
    ProjectFactory(client_name="Secret Bank", client_consent=False, slug="a")
    ProjectFactory(client_name="Proud Hotel", client_consent=True, slug="b")
    names = {p["slug"]: p["client_name"] for p in api.get(url("project-list")).json()["results"]}
    assert names == {"a": "", "b": "Proud Hotel"}
    assert "Secret Bank" not in api.get(url("project-detail", key="a")).content.decode()


def test_project_filters_and_ordering(api):
    split = ServiceFactory(slug="split", category=ServiceCategoryFactory(slug="installs"))
    cold = ServiceFactory(slug="cold-room", category=ServiceCategoryFactory(slug="cold"))
    ProjectFactory(slug="n24", town="Nairobi", completed_on=dt.date(2024, 5, 1), services=[split])
    ProjectFactory(
        slug="m25",
        town="Mombasa",
        completed_on=dt.date(2025, 5, 1),
        services=[split, cold],
        is_featured=True,
    )
    ProjectFactory(slug="k25", town="Kisumu", completed_on=dt.date(2025, 7, 1), services=[cold])
    ProjectFactory(slug="hidden", town="Nairobi", is_published=False)

    def slugs(**params):
        response = api.get(url("project-list"), params)
        assert response.status_code == 200, response.json()
        return [p["slug"] for p in response.json()["results"]]

    assert slugs() == ["k25", "m25", "n24"]
    assert slugs(service="split") == ["m25", "n24"]
    assert slugs(category="cold") == ["k25", "m25"]
    assert slugs(town="nairobi") == ["n24"]
    assert slugs(year=2025) == ["k25", "m25"]
    assert slugs(ordering="featured")[0] == "m25"
    assert slugs(ordering="oldest") == ["n24", "m25", "k25"]
    bad = api.get(url("project-list"), {"year": "soon", "ordering": "x"})
    assert bad.status_code == 400
    assert "ordering" in bad.json()["errors"] or "year" in bad.json()["errors"]


def test_project_detail_by_id_or_slug_and_unpublished_is_404(api):
    project = ProjectFactory(slug="nakuru-dairy")
    assert api.get(url("project-detail", key=str(project.pk))).json()["slug"] == "nakuru-dairy"
    assert api.get(url("project-detail", key="nakuru-dairy")).status_code == 200
    draft = ProjectFactory(is_published=False)
    assert api.get(url("project-detail", key=draft.slug)).status_code == 404


@pytest.mark.date_sensitive
def test_blog_shows_published_posts_only_and_filters_by_tag(api):
    now = timezone.now()
    BlogPostFactory(slug="live", tags=",tips,maintenance,")
    BlogPostFactory(slug="other", tags=",news,")
    BlogPostFactory(slug="draft", status=PostStatus.DRAFT, published_at=None)
    BlogPostFactory(
        slug="later", status=PostStatus.SCHEDULED, published_at=now + dt.timedelta(days=1)
    )
    listed = [p["slug"] for p in api.get(url("post-list")).json()["results"]]
    assert sorted(listed) == ["live", "other"]
    assert [p["slug"] for p in api.get(url("post-list"), {"tag": "tips"}).json()["results"]] == [
        "live"
    ]
    assert api.get(url("post-detail", slug="draft")).status_code == 404
    assert api.get(url("post-detail", slug="later")).status_code == 404


def test_staff_preview_is_a_selector_flag():
    from apps.cms import selectors

    draft = BlogPostFactory(status=PostStatus.DRAFT, published_at=None)
    assert selectors.post_for_public(slug=draft.slug) == (None, False)
    assert selectors.post_for_public(slug=draft.slug, preview=True) == (draft, False)


@pytest.mark.date_sensitive
def test_unapproved_testimonials_and_inactive_banners_are_hidden(api, editor_user):
    ApprovedTestimonialFactory(client_name="Shown")
    pending = ApprovedTestimonialFactory(client_name="Pending", is_approved=False)
    now = timezone.now()
    BannerFactory(headline="Now")
    BannerFactory(headline="Later", active_from=now + dt.timedelta(days=1))
    BannerFactory(headline="Over", active_to=now - dt.timedelta(days=1))
    BannerFactory(headline="Off", is_active=False)
    names = [t["client_name"] for t in api.get(url("testimonial-list")).json()["results"]]
    assert names == ["Shown"]
    assert [b["headline"] for b in api.get(url("banner-list")).json()] == ["Now"]

    cms.set_testimonial_approval(testimonial=pending, actor=editor_user, approved=True)
    names = [t["client_name"] for t in api.get(url("testimonial-list")).json()["results"]]
    assert sorted(names) == ["Pending", "Shown"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_public_api_is_read_only(api, as_user, client_user, method):
    service = ServiceFactory()
    for client in (api, as_user(client_user)):
        response = getattr(client, method)(url("service-detail", slug=service.slug), {})
        assert response.status_code == 405
