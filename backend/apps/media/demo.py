"""Demo images drawn locally with Pillow (nothing is downloaded), uploaded
through the media library's own service so they are re-encoded and get
renditions like any upload."""

from __future__ import annotations

import hashlib
import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFont

from apps.media.models import MediaAsset, normalize_tags

SIZE = (960, 640)
PALETTES = (
    ((24, 92, 160), (170, 214, 240)),  # cool blue
    ((8, 120, 120), (180, 232, 224)),  # teal
    ((40, 60, 110), (200, 210, 235)),  # dusk
    ((200, 110, 40), (250, 220, 170)),  # warm evening
    ((70, 110, 60), (210, 230, 200)),  # green
)


def _font(size: int):
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow without FreeType
        return ImageFont.load_default()


def draw_scene(key: str, caption: str) -> bytes:
    """A flat illustration: sky, a building with windows, an outdoor AC unit
    with its fan, and a caption band. Deterministic per key; ~40 KB JPEG."""
    rng = random.Random(key)
    top, bottom = rng.choice(PALETTES)
    width, height = SIZE
    sky = Image.linear_gradient("L").resize(SIZE)
    image = Image.composite(Image.new("RGB", SIZE, bottom), Image.new("RGB", SIZE, top), sky)
    draw = ImageDraw.Draw(image)
    # Building
    bx, bw = rng.randint(30, 120), rng.randint(340, 460)
    by = rng.randint(140, 240)
    draw.rectangle((bx, by, bx + bw, height - 90), fill=(235, 235, 228), outline=(120, 120, 120))
    for row in range(by + 30, height - 140, 70):
        for col in range(bx + 30, bx + bw - 50, 80):
            draw.rectangle((col, row, col + 44, row + 40), fill=(120, 170, 210))
    # Outdoor AC unit with fan
    ux, uy = min(bx + bw + rng.randint(30, 90), width - 290), height - 300
    draw.rounded_rectangle((ux, uy, ux + 260, uy + 190), radius=14, fill=(248, 248, 248))
    draw.ellipse((ux + 40, uy + 25, ux + 180, uy + 165), outline=(90, 90, 90), width=6)
    for angle in range(0, 360, 72):
        draw.pieslice(
            (ux + 60, uy + 45, ux + 160, uy + 145), angle, angle + 36, fill=(110, 110, 110)
        )
    for grille in range(uy + 20, uy + 175, 14):
        draw.line((ux + 200, grille, ux + 245, grille), fill=(150, 150, 150), width=3)
    # Ground and caption band
    draw.rectangle((0, height - 90, width, height), fill=(60, 64, 70))
    draw.text((32, height - 68), caption[:60], fill=(255, 255, 255), font=_font(34))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def demo_asset(key: str, *, alt: str, caption: str = "", tags: tuple[str, ...] = ()) -> MediaAsset:
    """The demo image for ``key``, drawn and uploaded on first use."""
    from apps.media.services import upload_asset

    marker = "demo-" + hashlib.sha1(key.encode()).hexdigest()[:16]  # noqa: S324 - a name
    existing = MediaAsset.objects.filter(tags__contains=normalize_tags([marker])).first()
    if existing is not None:
        return existing
    data = draw_scene(key, caption or alt)
    return upload_asset(
        upload=SimpleUploadedFile(f"{key}.jpg", data, "image/jpeg"),
        actor=None,
        alt=alt,
        title=caption or alt,
        tags=[marker, "demo", *tags],
    )


HEROES = (
    ("hero-home", "A technician servicing a rooftop condenser in Nairobi", "Cool air, all year"),
    ("hero-maintenance", "Filters being cleaned during a maintenance visit", "Planned maintenance"),
    ("hero-cold-rooms", "A finished cold room with stainless-steel doors", "Cold rooms that hold"),
)


def seed(out) -> None:
    before = MediaAsset.objects.count()
    for key, alt, caption in HEROES:
        demo_asset(key, alt=alt, caption=caption, tags=("hero",))
    out.write(f"  media: {MediaAsset.objects.count() - before} hero images drawn")
