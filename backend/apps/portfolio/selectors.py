"""Reads of the portfolio for the public site, the API and staff."""

from __future__ import annotations

import uuid

from django.db.models import Prefetch, Q, QuerySet

from apps.catalog.models import Service
from apps.core.slugs import resolve_slug
from apps.portfolio.models import Project, ProjectImage, ProjectSlugHistory

ORDERINGS = {
    "newest": ("-completed_on", "order", "title"),
    "oldest": ("completed_on", "order", "title"),
    "featured": ("-is_featured", "order", "-completed_on", "title"),
    "title": ("title",),
}
DEFAULT_ORDERING = "newest"


def _with_gallery(qs: QuerySet[Project]) -> QuerySet[Project]:
    """Images (with their asset) and services (with their category): two
    queries for any number of projects."""
    return qs.prefetch_related(
        Prefetch(
            "images",
            queryset=ProjectImage.objects.select_related("asset").order_by("order", "created_at"),
        ),
        Prefetch(
            "services",
            queryset=Service.objects.select_related("category").order_by("order", "name"),
        ),
    )


def public_projects(
    *,
    service_slug: str = "",
    category_slug: str = "",
    town: str = "",
    year: int | None = None,
    ordering: str = DEFAULT_ORDERING,
    featured_only: bool = False,
) -> QuerySet[Project]:
    """Published projects, filtered, for cards: ``body`` is deferred (load a
    project with ``project_for_public`` to show it). Three queries with the
    gallery prefetched, plus one count when paginated."""
    qs = Project.objects.filter(is_published=True).defer("body")
    if service_slug:
        qs = qs.filter(
            pk__in=Project.services.through.objects.filter(service__slug=service_slug).values(
                "project_id"
            )
        )
    if category_slug:
        qs = qs.filter(
            pk__in=Project.services.through.objects.filter(
                service__category__slug=category_slug
            ).values("project_id")
        )
    if town:
        qs = qs.filter(town__iexact=town.strip())
    if year:
        qs = qs.filter(completed_on__year=year)
    if featured_only:
        qs = qs.filter(is_featured=True)
    return _with_gallery(qs.order_by(*ORDERINGS.get(ordering, ORDERINGS[DEFAULT_ORDERING])))


def project_for_public(*, key: str, preview: bool = False) -> tuple[Project | None, bool]:
    """A project by id or slug; ``moved`` when an old slug was used."""
    qs = _with_gallery(Project.objects.all())
    if not preview:
        qs = qs.filter(is_published=True)
    try:
        pk = uuid.UUID(str(key))
    except ValueError:
        return resolve_slug(qs, ProjectSlugHistory, key)
    return qs.filter(pk=pk).first(), False


def projects_for_service(*, service: Service, limit: int = 6) -> list[Project]:
    """Related projects shown on a service page."""
    return list(public_projects(service_slug=service.slug, ordering="featured")[:limit])


def project_towns() -> list[str]:
    """Towns with published projects, for the portfolio filter."""
    return list(
        Project.objects.filter(is_published=True)
        .order_by("town")
        .values_list("town", flat=True)
        .distinct()
    )


def project_years() -> list[int]:
    dates = Project.objects.filter(is_published=True, completed_on__isnull=False).dates(
        "completed_on", "year", order="DESC"
    )
    return [d.year for d in dates]


def projects_for_admin(
    *, search: str = "", town: str = "", is_published: bool | None = None
) -> QuerySet[Project]:
    qs = Project.objects.all()
    if search:
        qs = qs.filter(
            Q(title__icontains=search)
            | Q(slug__icontains=search)
            | Q(client_name__icontains=search)
            | Q(location__icontains=search)
        )
    if town:
        qs = qs.filter(town__iexact=town)
    if is_published is not None:
        qs = qs.filter(is_published=is_published)
    return _with_gallery(qs.order_by("-created_at"))


def project_filter_options() -> tuple[list[str], list[int]]:
    """``(towns, years)`` of published projects for the portfolio filter, in one
    query (distinct town/year pairs)."""
    pairs = (
        Project.objects.filter(is_published=True)
        .order_by()
        .values_list("town", "completed_on__year")
        .distinct()
    )
    towns: set[str] = set()
    years: set[int] = set()
    for town, year in pairs:
        if town:
            towns.add(town)
        if year:
            years.add(year)
    return sorted(towns, key=str.casefold), sorted(years, reverse=True)
