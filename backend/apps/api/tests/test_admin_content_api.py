"""/api/v1/admin/ for content: who may do what, uploads, projects with images."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.catalog.models import Service
from apps.catalog.tests.factories import ServiceCategoryFactory, ServiceFactory
from apps.cms.tests.factories import BlogPostFactory
from apps.cms.tests.factories import TestimonialFactory as PendingTestimonialFactory
from apps.core.models import AuditLog
from apps.media.models import MediaAsset
from apps.media.tests.factories import MediaAssetFactory, image_bytes, upload
from apps.portfolio.models import Project

pytestmark = pytest.mark.django_db


def url(name: str, **kwargs) -> str:
    return reverse(f"v1:admin:{name}", kwargs=kwargs or None)


def service_payload(category) -> dict:
    return {"category": str(category.pk), "name": "Inverter AC installation", "summary": "Saves"}


RESOURCES = [
    "category",
    "service",
    "project",
    "media",
    "page",
    "post",
    "banner",
    "testimonial",
    "faq",
]


@pytest.mark.parametrize("resource", RESOURCES)
def test_anonymous_cannot_read_or_write(api, resource):
    assert api.get(url(f"{resource}-list")).status_code == 401
    assert api.post(url(f"{resource}-list"), {}).status_code == 401


@pytest.mark.parametrize("resource", RESOURCES)
def test_a_client_cannot_read_or_write(as_user, client_user, resource):
    client = as_user(client_user)
    assert client.get(url(f"{resource}-list")).status_code == 403
    assert client.post(url(f"{resource}-list"), {}).status_code == 403


def test_sales_may_view_the_catalog_but_not_change_it(as_user, sales_user):
    category = ServiceCategoryFactory()
    service = ServiceFactory(category=category)
    client = as_user(sales_user)
    assert client.get(url("service-list")).status_code == 200
    assert client.get(url("project-list")).status_code == 200
    assert client.post(url("service-list"), service_payload(category)).status_code == 403
    assert client.patch(url("service-detail", pk=service.pk), {"name": "x"}).status_code == 403
    assert client.delete(url("service-detail", pk=service.pk)).status_code == 403
    assert client.get(url("post-list")).status_code == 403


def test_a_technician_cannot_touch_the_media_library(as_user, technician_user):
    client = as_user(technician_user)
    assert client.get(url("media-list")).status_code == 403
    assert client.post(url("media-list"), {"file": upload()}, format="multipart").status_code == 403


@pytest.mark.parametrize("who", ["editor_user", "admin_user"])
def test_editors_and_administrators_manage_services(request, as_user, who):
    client = as_user(request.getfixturevalue(who))
    category = ServiceCategoryFactory()
    created = client.post(url("service-list"), service_payload(category))
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["slug"] == "inverter-ac-installation"
    changed = client.patch(url("service-detail", pk=pk), {"body": "<p>x</p><script>y</script>"})
    assert changed.json()["body"] == "<p>x</p>"
    assert client.delete(url("service-detail", pk=pk)).status_code == 204
    assert not Service.objects.filter(pk=pk).exists()
    assert [e.action for e in AuditLog.objects.order_by("id")] == [
        "service.created",
        "service.updated",
        "service.deleted",
    ]


def test_validation_errors_name_the_field(as_user, editor_user):
    response = as_user(editor_user).post(
        url("service-list"),
        {
            "category": str(ServiceCategoryFactory().pk),
            "name": "X",
            "base_price_min": "10",
            "base_price_max": "5",
        },
    )
    assert response.status_code == 400
    assert "base_price_max" in response.json()["errors"]


def test_specs_are_rows_in_order_and_the_former_object_is_still_accepted(as_user, editor_user):
    client = as_user(editor_user)
    rows = [{"label": "Warranty", "value": "24 months"}, {"label": "EER", "value": "3.6"}]
    payload = {**service_payload(ServiceCategoryFactory()), "specs": rows}
    created = client.post(url("service-list"), payload, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["specs"] == rows
    pk = created.json()["id"]
    # An older client sending label → value gets rows in its key order.
    legacy = {"Noise": "19 dB", "Capacity": "12,000 BTU"}
    changed = client.patch(url("service-detail", pk=pk), {"specs": legacy}, format="json")
    assert changed.status_code == 200, changed.json()
    assert changed.json()["specs"] == [
        {"label": "Noise", "value": "19 dB"},
        {"label": "Capacity", "value": "12,000 BTU"},
    ]
    for bad in (["Noise"], [{"label": 1, "value": "x"}], "Noise: 19 dB"):
        refused = client.patch(url("service-detail", pk=pk), {"specs": bad}, format="json")
        assert refused.status_code == 400
        assert "specs" in refused.json()["errors"]
    twice = [{"label": "EER", "value": "3"}, {"label": "eer", "value": "4"}]
    refused = client.patch(url("service-detail", pk=pk), {"specs": twice}, format="json")
    assert refused.status_code == 400 and "specs" in refused.json()["errors"]


def test_media_upload_by_multipart_and_rejection_of_a_disguised_svg(as_user, editor_user):
    client = as_user(editor_user)
    ok = client.post(
        url("media-list"),
        {"file": upload("unit.webp", image_bytes("WEBP")), "alt": "Outdoor unit", "tags": "roof"},
        format="multipart",
    )
    assert ok.status_code == 201, ok.json()
    assert ok.json()["format"] == "webp" and ok.json()["tags"] == ["roof"]
    bad = client.post(
        url("media-list"),
        {"file": upload("cute.jpg", b"<svg onload='alert(1)'/>")},
        format="multipart",
    )
    assert bad.status_code == 400
    assert bad.json()["errors"]["file"] == ["Upload a JPEG, PNG or WebP image."]
    assert MediaAsset.objects.count() == 1


def test_media_in_use_is_refused_with_409_and_usages_listed(as_user, editor_user):
    asset = MediaAssetFactory()
    ServiceFactory(name="Cold rooms", hero_image=asset)
    client = as_user(editor_user)
    detail = client.get(url("media-detail", pk=asset.pk)).json()
    assert [u["label"] for u in detail["usages"]] == ["Cold rooms"]
    response = client.delete(url("media-detail", pk=asset.pk))
    assert response.status_code == 409
    assert response.json()["code"] == "in_use"
    assert "Cold rooms" in response.json()["detail"]
    unused = MediaAssetFactory()
    assert client.delete(url("media-detail", pk=unused.pk)).status_code == 204


def test_create_project_with_library_images_in_json(as_user, editor_user):
    a, b = MediaAssetFactory.create_batch(2)
    service = ServiceFactory()
    response = as_user(editor_user).post(
        url("project-list"),
        {
            "title": "Westlands office VRF",
            "town": "Nairobi",
            "client_name": "Mvule Ltd",
            "services": [str(service.pk)],
            "images": [{"asset": str(b.pk), "caption": "Roof"}, {"asset": str(a.pk)}],
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert [i["image"]["id"] for i in body["images"]] == [str(b.pk), str(a.pk)]
    assert body["images"][0]["caption"] == "Roof"
    assert body["services"] == [str(service.pk)]


def test_create_project_with_uploaded_files_in_multipart(as_user, editor_user):
    service = ServiceFactory()
    response = as_user(editor_user).post(
        url("project-list"),
        {
            "title": "Nakuru dairy cold room",
            "town": "Nakuru",
            "services": [str(service.pk)],
            "files": [upload("a.jpg"), upload("b.png", image_bytes("PNG"), "image/png")],
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    assert len(response.json()["images"]) == 2
    assert Project.objects.get().images.count() == 2


@pytest.mark.date_sensitive
def test_post_publish_and_schedule_through_the_api(as_user, editor_user):
    client = as_user(editor_user)
    created = client.post(url("post-list"), {"title": "AC tips", "tags": ["tips"]})
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["status"] == "draft"
    assert created.json()["author"] == editor_user.email
    later = (timezone.now() + dt.timedelta(days=30)).isoformat()
    scheduled = client.post(url("post-publish", pk=pk), {"published_at": later})
    assert scheduled.json()["status"] == "scheduled"
    now = client.post(url("post-publish", pk=pk), {})
    assert now.json()["status"] == "published"
    assert client.post(url("post-unpublish", pk=pk)).json()["status"] == "draft"


def test_approving_a_testimonial(as_user, editor_user, sales_user):
    testimonial = PendingTestimonialFactory(is_approved=False)
    assert (
        as_user(sales_user).post(url("testimonial-approve", pk=testimonial.pk)).status_code == 403
    )
    response = as_user(editor_user).post(url("testimonial-approve", pk=testimonial.pk), {})
    assert response.status_code == 200
    assert response.json()["is_approved"] is True


def test_admin_lists_have_constant_query_counts(
    as_user, editor_user, django_assert_max_num_queries
):
    for _ in range(5):
        BlogPostFactory(cover=MediaAssetFactory())
    client = as_user(editor_user)
    # auth user, groups/permissions, count, rows (+ savepoints on PostgreSQL)
    with django_assert_max_num_queries(8):
        assert client.get(url("post-list")).status_code == 200
