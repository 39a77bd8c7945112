from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import BaseModel


class RenditionStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


def normalize_tags(tags: str | list[str] | tuple[str, ...] | None) -> str:
    """Tags stored as ``,air-conditioning,office,`` so a tag filter is one
    ``contains`` on every database."""
    if not tags:
        return ""
    if isinstance(tags, str):
        tags = tags.split(",")
    cleaned = []
    for tag in tags:
        tag = " ".join(str(tag).strip().lower().split())[:40]
        if tag and tag not in cleaned:
            cleaned.append(tag)
    return f",{','.join(cleaned)}," if cleaned else ""


class MediaAsset(BaseModel):
    """An image in the media library, re-encoded on upload (no EXIF or GPS).

    ``renditions`` is filled by a background task: a list of
    ``{"width", "height", "webp", "fallback"}`` (storage names), narrowest first,
    so pages build ``srcset`` without another query."""

    file = models.FileField(_("file"), upload_to="media/originals/", max_length=255)
    title = models.CharField(_("title"), max_length=160, blank=True)
    alt = models.CharField(
        _("alt text"),
        max_length=250,
        blank=True,
        help_text=_("Describes the picture for people who cannot see it."),
    )
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    size = models.PositiveIntegerField(_("size (bytes)"))
    format = models.CharField(_("format"), max_length=8)
    content_hash = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    tags = models.CharField(_("tags"), max_length=400, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    renditions = models.JSONField(_("renditions"), default=list, blank=True)
    rendition_status = models.CharField(
        _("renditions"),
        max_length=10,
        choices=RenditionStatus.choices,
        default=RenditionStatus.PENDING,
    )

    class Meta:
        verbose_name = _("media asset")
        verbose_name_plural = _("media assets")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title or self.alt or self.file.name or ""

    @property
    def tag_list(self) -> list[str]:
        return [tag for tag in self.tags.split(",") if tag]

    @property
    def aspect_ratio(self) -> float:
        return self.width / self.height if self.height else 1.0
