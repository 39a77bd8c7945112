"""Factories and image makers for the media library's tests."""

from __future__ import annotations

import hashlib
import io

import factory
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from apps.media.models import MediaAsset, RenditionStatus


def image_bytes(
    fmt: str = "JPEG", size: tuple[int, int] = (64, 48), color=(30, 120, 200), **save_kwargs
) -> bytes:
    mode = "RGBA" if fmt == "PNG" and save_kwargs.pop("alpha", False) else "RGB"
    image = Image.new(mode, size, color if mode == "RGB" else (*color, 128))
    buffer = io.BytesIO()
    image.save(buffer, fmt, **save_kwargs)
    return buffer.getvalue()


def upload(name: str = "photo.jpg", data: bytes | None = None, content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, data if data is not None else image_bytes(), content_type)


class MediaAssetFactory(factory.django.DjangoModelFactory):
    """A library image stored as is, with renditions recorded as ready (the
    files are not written: tests of rendering only need their names)."""

    class Meta:
        model = MediaAsset

    title = factory.Sequence(lambda n: f"Site photo {n}")
    alt = factory.Sequence(lambda n: f"Technician at work, photo {n}")
    width = 1200
    height = 800
    size = 1000
    format = "jpeg"
    content_hash = factory.Sequence(lambda n: hashlib.sha256(str(n).encode()).hexdigest())
    rendition_status = RenditionStatus.READY
    file = factory.LazyAttribute(
        lambda o: ContentFile(image_bytes(), name=f"media/originals/test/{o.content_hash[:12]}.jpg")
    )
    renditions = factory.LazyAttribute(
        lambda o: [
            {
                "width": w,
                "height": w * 2 // 3,
                "webp": f"media/renditions/{o.content_hash[:8]}/{w}.webp",
                "fallback": f"media/renditions/{o.content_hash[:8]}/{w}.jpg",
            }
            for w in (480, 960, 1200)
        ]
    )
