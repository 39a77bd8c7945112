"""``{% load media_tags %}`` then
``{% responsive_image asset sizes="(min-width: 768px) 50vw, 100vw" class="rounded" %}``."""

from __future__ import annotations

from django import template

from apps.media.rendering import DEFAULT_SIZES, responsive_img

register = template.Library()


@register.simple_tag
def responsive_image(
    asset,
    sizes: str = DEFAULT_SIZES,
    alt: str | None = None,
    loading: str = "lazy",
    fetchpriority: str = "",
    **kwargs,
):
    return responsive_img(
        asset,
        sizes=sizes,
        alt=alt,
        css_class=kwargs.get("class", ""),
        loading=loading,
        fetchpriority=fetchpriority,
    )
