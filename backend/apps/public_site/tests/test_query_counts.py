"""Every public page runs a fixed number of queries, at most 8, whatever the
number of rows: each is measured with 1 and with 30 records (an uncached
request: the cache is empty at the start of every test). The company's
settings come through a context processor on every page: that is query 1."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.catalog.tests.factories import ServiceCategoryFactory, ServiceFactory
from apps.cms.tests.factories import (
    BannerFactory,
    BlogPostFactory,
    FAQFactory,
    PageFactory,
)
from apps.cms.tests.factories import TestimonialFactory as ApprovedTestimonialFactory
from apps.media.tests.factories import MediaAssetFactory
from apps.portfolio.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

ROWS = [1, 30]


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response["X-Cache"] == "miss"
    return response


@pytest.mark.parametrize("rows", ROWS)
def test_home(client, warm, rows, django_assert_num_queries, django_assert_max_num_queries):
    services = []
    for category in ServiceCategoryFactory.create_batch(rows):
        services.append(ServiceFactory(category=category))
    for _ in range(rows):
        ProjectFactory(services=services[:2], with_images=2, is_featured=True)
    BannerFactory.create_batch(rows, image=MediaAssetFactory())
    ApprovedTestimonialFactory.create_batch(rows)
    warm()
    # 1 company settings, 2 active banners with images, 3 categories with their
    # service count, 4 featured projects, 5 their images with assets, 6 their
    # services with categories, 7 approved testimonials with photos
    with django_assert_max_num_queries(8), django_assert_num_queries(7):
        html = get(client, "/").content.decode()
    assert html.count('data-testid="project-card"') == min(rows, 3)


@pytest.mark.parametrize("rows", ROWS)
def test_services_index(client, warm, rows, django_assert_num_queries):
    for category in ServiceCategoryFactory.create_batch(3):
        ServiceFactory.create_batch(rows, category=category, hero_image=MediaAssetFactory())
    warm()
    # 1 company settings, 2 categories with their service count, 3 services
    # joined with category and hero image
    with django_assert_num_queries(3):
        html = get(client, reverse("public_site:services")).content.decode()
    assert html.count('data-testid="service-card"') == 3 * rows


@pytest.mark.parametrize("rows", ROWS)
def test_service_category(client, warm, rows, django_assert_num_queries):
    category = ServiceCategoryFactory()
    services = ServiceFactory.create_batch(rows, category=category)
    for _ in range(rows):
        ProjectFactory(services=services[:3], with_images=3)
    warm()
    # 1 company settings, 2 category, 3 its services, 4 recent projects in it,
    # 5 their images, 6 their services
    with django_assert_num_queries(6):
        html = get(
            client, reverse("public_site:service-category", kwargs={"slug": category.slug})
        ).content.decode()
    assert html.count('data-testid="service-card"') == rows


@pytest.mark.parametrize("rows", ROWS)
def test_service_detail(client, warm, rows, django_assert_num_queries):
    service = ServiceFactory(
        hero_image=MediaAssetFactory(),
        specs=[{"label": f"Spec {n}", "value": str(n)} for n in range(rows)],
    )
    for _ in range(rows):
        ProjectFactory(services=[service], with_images=2)
    warm()
    # 1 company settings, 2 service with category and hero image, 3 related
    # projects, 4 their images with assets, 5 their services with categories.
    # The next free slot is not among them: htmx fetches it after the page
    # (test_booking_flow.py::test_next_free_slot_fragment_query_count, 7
    # queries), so the cached page never shows a taken slot.
    with django_assert_num_queries(5):
        html = get(client, reverse("public_site:service", kwargs={"slug": service.slug})).content
    assert html.decode().count("<tr>") == rows + 1  # specs and the visit length


@pytest.mark.parametrize("rows", ROWS)
def test_portfolio_index(client, warm, rows, django_assert_num_queries):
    services = [ServiceFactory(category=ServiceCategoryFactory()) for _ in range(rows)]
    for n in range(rows):
        ProjectFactory(services=services[:3], with_images=3, town=f"Town {n % 5}")
    warm()
    # 1 company settings, 2 services with categories (service and category
    # filters), 3 town/year pairs (town and year filters), 4 count for the
    # pagination, 5 projects of the page, 6 their images with assets, 7 their
    # services with categories
    with django_assert_num_queries(7):
        html = get(client, reverse("public_site:portfolio") + "?sort=featured").content
    assert html.decode().count('data-testid="project-card"') == min(rows, 12)


@pytest.mark.parametrize("rows", ROWS)
def test_portfolio_partial_for_htmx(client, warm, rows, django_assert_num_queries):
    for _ in range(rows):
        ProjectFactory(services=[ServiceFactory()], with_images=2, town="Nakuru")
    warm()
    # The same seven queries; only the results are rendered.
    with django_assert_num_queries(7):
        response = client.get(
            reverse("public_site:portfolio") + "?town=Nakuru", HTTP_HX_REQUEST="true"
        )
    assert response.content.decode().lstrip().startswith('<section id="portfolio-results"')


@pytest.mark.parametrize("rows", ROWS)
def test_project_detail(client, warm, rows, django_assert_num_queries):
    project = ProjectFactory(services=ServiceFactory.create_batch(3), with_images=rows)
    warm()
    # 1 company settings, 2 project, 3 its images with assets, 4 its services
    with django_assert_num_queries(4):
        html = get(client, reverse("public_site:project", kwargs={"slug": project.slug})).content
    assert html.decode().count("<figure>") == rows


@pytest.mark.parametrize("rows", ROWS)
def test_blog_index(client, warm, rows, editor_user, django_assert_num_queries):
    for n in range(rows):
        BlogPostFactory(author=editor_user, cover=MediaAssetFactory(), tags=f",tips,t{n},")
    warm()
    # 1 company settings, 2 count, 3 posts with author and cover, 4 tags of
    # every public post (for the tag filter)
    with django_assert_num_queries(4):
        html = get(client, reverse("public_site:blog") + "?tag=tips").content.decode()
    assert html.count('data-testid="post-card"') == min(rows, 9)


@pytest.mark.parametrize("rows", ROWS)
def test_blog_post(client, warm, rows, editor_user, django_assert_num_queries):
    posts = [BlogPostFactory(author=editor_user, cover=MediaAssetFactory()) for _ in range(rows)]
    warm()
    # 1 company settings, 2 post with author and cover, 3 latest posts (more
    # from the blog)
    with django_assert_num_queries(3):
        get(client, reverse("public_site:post", kwargs={"slug": posts[0].slug}))


@pytest.mark.parametrize("rows", ROWS)
def test_faq_and_testimonials(client, warm, rows, django_assert_num_queries):
    for n in range(rows):
        FAQFactory(category=f"Topic {n % 4}")
    ApprovedTestimonialFactory.create_batch(rows, photo=MediaAssetFactory())
    warm()
    # 1 company settings, 2 published FAQ entries
    with django_assert_num_queries(2):
        html = get(client, reverse("public_site:faq")).content.decode()
    assert html.count('data-testid="faq-item"') == rows
    # 1 company settings, 2 count, 3 approved testimonials with photos
    with django_assert_num_queries(3):
        get(client, reverse("public_site:testimonials"))


@pytest.mark.parametrize("name", ["about", "privacy", "terms", "cookies"])
def test_cms_pages_at_their_fixed_addresses(client, warm, name, django_assert_num_queries):
    slug = {"about": "about", "privacy": "privacy-policy"}.get(name, name)
    slug = "cookie-policy" if name == "cookies" else slug
    PageFactory(slug=slug, og_image=MediaAssetFactory())
    warm()
    # 1 company settings, 2 page with its Open Graph image
    with django_assert_num_queries(2):
        get(client, reverse(f"public_site:{name}"))


def test_contact_and_other_small_pages(client, warm, django_assert_num_queries):
    PageFactory(slug="delivery-areas")
    warm()
    with django_assert_num_queries(1):  # company settings
        get(client, reverse("public_site:contact"))
    with django_assert_num_queries(1):
        get(client, reverse("public_site:contact-sent"))
    with django_assert_num_queries(2):  # company settings, page
        get(client, reverse("public_site:page", kwargs={"slug": "delivery-areas"}))


@pytest.mark.parametrize("rows", ROWS)
def test_search(client, warm, rows, django_assert_num_queries):
    for n in range(rows):
        service = ServiceFactory(name=f"Cold room {n}")
        ProjectFactory(title=f"Cold store {n}", services=[service], with_images=2)
        BlogPostFactory(title=f"Cold chain tips {n}")
    warm()
    # 1 company settings, 2 services, 3 projects, 4 their images, 5 their
    # services, 6 posts
    with django_assert_num_queries(6):
        html = get(client, reverse("public_site:search") + "?q=cold").content.decode()
    assert f"{3 * min(rows, 10)} results" in html or f"{3 * min(rows, 10)} result" in html


@pytest.mark.parametrize("rows", ROWS)
def test_sitemap(client, warm, rows, django_assert_num_queries):
    for _ in range(rows):
        ServiceFactory()
        ProjectFactory()
        BlogPostFactory()
        PageFactory()
    warm()
    # 1 company settings (context processor), 2 categories, 3 services,
    # 4 projects, 5 posts, 6 pages
    with django_assert_num_queries(6):
        get(client, reverse("public_site:sitemap"))
