"""Writes of the media library: validated uploads, renditions, alt text, deletion."""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from apps.core.public_cache import bump_content_version
from apps.core.services import diff_fields, record_audit, snapshot
from apps.core.tasks import enqueue_on_commit
from apps.media.models import MediaAsset, RenditionStatus, normalize_tags
from apps.media.selectors import asset_usages

# Pillow format name → (file extension, MIME type). Nothing else is accepted:
# not SVG (it can carry script), not GIF, TIFF, BMP or HEIC.
ACCEPTED_FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}


class AssetInUse(ValidationError):
    """Deleting an asset that a page, project or post still shows."""


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )


def validate_image_upload(upload: Any) -> Image.Image:
    """Open ``upload`` as an image, judged by its content, never its name.

    Raises ValidationError on the ``file`` field for: an empty or oversized
    file, anything that is not a JPEG, PNG or WebP (an SVG or HTML page named
    ``photo.jpg`` included), an image above the pixel limit (decompression
    bombs) and a truncated or corrupt file. Returns the fully decoded image."""
    max_bytes = settings.MEDIA_MAX_UPLOAD_BYTES
    size = getattr(upload, "size", None)
    if not size:
        raise ValidationError({"file": [_("The file is empty.")]})
    if size > max_bytes:
        raise ValidationError(
            {
                "file": [
                    _("The file is %(size).1f MB; the limit is %(limit).0f MB.")
                    % {"size": size / 1_048_576, "limit": max_bytes / 1_048_576}
                ]
            }
        )
    not_accepted = _("Upload a JPEG, PNG or WebP image.")
    too_big = _("The image is too large (more than %(mp)s megapixels).") % {
        "mp": settings.MEDIA_MAX_PIXELS // 1_000_000
    }
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(upload)
            if probe.format not in ACCEPTED_FORMATS:
                raise ValidationError({"file": [not_accepted]})
            width, height = probe.size
            if width * height > settings.MEDIA_MAX_PIXELS:
                raise ValidationError({"file": [too_big]})
            probe.verify()  # structure and checksums; the object is unusable after
            upload.seek(0)
            image = Image.open(upload)
            image.load()  # decode every pixel: catches truncated data
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError({"file": [too_big]}) from exc
    except (UnidentifiedImageError, SyntaxError, OSError, ValueError) as exc:
        raise ValidationError({"file": [not_accepted]}) from exc
    finally:
        upload.seek(0)
    return image


def _clean_copy(image: Image.Image, fmt: str) -> Image.Image:
    """Upright pixels only: EXIF orientation applied, every metadata block
    (EXIF, GPS, XMP, comments, text chunks) dropped; the colour profile kept."""
    icc = image.info.get("icc_profile")
    image = ImageOps.exif_transpose(image)
    if fmt == "JPEG":
        image = image.convert("RGB") if image.mode != "L" else image.copy()
    elif _has_alpha(image):
        image = image.convert("RGBA")
    elif image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    else:
        image = image.copy()
    image.info = {"icc_profile": icc} if icc else {}
    return image


