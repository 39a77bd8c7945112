"""Writes of the portfolio: galleries, consent, sanitised bodies."""

from __future__ import annotations

import pytest

from apps.catalog.tests.factories import ServiceFactory
from apps.core.models import AuditLog
from apps.media.tests.factories import MediaAssetFactory, image_bytes, upload
from apps.portfolio import selectors, services
from apps.portfolio.models import ProjectSlugHistory

pytestmark = pytest.mark.django_db


def test_create_project_with_gallery(editor_user):
    a, b = MediaAssetFactory(), MediaAssetFactory()
    service = ServiceFactory()
    project = services.create_project(
        actor=editor_user,
        title="Cold room for a Nakuru dairy",
        town="  nakuru ",
        body="<p>Built fast</p><img src=x onerror=alert(1)>",
        services=[service],
        images=[{"asset": b, "caption": "Panels"}, {"asset": a}],
    )
    assert project.slug == "cold-room-for-a-nakuru-dairy"
    assert project.town == "Nakuru"
    assert project.body == "<p>Built fast</p>"
    assert [(i.asset, i.caption, i.order) for i in project.images.all()] == [
        (b, "Panels", 0),
        (a, "", 1),
    ]
    assert list(project.services.all()) == [service]
    assert AuditLog.objects.filter(action="project.created").count() == 1


def test_reordering_the_gallery_keeps_rows_and_captions(editor_user):
    a, b, c = MediaAssetFactory.create_batch(3)
    project = services.create_project(
        actor=editor_user,
        title="Hotel",
        town="Mombasa",
        images=[{"asset": a, "caption": "A"}, {"asset": b, "caption": "B"}],
    )
    ids = {i.asset_id: i.pk for i in project.images.all()}
    services.update_project(
        project=project,
        actor=editor_user,
        images=[{"asset": c, "caption": "C"}, {"asset": b, "caption": "B"}],
    )
    rows = list(project.images.all())
    assert [(i.asset_id, i.order) for i in rows] == [(c.pk, 0), (b.pk, 1)]
    assert rows[1].pk == ids[b.pk]
    entry = AuditLog.objects.get(action="project.updated")
    assert entry.changes["images"] == [[str(a.pk), str(b.pk)], [str(c.pk), str(b.pk)]]


def test_uploads_join_the_library_and_the_gallery(editor_user):
    project = services.create_project(
        actor=editor_user,
        title="Kisumu clinic",
        town="Kisumu",
        uploads=[upload("one.jpg"), upload("two.png", image_bytes("PNG"))],
    )
    assets = [i.asset for i in project.images.all()]
    assert [a.format for a in assets] == ["jpeg", "png"]
    assert all(a.alt == "Kisumu clinic" for a in assets)


def test_a_bad_upload_names_the_file_and_saves_nothing(editor_user):
    from django.core.exceptions import ValidationError

    from apps.portfolio.models import Project

    with pytest.raises(ValidationError) as exc:
        services.create_project(
            actor=editor_user,
            title="X",
            town="Nairobi",
            uploads=[upload("evil.jpg", b"<svg/>")],
        )
    assert exc.value.message_dict["files"][0].startswith("evil.jpg")
    assert not Project.objects.exists()


def test_slug_change_redirects_by_slug(editor_user):
    project = services.create_project(actor=editor_user, title="Old title", town="Nairobi")
    services.update_project(project=project, actor=editor_user, slug="new-title")
    assert selectors.project_for_public(key="old-title") == (project, True)
    assert ProjectSlugHistory.objects.filter(slug="old-title", owner=project).exists()


def test_towns_and_years_for_the_filters(editor_user):
    import datetime as dt

    for town, year in (("Nairobi", 2024), ("Mombasa", 2025), ("Nairobi", 2025)):
        services.create_project(
            actor=editor_user, title=f"{town} {year}", town=town, completed_on=dt.date(year, 3, 1)
        )
    assert selectors.project_towns() == ["Mombasa", "Nairobi"]
    assert selectors.project_years() == [2025, 2024]
