"""Writes of the service catalog. Each records an audit entry and invalidates
the public cache."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from apps.catalog.models import (
    Service,
    ServiceCategory,
    ServiceCategorySlugHistory,
    ServiceSlugHistory,
)
from apps.core.editing import apply_changes
from apps.core.public_cache import bump_content_version
from apps.core.rich_text import sanitize_html
from apps.core.services import record_audit
from apps.core.slugs import claim_slug, unique_slug
from apps.media.models import MediaAsset

CATEGORY_FIELDS = (
    "name",
    "slug",
    "description",
    "icon",
    "order",
    "is_active",
    "seo_title",
    "seo_description",
)
SERVICE_FIELDS = (
    "category",
    "name",
    "slug",
    "summary",
    "body",
    "specs",
    "base_price_min",
    "base_price_max",
    "visit_duration_minutes",
    "is_bookable",
    "is_active",
    "order",
    "hero_image",
    "seo_title",
    "seo_description",
)
RICH_TEXT = ("body",)


SPEC_ROWS_MAX = 40


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _clean_specs(specs: Any) -> list[dict[str, str]]:
    """The specification rows as stored: ``[{"label": …, "value": …}, …]`` in
    the order given, whitespace collapsed, rows without a label dropped.

    A label → value object (the shape before rows; older API clients still
    send it) is accepted and converted in its key order. Labels must differ
    (ignoring case), as on the admin portal's form."""
    if specs is None:
        return []
    if isinstance(specs, dict):
        specs = [{"label": label, "value": value} for label, value in specs.items()]
    if not isinstance(specs, list | tuple) or not all(
        isinstance(row, dict) and "label" in row for row in specs
    ):
        raise ValidationError(
            {"specs": [_("Specifications are a list of rows, each with a label and a value.")]}
        )
    cleaned: list[dict[str, str]] = []
    seen: set[str] = set()
    for row in specs:
        label = " ".join(_text(row["label"]).split())[:80]
        if not label:
            continue
        if label.lower() in seen:
            raise ValidationError(
                {"specs": [_("The label “%(label)s” is used twice.") % {"label": label}]}
            )
        seen.add(label.lower())
        cleaned.append({"label": label, "value": " ".join(_text(row.get("value")).split())[:300]})
    if len(cleaned) > SPEC_ROWS_MAX:
        raise ValidationError(
            {"specs": [_("At most %(max)d specification rows.") % {"max": SPEC_ROWS_MAX}]}
        )
    return cleaned


@transaction.atomic
def create_category(
    *,
    actor: Any,
    name: str,
    slug: str = "",
    description: str = "",
    icon: str = "",
    order: int = 0,
    is_active: bool = True,
    seo_title: str = "",
    seo_description: str = "",
) -> ServiceCategory:
    category = ServiceCategory(
        name=name.strip(),
        slug=slug or unique_slug(ServiceCategory, name, max_length=140),
        description=description.strip(),
        icon=icon.strip(),
        order=order,
        is_active=is_active,
        seo_title=seo_title.strip(),
        seo_description=seo_description.strip(),
    )
    category.full_clean()
    category.save()
    claim_slug(ServiceCategorySlugHistory, category.slug)
    record_audit(actor=actor, action="service_category.created", target=category)
    bump_content_version()
    return category


@transaction.atomic
def update_category(*, category: ServiceCategory, actor: Any, **changes: Any) -> ServiceCategory:
    diff = apply_changes(
        instance=category,
        changes=changes,
        editable=CATEGORY_FIELDS,
        history_model=ServiceCategorySlugHistory,
    )
    record_audit(actor=actor, action="service_category.updated", target=category, changes=diff)
    bump_content_version()
    return category


@transaction.atomic
def delete_category(*, category: ServiceCategory, actor: Any) -> None:
    if category.services.exists():
        raise ValidationError(
            {"non_field_errors": [_("Move or delete this category's services first.")]},
            code="in_use",
        )
    record_audit(actor=actor, action="service_category.deleted", target=category)
    category.delete()
    bump_content_version()


@transaction.atomic
def create_service(
    *,
    actor: Any,
    category: ServiceCategory,
    name: str,
    slug: str = "",
    summary: str = "",
    body: str = "",
    specs: list[dict[str, Any]] | dict[str, Any] | None = None,
    base_price_min: Decimal | None = None,
    base_price_max: Decimal | None = None,
    visit_duration_minutes: int = 120,
    is_bookable: bool = True,
    is_active: bool = True,
    order: int = 0,
    hero_image: MediaAsset | None = None,
    seo_title: str = "",
    seo_description: str = "",
) -> Service:
    service = Service(
        category=category,
        name=name.strip(),
        slug=slug or unique_slug(Service, name, max_length=180),
        summary=summary.strip(),
        body=sanitize_html(body),
        specs=_clean_specs(specs),
        base_price_min=base_price_min,
        base_price_max=base_price_max,
        visit_duration_minutes=visit_duration_minutes,
        is_bookable=is_bookable,
        is_active=is_active,
        order=order,
        hero_image=hero_image,
        seo_title=seo_title.strip(),
        seo_description=seo_description.strip(),
    )
    service.full_clean()
    service.save()
    claim_slug(ServiceSlugHistory, service.slug)
    record_audit(
        actor=actor,
        action="service.created",
        target=service,
        changes={"category": category.slug, "slug": service.slug},
    )
    bump_content_version()
    return service


@transaction.atomic
def update_service(*, service: Service, actor: Any, **changes: Any) -> Service:
    if "specs" in changes:
        changes["specs"] = _clean_specs(changes["specs"])
    diff = apply_changes(
        instance=service,
        changes=changes,
        editable=SERVICE_FIELDS,
        rich_text=RICH_TEXT,
        history_model=ServiceSlugHistory,
    )
    record_audit(actor=actor, action="service.updated", target=service, changes=diff)
    bump_content_version()
    return service


@transaction.atomic
def delete_service(*, service: Service, actor: Any) -> None:
    """Delete a service nothing else refers to; one with bookings or quotes
    is refused (deactivate it instead, which hides it from the site)."""
    record_audit(actor=actor, action="service.deleted", target=service)
    try:
        with transaction.atomic():
            service.delete()
    except ProtectedError as exc:
        raise ValidationError(
            {
                "non_field_errors": [
                    _("This service has bookings or quotes; deactivate it instead.")
                ]
            },
            code="in_use",
        ) from exc
    bump_content_version()