def _encode(image: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    icc = image.info.get("icc_profile")
    extra: dict[str, Any] = {"icc_profile": icc} if icc else {}
    if fmt == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(
            buffer, "JPEG", quality=settings.MEDIA_JPEG_QUALITY, optimize=True, progressive=True,
            **extra,
        )  # fmt: skip
    elif fmt == "PNG":
        image.save(buffer, "PNG", optimize=True, **extra)
    else:
        image.save(buffer, "WEBP", quality=settings.MEDIA_WEBP_QUALITY, method=4, **extra)
    return buffer.getvalue()


@dataclass(frozen=True)
class CleanImage:
    """An uploaded image checked and re-encoded: upright pixels, no metadata."""

    data: bytes
    format: str  # JPEG, PNG or WEBP
    extension: str
    content_type: str
    width: int
    height: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def clean_image_upload(upload: Any) -> CleanImage:
    """``validate_image_upload`` plus the re-encoding that strips EXIF and GPS:
    the one way an uploaded photo becomes bytes we store (the media library,
    booking photos, inquiry attachments)."""
    image = validate_image_upload(upload)
    fmt = image.format or "JPEG"
    clean = _clean_copy(image, fmt)
    extension, content_type = ACCEPTED_FORMATS[fmt]
    return CleanImage(
        data=_encode(clean, fmt),
        format=fmt,
        extension=extension,
        content_type=content_type,
        width=clean.width,
        height=clean.height,
    )


@transaction.atomic
def upload_asset(
    *,
    upload: Any,
    actor: Any,
    alt: str = "",
    title: str = "",
    tags: str | list[str] | None = None,
) -> MediaAsset:
    """Validate, re-encode and store an uploaded image; renditions follow in
    the background."""
    clean = clean_image_upload(upload)
    fmt = next(
        name for name, (_ext, ctype) in ACCEPTED_FORMATS.items() if ctype == clean.content_type
    )
    ext, data, digest = clean.extension, clean.data, clean.sha256
    original_name = getattr(upload, "name", "") or "image"
    stem = slugify(original_name.rsplit(".", 1)[0])[:60] or "image"
    now = timezone.now()
    name = f"media/originals/{now:%Y/%m}/{stem}-{digest[:10]}.{ext}"
    asset = MediaAsset(
        title=(title or original_name.rsplit(".", 1)[0])[:160],
        alt=alt.strip(),
        width=clean.width,
        height=clean.height,
        size=len(data),
        format=fmt.lower(),
        content_hash=digest,
        tags=normalize_tags(tags),
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    asset.file.save(name, ContentFile(data), save=False)
    asset.full_clean()
    asset.save()
    record_audit(
        actor=actor,
        action="media.uploaded",
        target=asset,
        changes={"file": asset.file.name, "size": asset.size, "width": asset.width},
    )
    bump_content_version()
    # Function-level: apps.media.tasks imports this module at module level, so
    # a module-level import here would close the services ↔ tasks cycle.
    from apps.media.tasks import generate_renditions as generate_renditions_task

    enqueue_on_commit(generate_renditions_task, str(asset.pk))
    return asset


EDITABLE_FIELDS = ("alt", "title", "tags")


@transaction.atomic
def update_asset(*, asset: MediaAsset, actor: Any, **changes: Any) -> MediaAsset:
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable on a media asset: {', '.join(sorted(unknown))}")
    if "tags" in changes:
        changes["tags"] = normalize_tags(changes["tags"])
    before = snapshot(asset, changes)
    for field, value in changes.items():
        setattr(asset, field, value.strip() if isinstance(value, str) else value)
    asset.full_clean()
    asset.save(update_fields=[*changes, "updated_at"])
    record_audit(
        actor=actor,
        action="media.updated",
        target=asset,
        changes=diff_fields(before, snapshot(asset, changes)),
    )
    bump_content_version()
    return asset


@transaction.atomic
def delete_asset(*, asset: MediaAsset, actor: Any) -> None:
    """Delete an asset no page, project or post uses; refuse otherwise."""
    usages = asset_usages(asset=asset)
    if usages:
        names = ", ".join(f"{u['kind']} “{u['label']}”" for u in usages[:5])
        raise AssetInUse(
            {
                "file": [
                    _("This image is in use and cannot be deleted: %(names)s.") % {"names": names}
                ]
            },
            code="in_use",
        )
    files = [asset.file.name] + [
        name for r in asset.renditions for name in (r.get("webp"), r.get("fallback")) if name
    ]
    record_audit(actor=actor, action="media.deleted", target=asset, changes={"file": files[0]})
    asset.delete()
    bump_content_version()

    def _remove_files() -> None:
        for name in files:
            default_storage.delete(name)

    transaction.on_commit(_remove_files)


def rendition_widths(original_width: int) -> list[int]:
    """The configured widths narrower than the original, plus the original
    width itself when it is not above the widest (never upscaled)."""
    widths = sorted(settings.MEDIA_RENDITION_WIDTHS)
    chosen = [w for w in widths if w < original_width]
    if original_width <= widths[-1]:
        chosen.append(original_width)
    return chosen


def generate_renditions(*, asset_id: Any) -> MediaAsset | None:
    """Write the WebP and fallback renditions of an asset. Safe to run twice:
    names are derived from the content hash and existing files are kept."""
    asset = MediaAsset.objects.filter(pk=asset_id).first()
    if asset is None:
        return None
    try:
        with default_storage.open(str(asset.file.name), "rb") as fh:
            source: Image.Image = Image.open(fh)
            source.load()
        fallback_fmt = "PNG" if _has_alpha(source) else "JPEG"
        if source.mode not in ("RGB", "RGBA", "L"):
            source = source.convert("RGBA" if fallback_fmt == "PNG" else "RGB")
        renditions = []
        base = f"media/renditions/{asset.content_hash[:2]}/{asset.content_hash[:20]}"
        for width in rendition_widths(source.width):
            height = max(1, round(source.height * width / source.width))
            resized = (
                source
                if width == source.width
                else source.resize((width, height), Image.Resampling.LANCZOS)
            )
            names = {}
            for key, fmt in (("webp", "WEBP"), ("fallback", fallback_fmt)):
                ext = ACCEPTED_FORMATS[fmt][0]
                name = f"{base}/{width}.{ext}"
                if not default_storage.exists(name):
                    name = default_storage.save(name, ContentFile(_encode(resized, fmt)))
                names[key] = name
            renditions.append({"width": width, "height": height, **names})
    except Exception:
        MediaAsset.objects.filter(pk=asset.pk).update(rendition_status=RenditionStatus.FAILED)
        raise
    asset.renditions = renditions
    asset.rendition_status = RenditionStatus.READY
    asset.save(update_fields=["renditions", "rendition_status", "updated_at"])
    bump_content_version()
    return asset
