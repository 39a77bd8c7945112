"""Reads of the media library."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from apps.media.models import MediaAsset, normalize_tags


def assets_for_admin(*, search: str = "", tag: str = "") -> QuerySet[MediaAsset]:
    qs = MediaAsset.objects.select_related("uploaded_by")
    if search:
        qs = qs.filter(
            Q(alt__icontains=search) | Q(title__icontains=search) | Q(tags__icontains=search)
        )
    if tag and (normalized := normalize_tags([tag])):
        qs = qs.filter(tags__contains=normalized)
    return qs.order_by("-created_at")


def asset_usages(*, asset: MediaAsset, limit: int = 50) -> list[dict[str, Any]]:
    """Where an asset is shown: one entry per record that points at it.

    Found through every foreign key to MediaAsset, so a new content model is
    covered without changes here. A model can name related rows to load for
    its label with ``media_usage_select_related``."""
    found: list[dict[str, Any]] = []
    for relation in MediaAsset._meta.related_objects:
        if not (relation.one_to_many or relation.one_to_one):
            continue
        model = relation.related_model
        qs = model._default_manager.filter(**{relation.field.name: asset})
        related = getattr(model, "media_usage_select_related", ())
        if related:
            qs = qs.select_related(*related)
        for obj in qs[:limit]:
            found.append(
                {
                    "kind": str(model._meta.verbose_name),
                    "model": model._meta.label_lower,
                    "field": relation.field.name,
                    "id": str(obj.pk),
                    "label": str(obj),
                }
            )
    return found


def asset_is_used(*, asset: MediaAsset) -> bool:
    return any(
        relation.related_model._default_manager.filter(**{relation.field.name: asset}).exists()
        for relation in MediaAsset._meta.related_objects
        if relation.one_to_many or relation.one_to_one
    )
