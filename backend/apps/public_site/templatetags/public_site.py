"""``{% load public_site %}``: JSON-LD blocks and small helpers of the public pages."""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# As django.utils.html.json_script: nothing in the data can close the element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data: Any) -> SafeString:
    """``<script type="application/ld+json">``: a data block, which the
    Content-Security-Policy does not treat as script (it is never run)."""
    if not data:
        return mark_safe("")
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    # Safe: JSON with <, > and & escaped cannot leave the element.
    escaped = mark_safe(text.translate(_JSON_ESCAPES))  # noqa: S308
    return format_html('<script type="application/ld+json">{}</script>', escaped)


@register.filter
def stars(rating: Any) -> range:
    """``{% for i in t.rating|stars %}`` draws one star per point (1 to 5)."""
    try:
        value = max(0, min(5, int(rating)))
    except (TypeError, ValueError):
        value = 0
    return range(value)


@register.inclusion_tag("public_site/_styleguide.html", takes_context=True)
def public_site_styleguide(context) -> dict[str, Any]:
    """The public site's components with sample records (unsaved, no query),
    for the style guide in the admin portal."""
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    from apps.catalog.models import Service, ServiceCategory
    from apps.cms.models import BlogPost, Testimonial
    from apps.portfolio.models import Project

    category = ServiceCategory(name="Air conditioning installation", slug="ac-installation")
    bookable = Service(
        category=category,
        name="Split AC installation (9,000-12,000 BTU)",
        slug="split-ac-installation",
        summary="Wall-mounted split unit supplied, installed and commissioned in one day.",
        base_price_min=Decimal("55000"),
        base_price_max=Decimal("95000"),
        is_bookable=True,
    )
    quoted = Service(
        category=category,
        name="VRF system design",
        slug="vrf-design",
        summary="Survey, design and installation for offices and hotels.",
        is_bookable=False,
    )
    project = Project(
        title="VRF system for a Westlands office block",
        slug="westlands-office-vrf",
        summary="Six floors moved from 140 window units to one VRF system.",
        town="Nairobi",
        completed_on=dt.date(2025, 11, 14),
        is_featured=True,
    )
    project._prefetched_objects_cache = {"images": []}  # type: ignore[attr-defined]
    post = BlogPost(
        title="How often should you service your air conditioner?",
        slug="how-often-to-service-your-ac",
        excerpt="Nairobi dust clogs filters fast. Here is the schedule we recommend.",
        published_at=timezone.now(),
    )
    testimonial = Testimonial(
        client_name="Grace Achieng",
        role_company="Practice manager, Lakeside Medical Centre",
        quote="The team installed our cassette units over a weekend.",
        rating=5,
    )
    return {
        "company": context.get("company"),
        "bookable": bookable,
        "quoted": quoted,
        "project": project,
        "post": post,
        "testimonial": testimonial,
    }
