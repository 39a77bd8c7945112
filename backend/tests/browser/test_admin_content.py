"""The admin portal's content pages in a real (headless) Chromium: a content
editor builds a service, uploads to the media library, creates a project
with two images and reorders them; axe-core, console and CSP checks on the
way, and no sideways scrolling on a 360 px phone."""

from __future__ import annotations

import mimetypes
import re

import pytest
from django.core.files.storage import default_storage

from apps.catalog.models import Service
from apps.catalog.tests.factories import ServiceCategoryFactory
from apps.media.models import MediaAsset
from apps.media.tests.factories import image_bytes
from apps.portfolio.models import Project
from apps.users import roles
from tests.factories import DEFAULT_PASSWORD, StaffUserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _serve_media(page):
    """Uploaded files live in the test storage (in memory, in this process);
    the live server does not serve /media/, so the browser gets them here."""

    def handle(route):
        name = route.request.url.split("/media/", 2)[1].split("?", 1)[0]
        if default_storage.exists(name):
            with default_storage.open(name, "rb") as fh:
                body = fh.read()
        else:
            # Factory-made assets only name their renditions: draw one.
            body = image_bytes("WEBP" if name.endswith(".webp") else "JPEG", size=(480, 320))
        route.fulfill(
            status=200, body=body, content_type=mimetypes.guess_type(name)[0] or "image/jpeg"
        )

    page.route(re.compile(r"^https?://[^/]+/media/"), handle)


def _files(tmp_path, *colours):
    paths = []
    for n, colour in enumerate(colours):
        path = tmp_path / f"site-photo-{n + 1}.jpg"
        path.write_bytes(image_bytes(size=(640, 480), color=colour))
        paths.append(str(path))
    return paths


def _editor(probe):
    person = StaffUserFactory(
        email="faith@coollight.test", full_name="Faith Editor", groups=[roles.CONTENT_EDITOR]
    )
    _serve_media(probe.page)
    probe.login(person.email, DEFAULT_PASSWORD)
    return person


def _no_page_problems(probe):
    assert probe.errors == []
    assert probe.csp_violations() == []


def test_editor_builds_a_service_uploads_media_and_orders_a_project_gallery(probe, tmp_path):
    ServiceCategoryFactory(name="Air conditioning installation")
    _editor(probe)
    page = probe.page

    # A service with two specification rows; "Add a row" adds one in place.
    probe.goto("/admin/services/new/")
    page.select_option("#id_category", label="Air conditioning installation")
    page.fill("#id_name", "Inverter split AC installation")
    page.fill("#id_summary", "Energy-saving units, installed in a day.")
    page.fill("#id_specs-0-label", "Capacity")
    page.fill("#id_specs-0-value", "12,000 BTU")
    page.fill("#id_specs-1-label", "Warranty")
    page.fill("#id_specs-1-value", "24 months")
    rows = page.locator("[data-formset-body=specs] [data-formset-row]")
    assert rows.count() == 2
    page.get_by_role("button", name="Add a row").click()
    assert rows.count() == 3 and page.url.endswith("/admin/services/new/")
    assert page.locator("#id_specs-2-label").evaluate("e => e === document.activeElement")
    with page.expect_navigation():
        page.get_by_role("button", name="Create service").click()
    assert page.locator("h1").inner_text() == "Inverter split AC installation"
    service = Service.objects.get()
    assert service.specs == [
        {"label": "Capacity", "value": "12,000 BTU"},
        {"label": "Warranty", "value": "24 months"},
    ]
    assert probe.axe() == []  # the service edit page

    # The media library: upload with progress, then back to the grid.
    probe.goto("/admin/media/upload/")
    page.set_input_files("#id_files", _files(tmp_path, (20, 120, 200)))
    page.fill("#id_alt", "Outdoor units on a Westlands rooftop")
    page.fill("#id_tags", "rooftop, Nairobi")
    with page.expect_navigation(url="**/admin/media/"):
        page.get_by_role("button", name="Upload").click()
    asset = MediaAsset.objects.get()
    assert asset.alt == "Outdoor units on a Westlands rooftop"
    grid = page.get_by_test_id("media-grid")
    assert grid.locator("li").count() == 1
    assert grid.locator("img").first.evaluate("img => img.complete && img.naturalWidth > 0")
    assert probe.axe() == []  # the media library

    # A project with two uploaded images, reordered by drag and drop.
    probe.goto("/admin/portfolio/new/")
    page.fill("#id_title", "Cold room for a Nakuru dairy")
    page.fill("#id_town", "Nakuru")
    page.set_input_files("#id_files", _files(tmp_path, (200, 30, 30), (30, 160, 60)))
    with page.expect_navigation():
        page.get_by_role("button", name="Create project").click()
    project = Project.objects.get()
    first, second = [i.asset_id for i in project.images.order_by("order")]
    gallery = page.get_by_test_id("gallery-row")
    assert gallery.count() == 2
    assert probe.axe() == []  # the project edit page

    gallery.nth(1).locator("[data-drag-handle]").drag_to(
        gallery.nth(0), target_position={"x": 20, "y": 5}
    )
    assert gallery.nth(0).get_attribute("data-asset") == str(second)
    assert gallery.nth(0).locator("input[data-position]").input_value() == "0"
    gallery.nth(0).locator("input[name$=caption]").fill("The finished cold room")
    with page.expect_navigation():
        page.get_by_role("button", name="Save changes").click()
    assert [i.asset_id for i in project.images.order_by("order")] == [second, first]
    assert project.images.get(asset_id=second).caption == "The finished cold room"

    # The arrow buttons move without a round trip too, and the order is saved.
    page.get_by_role("button", name="Move site-photo-2 down").click()
    assert page.get_by_test_id("gallery-row").nth(0).get_attribute("data-asset") == str(first)
    assert "position 2 of 2" in page.locator("[data-sortable-status]").inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name="Save changes").click()
    assert [i.asset_id for i in project.images.order_by("order")] == [first, second]

    probe.goto("/admin/services/")
    assert probe.axe() == []  # the services list
    _no_page_problems(probe)


