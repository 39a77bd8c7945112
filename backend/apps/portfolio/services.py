"""Writes of the portfolio. Each records an audit entry and invalidates the
public cache."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.catalog.models import Service
from apps.core.editing import apply_changes
from apps.core.public_cache import bump_content_version
from apps.core.rich_text import sanitize_html
from apps.core.services import record_audit
from apps.core.slugs import claim_slug, unique_slug
from apps.media.models import MediaAsset
from apps.portfolio.models import Project, ProjectImage, ProjectSlugHistory

PROJECT_FIELDS = (
    "title",
    "slug",
    "summary",
    "body",
    "client_name",
    "client_consent",
    "town",
    "location",
    "completed_on",
    "services",
    "is_featured",
    "is_published",
    "order",
    "seo_title",
    "seo_description",
)
RICH_TEXT = ("body",)


class ImageSpec(TypedDict, total=False):
    asset: MediaAsset
    caption: str


def _normalize_town(town: str) -> str:
    return " ".join(town.split()).title()


def _set_images(project: Project, images: Sequence[ImageSpec]) -> list[str]:
    """Make the project's gallery exactly ``images``, in that order. Rows are
    matched by asset, so captions and ids survive a reorder."""
    seen: set[Any] = set()
    for spec in images:
        if spec["asset"].pk in seen:
            raise ValidationError({"images": [_("The same image is listed twice.")]})
        seen.add(spec["asset"].pk)
    existing = {image.asset_id: image for image in project.images.all()}
    keep = []
    for order, spec in enumerate(images):
        caption = (spec.get("caption") or "").strip()[:200]
        image = existing.get(spec["asset"].pk)
        if image is None:
            image = ProjectImage.objects.create(
                project=project, asset=spec["asset"], caption=caption, order=order
            )
        elif image.caption != caption or image.order != order:
            image.caption, image.order = caption, order
            image.save(update_fields=["caption", "order", "updated_at"])
        keep.append(image.pk)
    project.images.exclude(pk__in=keep).delete()
    return [str(spec["asset"].pk) for spec in images]


@transaction.atomic
def create_project(
    *,
    actor: Any,
    title: str,
    town: str,
    slug: str = "",
    summary: str = "",
    body: str = "",
    client_name: str = "",
    client_consent: bool = False,
    location: str = "",
    completed_on: dt.date | None = None,
    services: Iterable[Service] = (),
    is_featured: bool = False,
    is_published: bool = True,
    order: int = 0,
    seo_title: str = "",
    seo_description: str = "",
    images: Sequence[ImageSpec] = (),
    uploads: Sequence[Any] = (),
) -> Project:
    """Create a project. ``images`` are media-library assets; ``uploads`` are
    new files, validated and added to the library, then to the gallery."""
    project = Project(
        title=title.strip(),
        slug=slug or unique_slug(Project, title, max_length=180),
        summary=summary.strip(),
        body=sanitize_html(body),
        client_name=client_name.strip(),
        client_consent=client_consent,
        town=_normalize_town(town),
        location=location.strip(),
        completed_on=completed_on,
        is_featured=is_featured,
        is_published=is_published,
        order=order,
        seo_title=seo_title.strip(),
        seo_description=seo_description.strip(),
    )
    project.full_clean()
    project.save()
    claim_slug(ProjectSlugHistory, project.slug)
    project.services.set(list(services))
    image_ids = _set_images(project, [*images, *_upload(uploads, actor=actor, alt=project.title)])
    record_audit(
        actor=actor,
        action="project.created",
        target=project,
        changes={"slug": project.slug, "images": image_ids},
    )
    bump_content_version()
    return project


def _upload(uploads: Sequence[Any], *, actor: Any, alt: str) -> list[ImageSpec]:
    from apps.media.services import upload_asset

    specs: list[ImageSpec] = []
    for upload in uploads:
        try:
            asset = upload_asset(upload=upload, actor=actor, alt=alt)
        except ValidationError as exc:
            name = getattr(upload, "name", "")
            raise ValidationError(
                {"files": [f"{name}: {message}" for message in exc.messages]}
            ) from exc
        specs.append({"asset": asset, "caption": ""})
    return specs


@transaction.atomic
def update_project(
    *,
    project: Project,
    actor: Any,
    images: Sequence[ImageSpec] | None = None,
    uploads: Sequence[Any] = (),
    **changes: Any,
) -> Project:
    """Change a project's fields; ``images`` (when given) replaces the gallery
    and ``uploads`` are added at its end."""
    if "town" in changes:
        changes["town"] = _normalize_town(changes["town"])
    diff = apply_changes(
        instance=project,
        changes=changes,
        editable=PROJECT_FIELDS,
        rich_text=RICH_TEXT,
        history_model=ProjectSlugHistory,
    )
    if images is not None or uploads:
        current = list(project.images.select_related("asset").order_by("order", "created_at"))
        before = [str(image.asset_id) for image in current]
        if images is None:
            images = [{"asset": i.asset, "caption": i.caption} for i in current]
        new = _upload(uploads, actor=actor, alt=project.title)
        after = _set_images(project, [*images, *new])
        if before != after:
            diff["images"] = [before, after]
    record_audit(actor=actor, action="project.updated", target=project, changes=diff)
    bump_content_version()
    return project


@transaction.atomic
def delete_project(*, project: Project, actor: Any) -> None:
    """Delete a project and its gallery rows; the images stay in the library."""
    record_audit(actor=actor, action="project.deleted", target=project)
    project.delete()
    bump_content_version()
