"""Responsive images: ``srcset``/``sizes`` markup and API payloads from an
asset's stored renditions, with no database query."""

from __future__ import annotations

from typing import Any

from django.core.files.storage import default_storage
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from apps.media.models import MediaAsset

DEFAULT_SIZES = "100vw"


def _url(name: str) -> str:
    return default_storage.url(name)


def srcsets(asset: MediaAsset) -> tuple[str, str]:
    """``(webp srcset, fallback srcset)``; empty strings until renditions exist."""
    renditions = asset.renditions or []
    webp = ", ".join(f"{_url(r['webp'])} {r['width']}w" for r in renditions if r.get("webp"))
    fallback = ", ".join(
        f"{_url(r['fallback'])} {r['width']}w" for r in renditions if r.get("fallback")
    )
    return webp, fallback


def image_payload(asset: MediaAsset | None) -> dict[str, Any] | None:
    """What the API returns for an image."""
    if asset is None:
        return None
    webp, fallback = srcsets(asset)
    return {
        "id": str(asset.pk),
        "url": _url(asset.file.name),
        "width": asset.width,
        "height": asset.height,
        "alt": asset.alt,
        "srcset_webp": webp,
        "srcset": fallback,
        "renditions": [
            {
                "width": r["width"],
                "height": r["height"],
                "webp": _url(r["webp"]),
                "fallback": _url(r["fallback"]),
            }
            for r in asset.renditions or []
        ],
    }


def responsive_img(
    asset: MediaAsset | None,
    *,
    sizes: str = DEFAULT_SIZES,
    alt: str | None = None,
    css_class: str = "",
    loading: str = "lazy",
    fetchpriority: str = "",
) -> SafeString:
    """``<picture>`` with a WebP ``<source>`` and an ``<img>`` fallback carrying
    ``srcset``, ``sizes``, ``width``/``height`` (no layout shift), lazy loading
    and alt text. Before renditions exist it is a plain ``<img>`` of the
    original. ``loading="eager"`` and ``fetchpriority="high"`` for the hero."""
    if asset is None:
        return mark_safe("")
    alt_text = asset.alt if alt is None else alt
    attrs: list[tuple[str, Any]] = []
    webp, fallback = srcsets(asset)
    renditions = asset.renditions or []
    src = _url(renditions[-1]["fallback"]) if renditions else _url(asset.file.name)
    attrs.append(("src", src))
    if fallback:
        attrs += [("srcset", fallback), ("sizes", sizes)]
    attrs += [("width", asset.width), ("height", asset.height), ("alt", alt_text)]
    attrs += [("loading", loading), ("decoding", "async")]
    if css_class:
        attrs.append(("class", css_class))
    if fetchpriority:
        attrs.append(("fetchpriority", fetchpriority))
    img = format_html(
        "<img {}>", format_html_join(" ", '{}="{}"', ((name, value) for name, value in attrs))
    )
    if not webp:
        return img
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">{}</picture>',
        webp,
        sizes,
        img,
    )