def test_delete_asks_in_a_dialog_and_cancel_keeps_the_record(probe):
    ServiceCategoryFactory(name="Repairs")
    from apps.catalog.tests.factories import ServiceFactory

    service = ServiceFactory(name="Gas refill")
    _editor(probe)
    probe.goto(f"/admin/services/{service.pk}/")
    probe.page.get_by_role("link", name="Delete").click()
    dialog = probe.page.locator("dialog#confirm-delete")
    dialog.wait_for(state="visible")
    assert probe.page.url.endswith(f"/admin/services/{service.pk}/")
    dialog.get_by_role("button", name="Cancel").click()
    dialog.wait_for(state="hidden")
    probe.page.get_by_role("link", name="Delete").click()
    with probe.page.expect_navigation():
        dialog.get_by_role("button", name="Delete").click()
    assert probe.page.url.endswith("/admin/services/")
    assert not Service.objects.exists()
    _no_page_problems(probe)


@pytest.mark.parametrize(
    "path",
    ["/admin/media/", "/admin/services/", "/admin/portfolio/", "/admin/content/posts/"],
)
def test_lists_fit_a_360px_phone(probe_factory, path):
    from apps.catalog.tests.factories import ServiceFactory
    from apps.media.tests.factories import MediaAssetFactory
    from apps.portfolio.tests.factories import ProjectFactory

    MediaAssetFactory.create_batch(6, tags=",rooftop,nairobi,")
    ServiceFactory.create_batch(4, name="Split AC installation (18,000-24,000 BTU)")
    ProjectFactory.create_batch(3, with_images=1)
    from apps.cms.tests.factories import BlogPostFactory

    BlogPostFactory.create_batch(3, title="Five signs your AC needs a gas refill", tags=",tips,")
    probe = probe_factory(width=360, height=740)
    _editor(probe)
    response = probe.goto(path)
    assert response.status == 200
    assert probe.page.evaluate("document.documentElement.scrollWidth") <= 360
    # Tables drop their secondary columns on a phone instead of scrolling sideways.
    for wrap in probe.page.locator(".table-wrap").all():
        assert wrap.evaluate("w => w.scrollWidth <= w.clientWidth"), path
    assert probe.axe() == []
    _no_page_problems(probe)
