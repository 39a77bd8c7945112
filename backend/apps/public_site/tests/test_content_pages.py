"""Blog, CMS pages, FAQ, testimonials, search, and what search engines read:
titles, canonical addresses, Open Graph, JSON-LD, sitemap.xml and robots.txt."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.catalog.tests.factories import ServiceFactory
from apps.cms import services as cms
from apps.cms.models import PostStatus
from apps.cms.tests.factories import BlogPostFactory, FAQFactory, PageFactory
from apps.cms.tests.factories import TestimonialFactory as ApprovedTestimonialFactory
from apps.media.tests.factories import MediaAssetFactory
from apps.portfolio.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"  # SITE_URL in the test settings


def post_url(slug):
    return reverse("public_site:post", kwargs={"slug": slug})


def json_ld(html: str) -> list[dict]:
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


def ld_types(html: str) -> set[str]:
    return {block["@type"] for block in json_ld(html)}


def meta(html: str, key: str) -> str:
    match = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)"', html)
    return match.group(1) if match else ""


# --- Blog -----------------------------------------------------------------------


@pytest.mark.date_sensitive
def test_blog_lists_published_posts_filters_by_tag_and_paginates(client):
    for n in range(11):
        BlogPostFactory(
            title=f"Tip {n}",
            tags=",tips," if n % 2 else ",news,",
            published_at=timezone.now() - dt.timedelta(days=n + 1),
        )
    BlogPostFactory(title="Draft", status=PostStatus.DRAFT, published_at=None)
    BlogPostFactory(
        title="Tomorrow",
        status=PostStatus.SCHEDULED,
        published_at=timezone.now() + dt.timedelta(days=1),
    )
    first = client.get(reverse("public_site:blog")).content.decode()
    assert first.count('data-testid="post-card"') == 9
    assert "Draft" not in first and "Tomorrow" not in first
    assert 'href="?page=2"' in first
    second = client.get(reverse("public_site:blog") + "?page=2").content.decode()
    assert second.count('data-testid="post-card"') == 2
    tagged = client.get(reverse("public_site:blog") + "?tag=tips").content.decode()
    assert tagged.count('data-testid="post-card"') == 5
    assert 'aria-current="page">#tips</a>' in tagged
    assert client.get(reverse("public_site:blog") + "?tag=nothing").status_code == 404


def test_blog_post_has_article_json_ld_and_404_for_drafts(client, editor_user):
    post = BlogPostFactory(
        title="Service your AC before the hot season",
        slug="service-before-hot-season",
        author=editor_user,
        cover=MediaAssetFactory(alt="Filter being cleaned"),
        tags=",maintenance,",
    )
    html = client.get(post_url(post.slug)).content.decode()
    article = next(block for block in json_ld(html) if block["@type"] == "Article")
    assert article["headline"] == post.title
    assert article["author"] == {"@type": "Person", "name": editor_user.full_name}
    assert article["image"][0].startswith(SITE + "/media/")
    assert "BreadcrumbList" in ld_types(html)
    assert meta(html, "og:type") == "article"
    draft = BlogPostFactory(status=PostStatus.DRAFT, published_at=None)
    assert client.get(post_url(draft.slug)).status_code == 404
    assert client.get(post_url("no-such-post")).status_code == 404


def test_staff_preview_a_draft_post(client, editor_user, client_user):
    draft = BlogPostFactory(title="Coming soon", status=PostStatus.DRAFT, published_at=None)
    client.force_login(client_user)
    assert client.get(post_url(draft.slug) + "?preview=1").status_code == 404
    client.force_login(editor_user)
    response = client.get(post_url(draft.slug) + "?preview=1")
    assert response.status_code == 200
    assert "Preview: this post is not published yet." in response.content.decode()


def test_a_renamed_post_redirects(client, editor_user):
    post = BlogPostFactory(slug="old-title")
    cms.update_post(post=post, actor=editor_user, slug="new-title")
    response = client.get(post_url("old-title"))
    assert response.status_code == 301 and response["Location"] == post_url("new-title")


# --- CMS pages ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("about", "about"),
        ("privacy", "privacy-policy"),
        ("terms", "terms"),
        ("cookies", "cookie-policy"),
    ],
)
def test_policy_pages_show_their_cms_page(client, name, slug):
    PageFactory(slug=slug, title=f"The {name} page", body="<p>Real words.</p>")
    html = client.get(reverse(f"public_site:{name}")).content.decode()
    assert f"The {name} page" in html and "<p>Real words.</p>" in html
    # The same page under /p/ points to its fixed address.
    response = client.get(reverse("public_site:page", kwargs={"slug": slug}))
    assert response.status_code == 301 and response["Location"] == reverse(f"public_site:{name}")


def test_other_cms_pages_live_under_p_and_unpublished_is_404(client, editor_user):
    PageFactory(slug="delivery-areas", title="Where we work")
    assert "Where we work" in client.get("/p/delivery-areas/").content.decode()
    hidden = PageFactory(slug="draft-page", is_published=False)
    assert client.get("/p/draft-page/").status_code == 404
    assert client.get("/p/unknown/").status_code == 404
    not_written = client.get(reverse("public_site:about"))  # linked from the menu: no 404
    assert not_written.status_code == 200 and "on its way" in not_written.content.decode()
    client.force_login(editor_user)
    assert client.get("/p/draft-page/?preview=1").status_code == 200
    cms.update_page(page=hidden, actor=editor_user, slug="draft-page-2")
    assert client.get("/p/draft-page/?preview=1")["Location"] == "/p/draft-page-2/"


# --- FAQ, testimonials ------------------------------------------------------------


def test_faq_is_grouped_by_category_in_details_elements(client):
    FAQFactory(question="Do you work on Sundays?", category="Visits")
    FAQFactory(question="Can I pay with M-Pesa?", category="Payment")
    FAQFactory(question="Hidden?", category="Payment", is_published=False)
    html = client.get(reverse("public_site:faq")).content.decode()
    assert html.index("Payment") < html.index("Visits")
    assert html.count("<details") == 2 and "<summary" in html
    assert "Hidden?" not in html


def test_testimonials_page_shows_approved_only_with_rating_text(client):
    ApprovedTestimonialFactory(client_name="Grace", rating=4)
    ApprovedTestimonialFactory(client_name="Pending", is_approved=False)
    html = client.get(reverse("public_site:testimonials")).content.decode()
    assert "Grace" in html and "Pending" not in html
    assert 'aria-label="Rated 4 out of 5"' in html


# --- Search ------------------------------------------------------------------------


def test_search_finds_services_projects_and_posts(client):
    ServiceFactory(name="Cold room installation")
    ServiceFactory(name="Split unit", is_active=False, summary="cold")
    ProjectFactory(title="Dairy cold store", town="Nakuru")
    ProjectFactory(title="Unpublished cold", is_published=False)
    BlogPostFactory(title="Keeping a cold room cold")
    BlogPostFactory(title="Draft cold", status=PostStatus.DRAFT, published_at=None)
    html = client.get(reverse("public_site:search") + "?q=cold").content.decode()
    assert "3 results for “cold”" in html
    assert "Cold room installation" in html and "Dairy cold store" in html
    assert "Keeping a cold room cold" in html
    assert "Unpublished" not in html and "Draft cold" not in html
    assert meta(html, "robots") == "noindex, follow"
    # Every word must match: "cold Nakuru" finds the Nakuru project only.
    narrowed = client.get(reverse("public_site:search") + "?q=cold+nakuru").content.decode()
    assert "1 result for “cold nakuru”" in narrowed


def test_an_empty_or_one_letter_search_runs_no_query(client, warm, django_assert_num_queries):
    warm()
    with django_assert_num_queries(1):  # company settings only
        html = client.get(reverse("public_site:search") + "?q=a").content.decode()
    assert 'data-testid="search-summary"' in html  # "0 results", not an error


# --- SEO, sitemap, robots -------------------------------------------------------------


def test_every_page_has_title_description_canonical_open_graph_and_twitter_card(client):
    service = ServiceFactory(hero_image=MediaAssetFactory(alt="Split unit on a wall"))
    project = ProjectFactory(with_images=1)
    post = BlogPostFactory()
    PageFactory(slug="about")
    for url in (
        "/",
        reverse("public_site:services"),
        reverse("public_site:service", kwargs={"slug": service.slug}),
        reverse("public_site:service-category", kwargs={"slug": service.category.slug}),
        reverse("public_site:portfolio"),
        reverse("public_site:project", kwargs={"slug": project.slug}),
        reverse("public_site:blog"),
        post_url(post.slug),
        reverse("public_site:about"),
        reverse("public_site:contact"),
        reverse("public_site:faq"),
        reverse("public_site:testimonials"),
    ):
        html = client.get(url + "?utm_source=whatsapp&fbclid=abc").content.decode()
        assert html.count("<h1") == 1, url
        assert re.search(r"<title>[^<]{3,}</title>", html), url
        assert len(meta(html, "description")) >= 5, url
        assert f'<link rel="canonical" href="{SITE}{url}">' in html, url
        assert meta(html, "og:url") == f"{SITE}{url}", url
        assert meta(html, "og:title") and meta(html, "og:description"), url
        assert meta(html, "og:image").startswith(SITE + "/"), url
        assert meta(html, "twitter:card") == "summary_large_image", url
        assert meta(html, "twitter:image") == meta(html, "og:image"), url


def test_open_graph_image_is_the_hero_rendition_nearest_1200px(client):
    service = ServiceFactory(hero_image=MediaAssetFactory())
    html = client.get(reverse("public_site:service", kwargs={"slug": service.slug})).content
    html = html.decode()
    assert meta(html, "og:image").endswith("/1200.jpg")
    assert meta(html, "og:image:width") == "1200"


def test_paginated_canonical_keeps_only_the_page(client):
    for _ in range(13):
        ProjectFactory()
    html = client.get(reverse("public_site:portfolio") + "?page=2&utm_medium=x").content.decode()
    assert f'<link rel="canonical" href="{SITE}/portfolio/?page=2">' in html
    filtered = client.get(reverse("public_site:portfolio") + "?town=Nairobi").content.decode()
    assert f'<link rel="canonical" href="{SITE}/portfolio/">' in filtered
    assert meta(filtered, "robots") == "noindex, follow"


def test_json_ld_business_service_and_breadcrumbs(client):
    from apps.core.services import update_company_settings

    update_company_settings(
        actor=None, phone_primary="+254711000111", business_hours={"mon": [["08:00", "17:00"]]}
    )
    home = client.get("/").content.decode()
    business = next(b for b in json_ld(home) if b["@type"] == "HVACBusiness")
    assert business["telephone"] == "+254711000111"
    assert business["openingHoursSpecification"][0]["dayOfWeek"] == "https://schema.org/Monday"
    contact = client.get(reverse("public_site:contact")).content.decode()
    assert "HVACBusiness" in ld_types(contact)

    service = ServiceFactory(name="Gas refill <R32>")
    html = client.get(reverse("public_site:service", kwargs={"slug": service.slug})).content
    html = html.decode()
    assert "<R32>" not in html.split("application/ld+json")[1]  # escaped in the data block
    data = {b["@type"]: b for b in json_ld(html)}
    assert data["Service"]["name"] == "Gas refill <R32>"
    assert data["Service"]["offers"]["lowPrice"] == "55000.00"
    assert data["Service"]["offers"]["priceCurrency"] == "KES"
    crumbs = data["BreadcrumbList"]["itemListElement"]
    assert [c["name"] for c in crumbs] == ["Home", "Services", service.category.name, service.name]
    assert crumbs[-1]["item"] == f"{SITE}/services/{service.slug}/"


def test_sitemap_lists_public_pages_on_the_site_address(client):
    service = ServiceFactory(slug="split-ac")
    ServiceFactory(slug="hidden-service", is_active=False)
    ProjectFactory(slug="westlands")
    ProjectFactory(slug="secret-project", is_published=False)
    BlogPostFactory(slug="tips")
    BlogPostFactory(slug="draft-post", status=PostStatus.DRAFT, published_at=None)
    PageFactory(slug="privacy-policy")
    PageFactory(slug="delivery-areas")
    PageFactory(slug="unpublished-page", is_published=False)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    xml = response.content.decode()
    for path in (
        "/",
        "/services/",
        "/services/split-ac/",
        f"/services/category/{service.category.slug}/",
        "/portfolio/",
        "/portfolio/westlands/",
        "/blog/",
        "/blog/tips/",
        "/privacy/",
        "/p/delivery-areas/",
        "/contact/",
        "/faq/",
    ):
        assert f"<loc>{SITE}{path}</loc>" in xml, path
    for hidden in ("hidden-service", "secret-project", "draft-post", "unpublished-page"):
        assert hidden not in xml
    assert "<lastmod>" in xml


def test_robots_txt_points_to_the_sitemap_and_keeps_portals_out(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "User-agent: *" in text
    for path in ("/admin/", "/portal/", "/api/", "/accounts/"):
        assert f"Disallow: {path}" in text
    assert f"Sitemap: {SITE}/sitemap.xml" in text
