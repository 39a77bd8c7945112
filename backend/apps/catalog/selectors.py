"""Reads of the service catalog for the public site, the API and staff."""

from __future__ import annotations

from uuid import UUID

from django.db.models import Count, Q, QuerySet

from apps.catalog.models import (
    BOOKABLE,
    Service,
    ServiceCategory,
    ServiceCategorySlugHistory,
    ServiceSlugHistory,
)
from apps.core.slugs import resolve_slug


def public_categories() -> QuerySet[ServiceCategory]:
    """Active categories that have active services, with their number."""
    return (
        ServiceCategory.objects.filter(is_active=True)
        .annotate(service_count=Count("services", filter=Q(services__is_active=True)))
        .filter(service_count__gt=0)
        .order_by("order", "name")
    )


def public_services(*, category_slug: str = "") -> QuerySet[Service]:
    """Active services of active categories, in catalog order. One query."""
    qs = Service.objects.filter(is_active=True, category__is_active=True).select_related(
        "category", "hero_image"
    )
    if category_slug:
        qs = qs.filter(category__slug=category_slug)
    return qs.order_by("category__order", "category__name", "order", "name")


def bookable_services() -> QuerySet[Service]:
    """The services a customer or staff can book a visit for (``BOOKABLE``)."""
    return (
        Service.objects.filter(BOOKABLE)
        .select_related("category")
        .order_by("category__order", "category__name", "order", "name")
    )


def service_for_public(*, slug: str, preview: bool = False) -> tuple[Service | None, bool]:
    """``(service, moved)`` for a URL slug; ``moved`` means redirect to the
    service's current slug. Staff previewing (``preview``) see inactive ones."""
    qs = Service.objects.select_related("category", "hero_image")
    if not preview:
        qs = qs.filter(is_active=True, category__is_active=True)
    return resolve_slug(qs, ServiceSlugHistory, slug)


def category_for_public(*, slug: str, preview: bool = False) -> tuple[ServiceCategory | None, bool]:
    qs = ServiceCategory.objects.all()
    if not preview:
        qs = qs.filter(is_active=True)
    return resolve_slug(qs, ServiceCategorySlugHistory, slug)


def categories_for_admin(*, search: str = "") -> QuerySet[ServiceCategory]:
    qs = ServiceCategory.objects.annotate(service_count=Count("services"))
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(slug__icontains=search))
    return qs.order_by("order", "name")


def services_for_admin(
    *, search: str = "", category_id: UUID | None = None, is_active: bool | None = None
) -> QuerySet[Service]:
    qs = Service.objects.select_related("category", "hero_image")
    if search:
        qs = qs.filter(
            Q(name__icontains=search) | Q(slug__icontains=search) | Q(summary__icontains=search)
        )
    if category_id:
        qs = qs.filter(category_id=category_id)
    if is_active is not None:
        qs = qs.filter(is_active=is_active)
    return qs.order_by("category__order", "order", "name")
