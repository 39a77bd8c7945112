"""Content pages of the admin portal, used through their forms (POST) the
way a content editor does: every write goes through the domain service
(which audits), errors keep what was typed, uploads follow the media rules."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from apps.catalog.models import Service, ServiceCategory
from apps.catalog.tests.factories import ServiceCategoryFactory, ServiceFactory
from apps.cms import models as cms_models
from apps.cms import selectors as cms_selectors
from apps.cms.tests import factories as cms_factories
from apps.core.models import AuditLog
from apps.media.models import MediaAsset
from apps.media.tests.factories import MediaAssetFactory, image_bytes, upload
from apps.portfolio.models import Project
from apps.portfolio.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, editor_user):
    client.force_login(editor_user)
    return client


def _audited(action: str) -> bool:
    return AuditLog.objects.filter(action=action).exists()


def _specs(*rows, total=None):
    data = {"specs-TOTAL_FORMS": str(total if total is not None else len(rows))}
    data["specs-INITIAL_FORMS"] = "0"
    for index, (label, value) in enumerate(rows):
        data[f"specs-{index}-label"] = label
        data[f"specs-{index}-value"] = value
    return data


def _service_data(category, **extra):
    data = {
        "category": str(category.pk),
        "name": "Inverter split AC installation",
        "slug": "",
        "summary": "Energy-saving units, installed in a day.",
        "body": "<p>Cuts power bills.</p><script>alert(1)</script>",
        "base_price_min": "70000",
        "base_price_max": "120000",
        "visit_duration_minutes": "240",
        "is_bookable": "on",
        "is_active": "on",
        "order": "0",
        "seo_title": "",
        "seo_description": "",
        **_specs(("Capacity", "12,000 BTU"), ("Warranty", "24 months"), ("", "")),
    }
    data.update(extra)
    return data


# --- Service categories -------------------------------------------------------------


def test_category_create_edit_and_delete(editor):
    response = editor.post(
        reverse("admin_portal:category-create"),
        {"name": "Solar cooling", "slug": "", "order": "3", "is_active": "on"},
    )
    category = ServiceCategory.objects.get(name="Solar cooling")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin_portal:category-edit", args=[category.pk])
    assert category.slug == "solar-cooling" and _audited("service_category.created")
    edit = reverse("admin_portal:category-edit", args=[category.pk])
    editor.post(edit, {"name": "Solar AC", "slug": "solar-ac", "order": "3", "is_active": ""})
    category.refresh_from_db()
    assert (category.name, category.slug, category.is_active) == ("Solar AC", "solar-ac", False)
    assert _audited("service_category.updated")
    delete = reverse("admin_portal:category-delete", args=[category.pk])
    assert "Delete this service category?" in editor.get(delete).content.decode()
    assert editor.post(delete)["Location"] == reverse("admin_portal:categories")
    assert not ServiceCategory.objects.filter(pk=category.pk).exists()
    assert _audited("service_category.deleted")


def test_category_with_services_cannot_be_deleted(editor):
    service = ServiceFactory()
    delete = reverse("admin_portal:category-delete", args=[service.category_id])
    assert "Move or delete this category" in editor.get(delete).content.decode()
    response = editor.post(delete)
    assert response.status_code == 409
    assert "Move or delete this category" in response.content.decode()
    assert ServiceCategory.objects.filter(pk=service.category_id).exists()


def test_category_duplicate_slug_is_shown_on_the_field(editor):
    ServiceCategoryFactory(slug="repairs")
    response = editor.post(
        reverse("admin_portal:category-create"),
        {"name": "Repairs again", "slug": "repairs", "order": "0"},
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["slug"] and 'value="Repairs again"' in response.content.decode()


# --- Services -----------------------------------------------------------------------


def test_service_created_with_spec_rows_and_an_uploaded_hero_image(editor):
    category = ServiceCategoryFactory()
    data = _service_data(category, hero_upload=upload("hero.jpg", image_bytes(size=(300, 200))))
    response = editor.post(reverse("admin_portal:service-create"), data)
    assert response.status_code == 302, response.context["form"].errors
    service = Service.objects.get(name="Inverter split AC installation")
    assert service.specs == [
        {"label": "Capacity", "value": "12,000 BTU"},
        {"label": "Warranty", "value": "24 months"},
    ]
    assert service.body == "<p>Cuts power bills.</p>"  # sanitised by the service
    assert service.hero_image is not None and service.hero_image.width == 300
    assert service.hero_image.alt == "Inverter split AC installation"
    assert _audited("service.created") and _audited("media.uploaded")
    # The edit page shows the rows again, plus empty ones to add more.
    page = editor.get(response["Location"]).content.decode()
    assert 'value="Capacity"' in page and 'value="24 months"' in page


def test_service_hero_image_picked_from_the_library_and_specs_edited(editor):
    service = ServiceFactory()
    asset = MediaAssetFactory()
    edit = reverse("admin_portal:service-edit", args=[service.pk])
    data = _service_data(
        service.category,
        name=service.name,
        slug=service.slug,
        hero_image=str(asset.pk),
        **_specs(("Capacity", "18,000 BTU"), ("Noise", "19 dB")),
    )
    assert editor.post(edit, data).status_code == 302
    service.refresh_from_db()
    assert service.hero_image == asset
    assert service.specs == [
        {"label": "Capacity", "value": "18,000 BTU"},
        {"label": "Noise", "value": "19 dB"},
    ]
    entry = AuditLog.objects.filter(action="service.updated").latest("created_at")
    assert "specs" in entry.changes and "hero_image" in entry.changes


def test_service_errors_keep_what_was_typed_next_to_the_field(editor):
    category = ServiceCategoryFactory()
    data = _service_data(
        category,
        name="",
        summary="Typed summary stays",
        base_price_min="90000",
        base_price_max="50000",
        **_specs(("Capacity", "12,000 BTU"), ("", "orphan value")),
    )
    response = editor.post(reverse("admin_portal:service-create"), data)
    assert response.status_code == 400
    html = response.content.decode()
    form = response.context["form"]
    assert "name" in form.errors and "base_price_max" in form.errors
    assert 'id="id_base_price_max_error"' in html and 'aria-invalid="true"' in html
    assert "Typed summary stays" in html and 'value="12,000 BTU"' in html
    assert "Give this value a label." in html and 'value="orphan value"' in html
    assert not Service.objects.exists()


def test_add_a_spec_row_without_javascript_keeps_the_form(editor):
    category = ServiceCategoryFactory()
    data = _service_data(category, add_spec_row="1", **_specs(("Capacity", "9,000 BTU")))
    response = editor.post(reverse("admin_portal:service-create"), data)
    assert response.status_code == 200
    assert response.context["specs"].total_form_count() == 2
    assert 'value="9,000 BTU"' in response.content.decode()
    assert not Service.objects.exists()


def test_service_disguised_hero_upload_is_refused_on_its_field(editor):
    category = ServiceCategoryFactory()
    html_as_jpg = upload("hero.jpg", b"<!doctype html><html><script>alert(1)</script></html>")
    response = editor.post(
        reverse("admin_portal:service-create"), _service_data(category, hero_upload=html_as_jpg)
    )
    assert response.status_code == 400
    assert "JPEG, PNG or WebP" in response.context["form"].errors["hero_upload"][0]
    assert not Service.objects.exists() and not MediaAsset.objects.exists()


def test_service_delete_through_dialog_or_page(editor):
    service = ServiceFactory()
    edit = editor.get(reverse("admin_portal:service-edit", args=[service.pk])).content.decode()
    assert 'data-dialog-open="confirm-delete"' in edit
    delete = reverse("admin_portal:service-delete", args=[service.pk])
    assert f'action="{delete}"' in edit  # the dialog posts to the confirmation URL
    assert editor.post(delete).status_code == 302
    assert not Service.objects.exists() and _audited("service.deleted")


def test_service_list_search_filter_sort_and_pagination(editor):
    a = ServiceCategoryFactory(name="Repairs")
    b = ServiceCategoryFactory(name="Installation")
    ServiceFactory(category=a, name="Gas refill", base_price_min=6000, base_price_max=None)
    ServiceFactory(category=b, name="Cassette install", is_active=False)
    ServiceFactory.create_batch(26, category=b)
    url = reverse("admin_portal:services")
    found = editor.get(url, {"q": "refill"}).context["page"].object_list
    assert [s.name for s in found] == ["Gas refill"]
    inactive = editor.get(url, {"status": "inactive"}).context["page"].object_list
    assert [s.name for s in inactive] == ["Cassette install"]
    in_a = editor.get(url, {"category": str(a.pk)}).context["page"].object_list
    assert [s.name for s in in_a] == ["Gas refill"]
    by_price = editor.get(url, {"sort": "price"}).context["page"].object_list
    assert by_price[0].name == "Gas refill"
    second = editor.get(url, {"page": 2})
    assert second.context["page"].number == 2 and 'rel="prev"' in second.content.decode()
    empty = editor.get(url, {"q": "nothing-like-this"}).content.decode()
    assert "Nothing matches these filters" in empty


# --- Projects -----------------------------------------------------------------------


def _project_data(**extra):
    data = {
        "title": "Cold room for a Nakuru dairy",
        "slug": "",
        "summary": "A 40 m³ cold room.",
        "body": "<p>Built in nine days.</p>",
        "client_name": "Menengai Dairy",
        "town": "nakuru",
        "location": "Lanet",
        "completed_on": "2026-01-20",
        "is_published": "on",
        "order": "0",
        "images-TOTAL_FORMS": "0",
        "images-INITIAL_FORMS": "0",
    }
    data.update(extra)
    return data


def _gallery(project):
    return list(project.images.order_by("order").values_list("asset_id", "caption"))


def test_project_created_with_two_uploaded_images(editor):
    files = [upload("front.jpg"), upload("back.png", image_bytes("PNG", color=(200, 10, 10)))]
    response = editor.post(reverse("admin_portal:project-create"), _project_data(files=files))
    assert response.status_code == 302, response.context["form"].errors
    project = Project.objects.get()
    assert project.town == "Nakuru"
    assert [a.title for a in MediaAsset.objects.order_by("created_at")] == ["front", "back"]
    assert len(_gallery(project)) == 2 and _audited("project.created")


def _gallery_post(project, rows, **extra):
    data = _project_data(title=project.title, slug=project.slug, town=project.town, **extra)
    data["images-TOTAL_FORMS"] = str(len(rows))
    data["images-INITIAL_FORMS"] = str(len(rows))
    for index, (asset_id, caption, position, remove) in enumerate(rows):
        data[f"images-{index}-asset"] = str(asset_id)
        data[f"images-{index}-caption"] = caption
        data[f"images-{index}-position"] = str(position)
        if remove:
            data[f"images-{index}-remove"] = "on"
    return data


def test_project_reorder_captions_and_removal_persist(editor):
    project = ProjectFactory(with_images=3)
    (a, _), (b, _), (c, _) = _gallery(project)
    edit = reverse("admin_portal:project-edit", args=[project.pk])
    # The drag-and-drop module renumbers the positions: c, a, b; b is removed.
    rows = [(a, "Before", 1, False), (b, "", 2, True), (c, "After, the new cold room", 0, False)]
    assert editor.post(edit, _gallery_post(project, rows)).status_code == 302
    assert _gallery(project) == [(c, "After, the new cold room"), (a, "Before")]
    entry = AuditLog.objects.filter(action="project.updated").latest("created_at")
    assert entry.changes["images"][1] == [str(c), str(a)]
    assert MediaAsset.objects.filter(pk=b).exists()  # still in the library


def test_project_move_buttons_work_without_javascript(editor):
    project = ProjectFactory(with_images=2)
    (a, _), (b, _) = _gallery(project)
    edit = reverse("admin_portal:project-edit", args=[project.pk])
    rows = [(a, "First", 0, False), (b, "Second", 1, False)]
    response = editor.post(edit, _gallery_post(project, rows, move="1:up", summary="Typed"))
    assert response.status_code == 200  # shown again, not saved yet
    html = response.content.decode()
    assert html.index('value="Second"') < html.index('value="First"')
    assert "Typed" in html
    assert _gallery(project)[0][0] == a  # unchanged until saved
    # Saving the form as shown stores the new order.
    moved = [(b, "Second", 0, False), (a, "First", 1, False)]
    assert editor.post(edit, _gallery_post(project, moved)).status_code == 302
    assert [asset for asset, _ in _gallery(project)] == [b, a]


def test_project_adds_library_images_to_the_end(editor):
    project = ProjectFactory(with_images=1)
    (a, _), new = _gallery(project)[0], MediaAssetFactory()
    edit = reverse("admin_portal:project-edit", args=[project.pk])
    data = _gallery_post(project, [(a, "", 0, False)], add_images=[str(new.pk), str(a)])
    assert editor.post(edit, data).status_code == 302
    assert [asset for asset, _ in _gallery(project)] == [a, new.pk]


def test_project_refuses_bad_uploads_on_the_files_field(editor, settings):
    settings.MEDIA_MAX_UPLOAD_BYTES = 2_000
    big = upload("big.png", image_bytes("PNG", size=(400, 400), color=(1, 2, 3)))
    disguised = upload("fake.jpg", b"<html><body>not an image</body></html>")
    response = editor.post(
        reverse("admin_portal:project-create"),
        _project_data(files=[disguised, big], summary="Kept summary"),
    )
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors["files"])
    assert "fake.jpg" in errors and "JPEG, PNG or WebP" in errors
    assert "Kept summary" in response.content.decode()
    assert not Project.objects.exists() and not MediaAsset.objects.exists()


def test_project_delete_keeps_the_images_in_the_library(editor):
    project = ProjectFactory(with_images=2)
    assert editor.post(reverse("admin_portal:project-delete", args=[project.pk])).status_code == 302
    assert not Project.objects.exists() and MediaAsset.objects.count() == 2


# --- Media library ------------------------------------------------------------------


def test_upload_one_image_goes_to_its_page(editor):
    response = editor.post(
        reverse("admin_portal:media-upload"),
        {"files": [upload("kitchen.jpg")], "alt": "A new kitchen hood", "tags": "Kitchen, hotel"},
    )
    asset = MediaAsset.objects.get()
    assert response["Location"] == reverse("admin_portal:media-edit", args=[asset.pk])
    assert asset.alt == "A new kitchen hood" and asset.tag_list == ["kitchen", "hotel"]


def test_upload_many_images_at_once(editor):
    files = [upload(f"site-{n}.jpg", image_bytes(color=(n, 90, 90))) for n in range(3)]
    response = editor.post(reverse("admin_portal:media-upload"), {"files": files, "tags": "site"})
    assert response["Location"] == reverse("admin_portal:media")
    assert MediaAsset.objects.count() == 3


def test_upload_module_gets_json_per_file(editor):
    url = reverse("admin_portal:media-upload")
    ok = editor.post(url, {"files": [upload("a.jpg")]}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert ok.json()["ok"] and len(ok.json()["uploaded"]) == 1
    bad = editor.post(
        url,
        {"files": [upload("b.jpg", b"<svg onload=alert(1)></svg>")]},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert bad.status_code == 200 and not bad.json()["ok"]
    assert "JPEG, PNG or WebP" in json.dumps(bad.json()["errors"]["files"])


@pytest.mark.parametrize(
    ("name", "payload", "message"),
    [
        (
            "holiday.jpg",
            b"<!doctype html><html><script>alert(1)</script></html>",
            "JPEG, PNG or WebP",
        ),
        ("huge.png", None, "the limit is"),
    ],
    ids=["html-as-jpg", "oversized"],
)
def test_upload_rules_are_form_errors_and_typed_values_stay(
    editor, settings, name, payload, message
):
    settings.MEDIA_MAX_UPLOAD_BYTES = 1_048_576  # 1 MB, so the test file can exceed it
    data = payload if payload is not None else b"\x89PNG" + b"\x00" * 1_100_000
    response = editor.post(
        reverse("admin_portal:media-upload"),
        {"files": [upload(name, data)], "alt": "Typed alt text", "tags": "typed"},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors["files"]
    assert any(name in e and message in e for e in errors), errors
    html = response.content.decode()
    assert 'value="Typed alt text"' in html and 'id="id_files_error"' in html
    assert not MediaAsset.objects.exists()


def test_media_edit_alt_text_and_tags(editor):
    asset = MediaAssetFactory(tags="")
    edit = reverse("admin_portal:media-edit", args=[asset.pk])
    response = editor.post(
        edit, {"title": "Roof units", "alt": "Two units on a roof", "tags": "roof, Nairobi"}
    )
    assert response.status_code == 302
    asset.refresh_from_db()
    assert asset.alt == "Two units on a roof" and asset.tag_list == ["roof", "nairobi"]
    assert _audited("media.updated")
    too_long = editor.post(edit, {"title": "x", "alt": "a" * 300, "tags": ""})
    assert too_long.status_code == 400 and "alt" in too_long.context["form"].errors


def test_media_grid_search_by_tag_or_alt_text(editor):
    MediaAssetFactory(alt="Chiller plant in Mombasa", tags=",chiller,")
    MediaAssetFactory(alt="Kitchen hood", tags=",kitchen,hotel,")
    url = reverse("admin_portal:media")
    by_alt = editor.get(url, {"q": "chiller plant"}).context["page"].object_list
    by_tag = editor.get(url, {"tag": "hotel"}).context["page"].object_list
    assert [a.alt for a in by_alt] == ["Chiller plant in Mombasa"]
    assert [a.alt for a in by_tag] == ["Kitchen hood"]
    html = editor.get(url).content.decode()
    assert 'data-testid="media-grid"' in html and "srcset=" in html


def test_media_in_use_shows_where_and_cannot_be_deleted(editor):
    asset = MediaAssetFactory()
    service = ServiceFactory(hero_image=asset, name="Cassette AC installation")
    project = ProjectFactory(title="Hotel kitchen")
    project.images.create(asset=asset, caption="Hood", order=0)
    page = editor.get(reverse("admin_portal:media-edit", args=[asset.pk])).content.decode()
    assert reverse("admin_portal:service-edit", args=[service.pk]) in page
    assert reverse("admin_portal:project-edit", args=[project.pk]) in page
    assert 'data-testid="delete-blocked"' in page
    delete = reverse("admin_portal:media-delete", args=[asset.pk])
    confirm = editor.get(delete).content.decode()
    assert "is in use and cannot be deleted" in confirm and "Cassette AC installation" in confirm
    response = editor.post(delete)
    assert response.status_code == 409
    assert "is in use and cannot be deleted" in response.content.decode()
    assert MediaAsset.objects.filter(pk=asset.pk).exists()
    assert not _audited("media.deleted")


def test_unused_media_is_deleted(editor):
    asset = MediaAssetFactory()
    assert editor.post(reverse("admin_portal:media-delete", args=[asset.pk])).status_code == 302
    assert not MediaAsset.objects.exists() and _audited("media.deleted")


# --- Pages --------------------------------------------------------------------------


def test_page_create_preview_edit_and_delete(editor, client_user, client):
    response = editor.post(
        reverse("admin_portal:page-create"),
        {"title": "Careers", "slug": "", "body": "<h2>Join us</h2><img src=x onerror=alert(1)>"},
    )
    page = cms_models.Page.objects.get()
    assert response.status_code == 302 and page.slug == "careers" and not page.is_published
    assert page.body == "<h2>Join us</h2>" and _audited("page.created")
    preview = editor.get(reverse("admin_portal:page-preview", args=[page.pk]))
    assert "Join us" in preview.content.decode() and preview["Cache-Control"] == "private, no-store"
    edit = reverse("admin_portal:page-edit", args=[page.pk])
    editor.post(
        edit, {"title": "Careers", "slug": "jobs", "body": "<p>x</p>", "is_published": "on"}
    )
    page.refresh_from_db()
    assert page.slug == "jobs" and page.is_published
    assert editor.post(reverse("admin_portal:page-delete", args=[page.pk])).status_code == 302
    assert not cms_models.Page.objects.exists()


# --- Blog posts ---------------------------------------------------------------------


def _post_data(**extra):
    data = {
        "title": "Five signs your AC needs a gas refill",
        "slug": "",
        "excerpt": "Warm air and ice on the pipes.",
        "body": "<p>If your unit blows warm air…</p>",
        "tags": "repairs, Tips",
        "publish": "draft",
        "published_at": "",
    }
    data.update(extra)
    return data


@pytest.mark.date_sensitive
def test_post_draft_then_publish_now(editor, editor_user):
    editor.post(reverse("admin_portal:post-create"), _post_data())
    post = cms_models.BlogPost.objects.get()
    assert post.status == "draft" and post.author == editor_user
    assert post.tag_list == ["repairs", "tips"]
    assert not cms_selectors.public_posts().exists()
    edit = reverse("admin_portal:post-edit", args=[post.pk])
    assert editor.post(edit, _post_data(publish="now")).status_code == 302
    post.refresh_from_db()
    assert post.status == "published" and post.published_at <= timezone.now()
    first_date = post.published_at
    # Saving a published post again keeps its date.
    editor.post(edit, _post_data(publish="now", excerpt="Edited"))
    post.refresh_from_db()
    assert post.published_at == first_date and post.excerpt == "Edited"


@pytest.mark.date_sensitive
def test_post_scheduled_in_nairobi_time_is_not_public_until_then(editor):
    now = timezone.localtime()
    when = (now + dt.timedelta(days=2)).replace(hour=9, minute=0, second=0, microsecond=0)
    response = editor.post(
        reverse("admin_portal:post-create"),
        _post_data(publish="schedule", published_at=when.strftime("%Y-%m-%dT%H:%M")),
    )
    assert response.status_code == 302
    post = cms_models.BlogPost.objects.get()
    assert post.status == "scheduled"
    # 09:00 typed in the form is 09:00 in Nairobi (06:00 UTC).
    assert timezone.localtime(post.published_at).hour == 9
    assert post.published_at.astimezone(dt.UTC).hour == 6
    assert not cms_selectors.public_posts().exists()
    edit_page = editor.get(reverse("admin_portal:post-edit", args=[post.pk])).content.decode()
    assert when.strftime("%Y-%m-%dT%H:%M") in edit_page and 'value="schedule" ' in edit_page
    with time_machine.travel(when + dt.timedelta(minutes=1)):
        assert list(cms_selectors.public_posts()) == [post]


@pytest.mark.date_sensitive
def test_post_schedule_needs_a_future_time(editor):
    past = (timezone.localtime() - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = editor.post(
        reverse("admin_portal:post-create"), _post_data(publish="schedule", published_at=past)
    )
    assert response.status_code == 400
    assert "future" in response.context["form"].errors["published_at"][0]
    assert "Five signs your AC needs a gas refill" in response.content.decode()
    missing = editor.post(reverse("admin_portal:post-create"), _post_data(publish="schedule"))
    assert "published_at" in missing.context["form"].errors
    assert not cms_models.BlogPost.objects.exists()


def test_post_preview_shows_a_draft_to_staff_only(editor, client, client_user):
    post = cms_factories.BlogPostFactory(status="draft", published_at=None, title="Draft tips")
    url = reverse("admin_portal:post-preview", args=[post.pk])
    response = editor.get(url)
    html = response.content.decode()
    assert response.status_code == 200 and "Draft tips" in html
    assert "not on the website yet" in html and "noindex" in html
    client.force_login(client_user)
    assert client.get(url).status_code == 403


def test_post_delete(editor):
    post = cms_factories.BlogPostFactory()
    assert editor.post(reverse("admin_portal:post-delete", args=[post.pk])).status_code == 302
    assert not cms_models.BlogPost.objects.exists() and _audited("post.deleted")


def test_post_list_filters_by_status(editor):
    cms_factories.BlogPostFactory(title="Live one")
    cms_factories.BlogPostFactory(title="Still a draft", status="draft", published_at=None)
    drafts = editor.get(reverse("admin_portal:posts"), {"status": "draft"})
    assert [p.title for p in drafts.context["page"].object_list] == ["Still a draft"]


# --- Banners ------------------------------------------------------------------------


@pytest.mark.date_sensitive
def test_banner_active_window(editor):
    # A month-long window starting next week at 08:00: upcoming on any date.
    starts = timezone.localtime().replace(hour=8, minute=0) + dt.timedelta(days=7)
    field = "%Y-%m-%dT%H:%M"
    data = {
        "headline": "Beat the heat",
        "text": "Service your AC before December.",
        "cta_label": "Book now",
        "cta_url": "/book/",
        "active_from": starts.strftime(field),
        "active_to": (starts + dt.timedelta(days=30)).replace(hour=18).strftime(field),
        "is_active": "on",
        "order": "1",
    }
    assert editor.post(reverse("admin_portal:banner-create"), data).status_code == 302
    banner = cms_models.Banner.objects.get()
    assert timezone.localtime(banner.active_from).hour == 8 and _audited("banner.created")
    ended = (starts - dt.timedelta(days=30)).strftime(field)
    backwards = {**data, "active_to": ended, "headline": "Kept headline"}
    response = editor.post(reverse("admin_portal:banner-edit", args=[banner.pk]), backwards)
    assert response.status_code == 400 and "active_to" in response.context["form"].errors
    assert 'value="Kept headline"' in response.content.decode()
    bad_link = editor.post(
        reverse("admin_portal:banner-create"), {**data, "cta_url": "javascript:alert(1)"}
    )
    assert bad_link.status_code == 400 and "cta_url" in bad_link.context["form"].errors
    listing = editor.get(reverse("admin_portal:banners"), {"window": "upcoming"})
    assert [b.headline for b in listing.context["page"].object_list] == ["Beat the heat"]
    assert editor.post(reverse("admin_portal:banner-delete", args=[banner.pk])).status_code == 302
    assert not cms_models.Banner.objects.exists()


# --- Testimonials -------------------------------------------------------------------


def test_testimonial_create_approve_withdraw_and_delete(editor):
    data = {
        "client_name": "Mama Oliech",
        "quote": "Cool kitchen at last.",
        "rating": "5",
        "order": "0",
    }
    assert editor.post(reverse("admin_portal:testimonial-create"), data).status_code == 302
    testimonial = cms_models.Testimonial.objects.get()
    assert not testimonial.is_approved
    listing = reverse("admin_portal:testimonials")
    response = editor.post(
        reverse("admin_portal:testimonial-approve", args=[testimonial.pk]), {"next": listing}
    )
    assert response["Location"] == listing
    testimonial.refresh_from_db()
    assert testimonial.is_approved and _audited("testimonial.approved")
    editor.post(
        reverse("admin_portal:testimonial-withdraw", args=[testimonial.pk]),
        {"next": "https://evil.example/"},
    )
    testimonial.refresh_from_db()
    assert not testimonial.is_approved and _audited("testimonial.withdrawn")
    assert (
        editor.get(reverse("admin_portal:testimonial-approve", args=[testimonial.pk])).status_code
        == 405
    )
    delete = reverse("admin_portal:testimonial-delete", args=[testimonial.pk])
    assert editor.post(delete).status_code == 302
    assert not cms_models.Testimonial.objects.exists()


def test_testimonial_rating_out_of_range_is_refused(editor):
    data = {"client_name": "Kept name", "quote": "Good.", "rating": "9", "order": "0"}
    response = editor.post(reverse("admin_portal:testimonial-create"), data)
    assert response.status_code == 400 and "rating" in response.context["form"].errors
    assert 'value="Kept name"' in response.content.decode()


# --- FAQ ----------------------------------------------------------------------------


def test_faq_create_edit_and_delete(editor):
    data = {
        "question": "Do you service Mombasa?",
        "answer": "<p>Yes.</p>",
        "category": "Areas",
        "order": "2",
        "is_published": "on",
    }
    assert editor.post(reverse("admin_portal:faq-create"), data).status_code == 302
    faq = cms_models.FAQ.objects.get()
    assert (faq.category, faq.order) == ("Areas", 2) and _audited("faq.created")
    page = editor.get(reverse("admin_portal:faq-edit", args=[faq.pk])).content.decode()
    assert '<option value="Areas">' in page  # category suggestions
    editor.post(reverse("admin_portal:faq-edit", args=[faq.pk]), {**data, "order": "0"})
    faq.refresh_from_db()
    assert faq.order == 0
    listing = editor.get(reverse("admin_portal:faq"), {"category": "Areas"})
    assert list(listing.context["page"].object_list) == [faq]
    assert editor.post(reverse("admin_portal:faq-delete", args=[faq.pk])).status_code == 302
    assert not cms_models.FAQ.objects.exists()


def test_faq_missing_question_keeps_the_answer(editor):
    response = editor.post(
        reverse("admin_portal:faq-create"),
        {"question": "", "answer": "Typed answer", "category": "", "order": "0"},
    )
    assert response.status_code == 400 and "question" in response.context["form"].errors
    assert "Typed answer" in response.content.decode()
