"""Upload rules of the media library: judged by content, size and pixel
limits, metadata stripped, renditions generated, assets in use kept."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.template import Context, Template
from PIL import Image

from apps.core.models import AuditLog
from apps.media import selectors, services
from apps.media.models import MediaAsset, RenditionStatus
from apps.media.rendering import responsive_img
from apps.media.tests.factories import MediaAssetFactory, image_bytes, upload

pytestmark = pytest.mark.django_db


def _open(asset: MediaAsset) -> Image.Image:
    with default_storage.open(asset.file.name, "rb") as fh:
        image = Image.open(io.BytesIO(fh.read()))
        image.load()
    return image


@pytest.mark.parametrize(
    ("fmt", "name", "expected"),
    [("JPEG", "a.jpg", "jpeg"), ("PNG", "b.png", "png"), ("WEBP", "c.webp", "webp")],
)
def test_jpeg_png_and_webp_are_accepted(editor_user, fmt, name, expected):
    asset = services.upload_asset(
        upload=upload(name, image_bytes(fmt)), actor=editor_user, alt="A split unit"
    )
    assert asset.format == expected
    assert (asset.width, asset.height) == (64, 48)
    assert asset.size == default_storage.size(asset.file.name)
    assert len(asset.content_hash) == 64
    assert asset.file.name.endswith("." + {"jpeg": "jpg"}.get(expected, expected))
    assert AuditLog.objects.filter(action="media.uploaded", target_id=str(asset.pk)).exists()


@pytest.mark.parametrize(
    "payload",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>',
        b"<!doctype html><html><script>alert(1)</script></html>",
        b"GIF89a" + b"\x00" * 40,
        b"just some text",
    ],
    ids=["svg", "html", "gif-header", "text"],
)
def test_non_images_named_jpg_are_rejected(editor_user, payload):
    with pytest.raises(ValidationError) as exc:
        services.upload_asset(upload=upload("holiday.jpg", payload), actor=editor_user)
    assert "JPEG, PNG or WebP" in exc.value.message_dict["file"][0]
    assert MediaAsset.objects.count() == 0


def test_a_real_gif_is_rejected_even_named_png(editor_user):
    with pytest.raises(ValidationError):
        services.upload_asset(upload=upload("x.png", image_bytes("GIF")), actor=editor_user)


def test_a_truncated_jpeg_is_rejected(editor_user):
    data = image_bytes("JPEG", size=(300, 300))
    with pytest.raises(ValidationError):
        services.upload_asset(upload=upload("cut.jpg", data[: len(data) // 2]), actor=editor_user)


def test_an_oversized_file_is_rejected(editor_user, settings):
    settings.MEDIA_MAX_UPLOAD_BYTES = 1000
    data = image_bytes("PNG", size=(200, 200), color=(1, 2, 3))
    big = data + b"\x00" * 2000  # trailing bytes: still a valid PNG, but too big
    with pytest.raises(ValidationError) as exc:
        services.upload_asset(upload=upload("big.png", big), actor=editor_user)
    assert "limit" in exc.value.message_dict["file"][0]


def test_the_default_size_limit_is_ten_megabytes(settings):
    assert settings.MEDIA_MAX_UPLOAD_BYTES == 10 * 1024 * 1024


def test_an_image_above_the_pixel_limit_is_rejected(editor_user, settings):
    settings.MEDIA_MAX_PIXELS = 100 * 100
    with pytest.raises(ValidationError) as exc:
        services.upload_asset(
            upload=upload("wide.png", image_bytes("PNG", size=(200, 100))), actor=editor_user
        )
    assert "megapixels" in exc.value.message_dict["file"][0]


def _png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG that claims enormous dimensions: a decompression bomb."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def test_a_decompression_bomb_is_rejected_before_decoding(editor_user):
    bomb = _png_header_only(100_000, 100_000)
    assert len(bomb) < 200
    with pytest.raises(ValidationError) as exc:
        services.upload_asset(upload=upload("bomb.png", bomb), actor=editor_user)
    assert "too large" in exc.value.message_dict["file"][0]


def test_exif_and_gps_are_stripped_and_orientation_applied(editor_user):
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to display
    exif[0x010F] = "PhoneMaker"
    gps = {1: "S", 2: (1.0, 17.0, 0.0), 3: "E", 4: (36.0, 49.0, 0.0)}
    exif[0x8825] = gps
    data = image_bytes("JPEG", size=(80, 40), exif=exif.tobytes())
    assert Image.open(io.BytesIO(data)).getexif().get(0x0112) == 6

    asset = services.upload_asset(upload=upload("phone.jpg", data), actor=editor_user)

    stored = _open(asset)
    assert dict(stored.getexif()) == {}
    assert "exif" not in stored.info and "xmp" not in stored.info
    # Rotated upright: the 80x40 sensor image displays as 40x80.
    assert (asset.width, asset.height) == (40, 80) == stored.size


def test_renditions_are_generated_after_commit_in_webp_and_fallback(
    editor_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        asset = services.upload_asset(
            upload=upload("big.jpg", image_bytes("JPEG", size=(2000, 1000))), actor=editor_user
        )
    asset.refresh_from_db()
    assert asset.rendition_status == RenditionStatus.READY
    assert [r["width"] for r in asset.renditions] == [480, 960, 1600]
    first = asset.renditions[0]
    assert first["height"] == 240
    assert Image.open(default_storage.open(first["webp"])).format == "WEBP"
    assert Image.open(default_storage.open(first["fallback"])).format == "JPEG"
    # Running the task again is harmless (at-least-once delivery).
    again = services.generate_renditions(asset_id=asset.pk)
    assert again.renditions == asset.renditions


def test_small_images_are_never_upscaled_and_transparency_keeps_png(
    editor_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        asset = services.upload_asset(
            upload=upload("logo.png", image_bytes("PNG", size=(600, 300), alpha=True)),
            actor=editor_user,
        )
    asset.refresh_from_db()
    assert [r["width"] for r in asset.renditions] == [480, 600]
    assert asset.renditions[0]["fallback"].endswith(".png")


def test_responsive_img_has_srcset_sizes_dimensions_lazy_loading_and_alt():
    asset = MediaAssetFactory(alt='Cassette unit "4-way"')
    html = responsive_img(asset, sizes="(min-width: 768px) 50vw, 100vw")
    assert html.startswith("<picture>")
    assert 'type="image/webp"' in html
    assert "480.webp 480w" in html and "960.jpg 960w" in html
    assert 'sizes="(min-width: 768px) 50vw, 100vw"' in html
    assert 'width="1200" height="800"' in html
    assert 'loading="lazy"' in html
    assert 'alt="Cassette unit &quot;4-way&quot;"' in html


def test_responsive_img_before_renditions_is_a_plain_img():
    asset = MediaAssetFactory(renditions=[], rendition_status=RenditionStatus.PENDING)
    html = responsive_img(asset, loading="eager", fetchpriority="high")
    assert html.startswith("<img ") and "srcset" not in html
    assert 'loading="eager"' in html and 'fetchpriority="high"' in html


def test_template_tag_renders_the_picture():
    asset = MediaAssetFactory()
    html = Template(
        '{% load media_tags %}{% responsive_image asset sizes="100vw" class="hero" %}'
    ).render(Context({"asset": asset}))
    assert 'class="hero"' in html and "srcset=" in html


def test_where_used_lists_every_reference_and_delete_is_refused(editor_user):
    from apps.catalog.tests.factories import ServiceFactory
    from apps.cms.tests.factories import BlogPostFactory
    from apps.portfolio.tests.factories import ProjectFactory

    asset = MediaAssetFactory()
    ServiceFactory(name="Cold rooms", hero_image=asset)
    BlogPostFactory(title="Dust and filters", cover=asset)
    project = ProjectFactory(title="Nakuru dairy")
    project.images.create(asset=asset, caption="Panels")

    usages = selectors.asset_usages(asset=asset)
    labels = sorted(u["label"] for u in usages)
    assert labels == ["Cold rooms", "Dust and filters", "Nakuru dairy — Panels"]
    assert selectors.asset_is_used(asset=asset)

    with pytest.raises(services.AssetInUse):
        services.delete_asset(asset=asset, actor=editor_user)
    assert MediaAsset.objects.filter(pk=asset.pk).exists()


def test_an_unused_asset_is_deleted_with_its_files(editor_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        asset = services.upload_asset(
            upload=upload("x.jpg", image_bytes(size=(700, 500))), actor=editor_user
        )
    asset.refresh_from_db()
    names = [asset.file.name, asset.renditions[0]["webp"]]
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_asset(asset=asset, actor=editor_user)
    assert not MediaAsset.objects.filter(pk=asset.pk).exists()
    assert not any(default_storage.exists(name) for name in names)
    assert AuditLog.objects.filter(action="media.deleted").count() == 1


def test_tags_are_normalised_and_searchable(editor_user):
    asset = services.upload_asset(
        upload=upload(), actor=editor_user, tags="Office, cassette ,office"
    )
    assert asset.tag_list == ["office", "cassette"]
    assert list(selectors.assets_for_admin(tag="Cassette")) == [asset]
    assert list(selectors.assets_for_admin(tag="cass")) == []
    services.update_asset(asset=asset, actor=editor_user, alt="New alt", tags=["hotel"])
    asset.refresh_from_db()
    assert asset.alt == "New alt" and asset.tag_list == ["hotel"]
