"""Content pages of the admin portal: who may open which page, who may
write, what the sidebar shows, and the number of queries each list runs."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.catalog.models import Service
from apps.catalog.tests.factories import ServiceCategoryFactory, ServiceFactory
from apps.cms import models as cms_models
from apps.cms.tests import factories as cms_factories
from apps.media.tests.factories import MediaAssetFactory
from apps.portfolio.tests.factories import ProjectFactory
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(db):
    category = ServiceCategoryFactory()
    return {
        "category": category,
        "service": ServiceFactory(category=category, hero_image=MediaAssetFactory()),
        "project": ProjectFactory(with_images=1),
        "media": MediaAssetFactory(),
        "page": cms_factories.PageFactory(),
        "post": cms_factories.BlogPostFactory(),
        "banner": cms_factories.BannerFactory(),
        "testimonial": cms_factories.TestimonialFactory(is_approved=False),
        "faq": cms_factories.FAQFactory(),
    }


# (URL name, object key for the URL or None, permissions a GET needs)
PAGES = [
    ("admin_portal:categories", None, ("services.view_servicecategory",)),
    ("admin_portal:category-create", None, ("services.add_servicecategory",)),
    ("admin_portal:category-edit", "category", ("services.view_servicecategory",)),
    ("admin_portal:category-delete", "category", ("services.delete_servicecategory",)),
    ("admin_portal:services", None, ("services.view_service",)),
    ("admin_portal:service-create", None, ("services.add_service",)),
    ("admin_portal:service-edit", "service", ("services.view_service",)),
    ("admin_portal:service-delete", "service", ("services.delete_service",)),
    ("admin_portal:portfolio", None, ("portfolio.view_project",)),
    ("admin_portal:project-create", None, ("portfolio.add_project",)),
    ("admin_portal:project-edit", "project", ("portfolio.view_project",)),
    ("admin_portal:project-delete", "project", ("portfolio.delete_project",)),
    ("admin_portal:media", None, ("media.view_mediaasset",)),
    ("admin_portal:media-upload", None, ("media.add_mediaasset",)),
    ("admin_portal:media-edit", "media", ("media.view_mediaasset",)),
    ("admin_portal:media-delete", "media", ("media.delete_mediaasset",)),
    ("admin_portal:pages", None, ("cms.view_page",)),
    ("admin_portal:page-create", None, ("cms.add_page",)),
    ("admin_portal:page-edit", "page", ("cms.view_page",)),
    ("admin_portal:page-preview", "page", ("cms.view_page",)),
    ("admin_portal:page-delete", "page", ("cms.delete_page",)),
    ("admin_portal:posts", None, ("cms.view_blogpost",)),
    ("admin_portal:post-create", None, ("cms.add_blogpost",)),
    ("admin_portal:post-edit", "post", ("cms.view_blogpost",)),
    ("admin_portal:post-preview", "post", ("cms.view_blogpost",)),
    ("admin_portal:post-delete", "post", ("cms.delete_blogpost",)),
    ("admin_portal:banners", None, ("cms.view_banner",)),
    ("admin_portal:banner-create", None, ("cms.add_banner",)),
    ("admin_portal:banner-edit", "banner", ("cms.view_banner",)),
    ("admin_portal:banner-delete", "banner", ("cms.delete_banner",)),
    ("admin_portal:testimonials", None, ("cms.view_testimonial",)),
    ("admin_portal:testimonial-create", None, ("cms.add_testimonial",)),
    ("admin_portal:testimonial-edit", "testimonial", ("cms.view_testimonial",)),
    ("admin_portal:testimonial-delete", "testimonial", ("cms.delete_testimonial",)),
    ("admin_portal:faq", None, ("cms.view_faq",)),
    ("admin_portal:faq-create", None, ("cms.add_faq",)),
    ("admin_portal:faq-edit", "faq", ("cms.view_faq",)),
    ("admin_portal:faq-delete", "faq", ("cms.delete_faq",)),
]
PAGE_IDS = [name.split(":")[1] for name, _key, _perms in PAGES]


def _url(content, name, key):
    return reverse(name, args=[content[key].pk]) if key else reverse(name)


@pytest.mark.parametrize(("name", "key", "_perms"), PAGES, ids=PAGE_IDS)
def test_outsiders_are_refused(client, client_user, content, name, key, _perms):
    url = _url(content, name, key)
    # Anonymous: to the sign-in page, coming back here afterwards.
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"
    # A client, and a staff member in no group: 403.
    for person in (client_user, StaffUserFactory(email="new.hire@coollight.test", groups=[])):
        client.force_login(person)
        assert client.get(url).status_code == 403, person
        assert client.post(url).status_code == 403, person


@pytest.mark.parametrize(("name", "key", "perms"), PAGES, ids=PAGE_IDS)
def test_each_role_opens_what_its_permissions_allow(
    client, editor_user, admin_user, sales_user, technician_user, content, name, key, perms
):
    url = _url(content, name, key)
    # Content editors and administrators open every page.
    for person in (editor_user, admin_user):
        client.force_login(person)
        assert client.get(url).status_code == 200, person
    # Sales and technicians only where apps.users.roles gives them the permission.
    for person in (sales_user, technician_user):
        client.force_login(person)
        expected = 200 if person.has_perms(perms) else 403
        assert client.get(url).status_code == expected, person


def test_technician_is_refused_the_media_library_cms_and_every_write_page(
    client, technician_user, content
):
    client.force_login(technician_user)
    for name in ("media", "pages", "posts", "banners", "testimonials", "faq"):
        assert client.get(reverse(f"admin_portal:{name}")).status_code == 403, name
    for name in ("service-create", "project-create", "category-create", "media-upload"):
        assert client.get(reverse(f"admin_portal:{name}")).status_code == 403, name
    # The catalog and the portfolio are readable: technicians explain them to clients.
    assert client.get(reverse("admin_portal:services")).status_code == 200
    assert client.get(reverse("admin_portal:portfolio")).status_code == 200


def test_sales_reads_a_service_but_cannot_change_create_or_delete_it(client, sales_user, content):
    service = content["service"]
    client.force_login(sales_user)
    edit = reverse("admin_portal:service-edit", args=[service.pk])
    page = client.get(edit)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="read-only"' in html and "Save changes" not in html
    assert "disabled" in html
    assert "admin_portal:service-delete" not in html and "Delete" not in html
    data = {"name": "Renamed by sales", "category": service.category_id, "specs-TOTAL_FORMS": "0"}
    assert client.post(edit, data).status_code == 403
    assert client.post(reverse("admin_portal:service-create"), data).status_code == 403
    delete = reverse("admin_portal:service-delete", args=[service.pk])
    assert client.post(delete).status_code == 403
    service.refresh_from_db()
    assert service.name != "Renamed by sales"
    assert Service.objects.count() == 1


def test_sales_sees_testimonials_but_cannot_approve_them(client, sales_user, content):
    testimonial = content["testimonial"]
    client.force_login(sales_user)
    listing = client.get(reverse("admin_portal:testimonials")).content.decode()
    url = reverse("admin_portal:testimonial-approve", args=[testimonial.pk])
    assert testimonial.client_name in listing and url not in listing
    assert client.post(url).status_code == 403
    assert not cms_models.Testimonial.objects.get(pk=testimonial.pk).is_approved


def test_sales_cannot_upload_edit_or_delete_media(client, sales_user, content):
    asset = content["media"]
    client.force_login(sales_user)
    assert client.post(reverse("admin_portal:media-upload")).status_code == 403
    edit = reverse("admin_portal:media-edit", args=[asset.pk])
    assert client.get(edit).status_code == 200
    assert client.post(edit, {"alt": "Changed by sales"}).status_code == 403
    assert client.post(reverse("admin_portal:media-delete", args=[asset.pk])).status_code == 403
    asset.refresh_from_db()
    assert asset.alt != "Changed by sales"


def test_unknown_record_is_404(client, editor_user):
    client.force_login(editor_user)
    missing = "00000000-0000-4000-8000-000000000000"
    for name in ("service-edit", "project-delete", "media-edit", "post-preview", "faq-edit"):
        assert client.get(reverse(f"admin_portal:{name}", args=[missing])).status_code == 404


WEBSITE = ("services", "categories", "portfolio", "media")
CMS = ("pages", "posts", "banners", "testimonials", "faq")


@pytest.mark.parametrize(
    ("who", "shown"),
    [
        ("editor_user", WEBSITE + CMS),
        ("admin_user", WEBSITE + CMS),
        ("sales_user", ("services", "categories", "portfolio", "media", "testimonials")),
        ("technician_user", ("services", "categories", "portfolio")),
    ],
)
def test_sidebar_shows_each_content_entry_only_with_its_permission(client, request, who, shown):
    client.force_login(request.getfixturevalue(who))
    html = client.get(reverse("admin_portal:dashboard")).content.decode()
    for key in WEBSITE + CMS:
        assert (f'data-nav="{key}"' in html) == (key in shown), key


# --- Query counts -------------------------------------------------------------------

# Every list page runs the same queries whatever the number of rows. The
# first six are the same on every page:
#   1 session, 2 user, 3 the user's own permissions, 4 their groups'
#   permissions (both cached for the request), 5 COUNT for the paginator,
#   6 company settings (context processor),
# then the page's own, named below.
LISTS = {
    "categories": (
        lambda n: ServiceCategoryFactory.create_batch(n),
        7,  # 7 categories with their service count (one annotated query)
    ),
    "services": (
        lambda n: ServiceFactory.create_batch(n, hero_image=MediaAssetFactory()),
        8,  # 7 categories for the filter's select, 8 services + category + hero image
    ),
    "portfolio": (
        lambda n: ProjectFactory.create_batch(n, with_images=2),
        9,  # 7 projects, 8 their images + assets (prefetch), 9 their services + category
    ),
    "media": (
        lambda n: MediaAssetFactory.create_batch(n),
        7,  # 7 assets + uploader
    ),
    "pages": (
        lambda n: cms_factories.PageFactory.create_batch(n),
        7,  # 7 pages + Open Graph image
    ),
    "posts": (
        lambda n: cms_factories.BlogPostFactory.create_batch(n),
        7,  # 7 posts + author + cover, body deferred
    ),
    "banners": (
        lambda n: cms_factories.BannerFactory.create_batch(n, image=MediaAssetFactory()),
        7,  # 7 banners + image
    ),
    "testimonials": (
        lambda n: cms_factories.TestimonialFactory.create_batch(n),
        7,  # 7 testimonials + photo
    ),
    "faq": (
        lambda n: cms_factories.FAQFactory.create_batch(n, category="Servicing"),
        8,  # (before the count) the categories for the filter; 8 questions
    ),
}


@pytest.mark.parametrize("rows", [1, 30])
@pytest.mark.parametrize("name", list(LISTS))
def test_list_query_count_does_not_grow_with_rows(
    client, editor_user, django_assert_num_queries, name, rows
):
    make, expected = LISTS[name]
    make(rows)
    client.force_login(editor_user)
    url = reverse(f"admin_portal:{name}")
    client.get(url)  # creates the company settings row on first use
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    shown = len(response.context["page"].object_list)
    assert shown == min(rows, response.context["view"].per_page)
