"""What search engines and link previews read: title, description, canonical
address, Open Graph / Twitter image and JSON-LD (schema.org).

Pages pass a :class:`Seo` as ``seo`` to ``public_site/_page.html``, which fills
the base layout's blocks from it. No query here: images come from renditions
already loaded with the record."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import HttpRequest
from django.templatetags.static import static
from django.utils import timezone

from apps.core.business_hours import WEEKDAYS
from apps.media.models import MediaAsset

OG_TARGET_WIDTH = 1200
DEFAULT_OG_IMAGE = ("img/og-default.jpg", 1200, 630)
SERVICE_AREA = ("Nairobi", "Mombasa", "Kisumu", "Nakuru")
SCHEMA_DAYS = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}


def absolute(url: str) -> str:
    """``/media/x.jpg`` → ``https://site/media/x.jpg``; absolute URLs unchanged."""
    if url.startswith(("http://", "https://")):
        return url
    return f"{settings.SITE_URL}{url if url.startswith('/') else '/' + url}"


@dataclass(frozen=True)
class OgImage:
    url: str
    width: int
    height: int
    alt: str = ""


def og_image(asset: MediaAsset | None) -> OgImage:
    """The rendition nearest 1200 px wide (JPEG/PNG: every preview reads it),
    or the site's default card when there is no picture."""
    if asset is None:
        name, width, height = DEFAULT_OG_IMAGE
        return OgImage(absolute(static(name)), width, height, "Global Cool-Light")
    renditions = [r for r in (asset.renditions or []) if r.get("fallback")]
    if renditions:
        wide = [r for r in renditions if r["width"] >= OG_TARGET_WIDTH]
        best = min(wide, key=lambda r: r["width"]) if wide else renditions[-1]
        return OgImage(
            absolute(default_storage.url(best["fallback"])),
            best["width"],
            best["height"],
            asset.alt,
        )
    return OgImage(
        absolute(default_storage.url(asset.file.name)), asset.width, asset.height, asset.alt
    )


def canonical_url(request: HttpRequest, keep: tuple[str, ...] = ()) -> str:
    """The page's address without tracking or filter parameters: only those in
    ``keep`` survive (``page`` 1 is dropped, it is the bare address)."""
    params = [
        (name, request.GET[name])
        for name in keep
        if request.GET.get(name) and not (name == "page" and request.GET[name] == "1")
    ]
    query = "&".join(f"{name}={value}" for name, value in params)
    return f"{settings.SITE_URL}{request.path}" + (f"?{query}" if query else "")


@dataclass
class Seo:
    title: str
    description: str
    canonical: str
    image: OgImage = field(default_factory=lambda: og_image(None))
    og_type: str = "website"
    robots: str = "index, follow"
    json_ld: list[dict[str, Any]] = field(default_factory=list)


def page_seo(
    request: HttpRequest,
    *,
    title: str,
    description: str,
    image: MediaAsset | None = None,
    keep: tuple[str, ...] = (),
    og_type: str = "website",
    robots: str = "index, follow",
    crumbs: list[tuple[str, str | None]] | None = None,
    json_ld: list[dict[str, Any]] | None = None,
) -> Seo:
    canonical = canonical_url(request, keep)
    data = list(json_ld or [])
    if crumbs and len(crumbs) > 1:
        data.append(breadcrumbs_ld(crumbs, canonical))
    return Seo(
        title=title,
        description=" ".join(str(description).split())[:300],
        canonical=canonical,
        image=og_image(image),
        og_type=og_type,
        robots=robots,
        json_ld=data,
    )


# --- JSON-LD -------------------------------------------------------------------


def breadcrumbs_ld(crumbs: list[tuple[str, str | None]], current_url: str) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": str(label),
                "item": absolute(url) if url else current_url,
            }
            for position, (label, url) in enumerate(crumbs, start=1)
        ],
    }


def _opening_hours(company: Any) -> list[dict[str, Any]]:
    hours = getattr(company, "business_hours", None) or {}
    specs = []
    for day in WEEKDAYS:
        for opens, closes in hours.get(day) or []:
            specs.append(
                {
                    "@type": "OpeningHoursSpecification",
                    "dayOfWeek": f"https://schema.org/{SCHEMA_DAYS[day]}",
                    "opens": opens,
                    "closes": closes,
                }
            )
    return specs


def business_ld(company: Any) -> dict[str, Any]:
    """The company as an ``HVACBusiness`` (a LocalBusiness)."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "HVACBusiness",
        "@id": f"{settings.SITE_URL}/#business",
        "name": company.name,
        "description": company.tagline,
        "url": f"{settings.SITE_URL}/",
        "image": og_image(None).url,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": " ".join(str(company.address or "").split()),
            "addressCountry": "KE",
        },
        "geo": {
            "@type": "GeoCoordinates",
            "latitude": settings.CONTACT_MAP_LATITUDE,
            "longitude": settings.CONTACT_MAP_LONGITUDE,
        },
        "areaServed": [{"@type": "City", "name": town} for town in SERVICE_AREA],
        "currenciesAccepted": company.currency or settings.COMPANY_CURRENCY,
        "openingHoursSpecification": _opening_hours(company),
    }
    if company.phone_primary:
        data["telephone"] = company.phone_primary.as_e164
    if company.email:
        data["email"] = company.email
    return data


def _provider(company: Any) -> dict[str, Any]:
    return {"@type": "HVACBusiness", "@id": f"{settings.SITE_URL}/#business", "name": company.name}


def _price(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def service_ld(service: Any, company: Any, url: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Service",
        "name": service.name,
        "description": service.summary,
        "serviceType": service.category.name,
        "url": url,
        "provider": _provider(company),
        "areaServed": {"@type": "Country", "name": "Kenya"},
    }
    if service.hero_image_id:
        data["image"] = og_image(service.hero_image).url
    low, high = _price(service.base_price_min), _price(service.base_price_max)
    if low or high:
        data["offers"] = {
            "@type": "AggregateOffer",
            "priceCurrency": company.currency or settings.COMPANY_CURRENCY,
            **({"lowPrice": low} if low else {}),
            **({"highPrice": high} if high else {}),
        }
    return data


def article_ld(post: Any, company: Any, url: str) -> dict[str, Any]:
    published = post.published_at or post.created_at
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": post.title[:110],
        "description": post.excerpt,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": timezone.localtime(published).isoformat(),
        "dateModified": timezone.localtime(max(published, post.updated_at)).isoformat(),
        "image": [og_image(post.cover).url],
        "publisher": {
            "@type": "Organization",
            "name": company.name,
            "logo": {"@type": "ImageObject", "url": absolute(static("favicon.svg"))},
        },
        "keywords": ", ".join(post.tag_list),
    }
    author = post.author.get_full_name() if post.author_id else ""
    data["author"] = (
        {"@type": "Person", "name": author}
        if author
        else {"@type": "Organization", "name": company.name}
    )
    return data
