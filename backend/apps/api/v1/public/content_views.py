"""/api/v1/public/ for the service catalog, portfolio, blog and pages.

Read-only and anonymous. Every answer is cached under the public content
version (apps.core.public_cache), so an edit is visible on the next request;
each view runs a fixed number of queries whatever the number of rows."""

from __future__ import annotations

from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.api.v1.public import content_serializers as s
from apps.catalog import selectors as catalog
from apps.cms import selectors as cms
from apps.core.public_cache import cache_public_response
from apps.portfolio import selectors as portfolio

TAG_CATALOG = ["public: catalog"]
TAG_PORTFOLIO = ["public: portfolio"]
TAG_CONTENT = ["public: content"]

IMAGE_EXAMPLE = {
    "id": "6f1c2e7a-3b0d-4f4e-9a51-2d7e8c9b0a11",
    "url": "/media/media/originals/2026/03/westlands-office-3f9a1c2b7d.jpg",
    "width": 1200,
    "height": 800,
    "alt": "Technician fitting a cassette unit in an open-plan office",
    "srcset_webp": "/media/media/renditions/3f/3f9a…/480.webp 480w, /media/…/960.webp 960w",
    "srcset": "/media/media/renditions/3f/3f9a…/480.jpg 480w, /media/…/960.jpg 960w",
    "renditions": [
        {
            "width": 480,
            "height": 320,
            "webp": "/media/media/renditions/3f/3f9a…/480.webp",
            "fallback": "/media/media/renditions/3f/3f9a…/480.jpg",
        }
    ],
}
SERVICE_EXAMPLE = {
    "id": "0b8f7a36-5c1e-4d2b-8e4f-1a2b3c4d5e6f",
    "name": "Split AC installation (9,000-12,000 BTU)",
    "slug": "split-ac-installation",
    "category": {
        "id": "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d",
        "name": "Air conditioning installation",
        "slug": "ac-installation",
    },
    "summary": "Wall-mounted split unit supplied, installed and commissioned in one day.",
    "price_from": "55000.00",
    "price_to": "95000.00",
    "currency": "KES",
    "visit_duration_minutes": 240,
    "is_bookable": True,
    "hero_image": IMAGE_EXAMPLE,
}
PROJECT_EXAMPLE = {
    "id": "1d2e3f4a-5b6c-4d7e-8f90-a1b2c3d4e5f6",
    "slug": "westlands-office-vrf-retrofit",
    "title": "VRF retrofit for a Westlands office block",
    "summary": "Six floors moved from window units to a single VRF system.",
    "client_name": "Mvule Properties Ltd",
    "town": "Nairobi",
    "location": "Westlands",
    "completed_on": "2026-02-14",
    "is_featured": True,
    "cover": IMAGE_EXAMPLE,
    "services": [
        {
            "id": "0b8f7a36-5c1e-4d2b-8e4f-1a2b3c4d5e6f",
            "name": "VRF system design and installation",
            "slug": "vrf-systems",
            "category": {
                "id": "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d",
                "name": "Central and ducted systems",
                "slug": "central-ducted-systems",
            },
        }
    ],
}
POST_EXAMPLE = {
    "id": "7e6d5c4b-3a29-4817-a6b5-c4d3e2f1a0b9",
    "slug": "how-often-should-you-service-your-ac",
    "title": "How often should you service your air conditioner?",
    "excerpt": "Nairobi dust clogs filters fast. Here is the schedule we recommend.",
    "tags": ["maintenance", "tips"],
    "published_at": "2026-03-02T09:00:00+03:00",
    "author_name": "Faith Njeri",
    "cover": IMAGE_EXAMPLE,
}


def paginated(example: dict) -> dict:
    return {"count": 1, "next": None, "previous": None, "results": [example]}


class PublicEndpoint:
    """Anonymous, read-only, cached. Mixed in before the DRF view class."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    filter_backends: list = []

    @method_decorator(cache_public_response("api-v1-public"))
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)


def moved(url_name: str, **kwargs) -> Response:
    """301 to a record's current address after an old slug was used."""
    return Response(
        {"detail": _("This address has moved."), "code": "moved", "errors": {}},
        status=status.HTTP_301_MOVED_PERMANENTLY,
        headers={"Location": reverse(f"v1:public:{url_name}", kwargs=kwargs)},
    )


def _int_param(value: str | None, name: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except ValueError:
        number = -1
    if not 1900 <= number <= 2200:
        raise ValidationError({name: [_("Use a year like 2025.")]})
    return number


# --- Catalog -----------------------------------------------------------------


@extend_schema(
    tags=TAG_CATALOG,
    summary="Service categories",
    description="Active categories in display order, with their number of active services.",
)
class CategoryListView(PublicEndpoint, generics.ListAPIView):
    serializer_class = s.PublicCategorySerializer
    pagination_class = None

    def get_queryset(self):
        return catalog.public_categories()


@extend_schema(
    tags=TAG_CATALOG,
    summary="Services",
    parameters=[OpenApiParameter("category", str, description="A category slug")],
    examples=[OpenApiExample("A page of services", value=paginated(SERVICE_EXAMPLE))],
)
class ServiceListView(PublicEndpoint, generics.ListAPIView):
    serializer_class = s.PublicServiceSerializer

    def get_queryset(self):
        return catalog.public_services(
            category_slug=self.request.query_params.get("category", "").strip()
        )


class ServiceDetailView(PublicEndpoint, APIView):
    @extend_schema(
        tags=TAG_CATALOG,
        summary="A service",
        description=(
            "With its specification table and up to six related projects. An old slug "
            "answers 301 with the new address in `Location`."
        ),
        responses=s.PublicServiceDetailSerializer,
        examples=[
            OpenApiExample(
                "Split AC installation",
                value={
                    **SERVICE_EXAMPLE,
                    "body": "<p>We supply, mount and commission…</p>",
                    "specs": [
                        {"label": "Capacity", "value": "9,000-12,000 BTU"},
                        {"label": "Warranty", "value": "12 months workmanship"},
                    ],
                    "seo_title": "Split AC installation in Nairobi",
                    "seo_description": "Wall-mounted split unit installed in one day.",
                    "related_projects": [PROJECT_EXAMPLE],
                },
                response_only=True,
            )
        ],
    )
    def get(self, request, slug):
        service, was_moved = catalog.service_for_public(slug=slug)
        if service is None:
            raise NotFound()
        if was_moved:
            return moved("service-detail", slug=service.slug)
        related = portfolio.projects_for_service(service=service)
        data = s.PublicServiceDetailSerializer(service, context={"related_projects": related}).data
        return Response(data)


# --- Portfolio ---------------------------------------------------------------


@extend_schema(
    tags=TAG_PORTFOLIO,
    summary="Projects",
    parameters=[
        OpenApiParameter("service", str, description="A service slug"),
        OpenApiParameter("category", str, description="A service category slug"),
        OpenApiParameter("town", str, description="e.g. Nairobi, Mombasa, Kisumu, Nakuru"),
        OpenApiParameter("year", int, description="Year of completion"),
        OpenApiParameter(
            "ordering", str, enum=list(portfolio.ORDERINGS), description="Default: newest"
        ),
        OpenApiParameter("featured", bool, description="Only featured projects"),
    ],
    examples=[OpenApiExample("A page of projects", value=paginated(PROJECT_EXAMPLE))],
)
class ProjectListView(PublicEndpoint, generics.ListAPIView):
    serializer_class = s.PublicProjectSerializer

    def get_queryset(self):
        params = self.request.query_params
        ordering = params.get("ordering", "") or portfolio.DEFAULT_ORDERING
        if ordering not in portfolio.ORDERINGS:
            raise ValidationError(
                {"ordering": [_("Use one of: %s.") % ", ".join(portfolio.ORDERINGS)]}
            )
        return portfolio.public_projects(
            service_slug=params.get("service", "").strip(),
            category_slug=params.get("category", "").strip(),
            town=params.get("town", "").strip(),
            year=_int_param(params.get("year"), "year"),
            ordering=ordering,
            featured_only=params.get("featured", "").lower() in ("1", "true", "yes"),
        )


class ProjectDetailView(PublicEndpoint, APIView):
    @extend_schema(
        tags=TAG_PORTFOLIO,
        summary="A project",
        description="By id or slug, with its gallery. An old slug answers 301.",
        responses=s.PublicProjectDetailSerializer,
        examples=[
            OpenApiExample(
                "A VRF retrofit",
                value={
                    **PROJECT_EXAMPLE,
                    "body": "<p>The building ran 140 window units…</p>",
                    "images": [
                        {
                            "id": "2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d",
                            "caption": "Outdoor units on the roof",
                            "order": 0,
                            "image": IMAGE_EXAMPLE,
                        }
                    ],
                    "seo_title": "VRF retrofit for a Westlands office block",
                    "seo_description": "Six floors moved to a single VRF system.",
                },
                response_only=True,
            )
        ],
    )
    def get(self, request, key):
        project, was_moved = portfolio.project_for_public(key=key)
        if project is None:
            raise NotFound()
        if was_moved:
            return moved("project-detail", key=project.slug)
        return Response(s.PublicProjectDetailSerializer(project).data)


# --- Blog and pages ------------------------------------------------------------


@extend_schema(
    tags=TAG_CONTENT,
    summary="Blog posts",
    parameters=[OpenApiParameter("tag", str, description="Only posts with this tag")],
    examples=[OpenApiExample("A page of posts", value=paginated(POST_EXAMPLE))],
)
class PostListView(PublicEndpoint, generics.ListAPIView):
    serializer_class = s.PublicPostSerializer

    def get_queryset(self):
        return cms.public_posts(tag=self.request.query_params.get("tag", "").strip())


class PostDetailView(PublicEndpoint, APIView):
    @extend_schema(
        tags=TAG_CONTENT,
        summary="A blog post",
        responses=s.PublicPostDetailSerializer,
        examples=[
            OpenApiExample(
                "A post",
                value={
                    **POST_EXAMPLE,
                    "body": "<p>Every three months for homes…</p>",
                    "seo_title": "How often to service an AC in Nairobi",
                    "seo_description": "The maintenance schedule we recommend.",
                },
                response_only=True,
            )
        ],
    )
    def get(self, request, slug):
        post, was_moved = cms.post_for_public(slug=slug)
        if post is None:
            raise NotFound()
        if was_moved:
            return moved("post-detail", slug=post.slug)
        return Response(s.PublicPostDetailSerializer(post).data)


class PageDetailView(PublicEndpoint, APIView):
    @extend_schema(
        tags=TAG_CONTENT,
        summary="A CMS page (about, privacy, terms, cookies …)",
        responses=s.PublicPageSerializer,
    )
    def get(self, request, slug):
        page, was_moved = cms.page_for_public(slug=slug)
        if page is None:
            raise NotFound()
        if was_moved:
            return moved("page-detail", slug=page.slug)
        return Response(s.PublicPageSerializer(page).data)


@extend_schema(
    tags=TAG_CONTENT,
    summary="Frequently asked questions",
    parameters=[OpenApiParameter("category", str)],
)
class FAQListView(PublicEndpoint, generics.ListAPIView):
    serializer_class = s.PublicFAQSerializer
    pagination_class = None

    def get_queryset(self):
        return cms.public_faq(category=self.request.query_params.get("category", "").strip())


@extend_schema(tags=TAG_CONTENT, summary="Approved testimonials")
class TestimonialListView(PublicEndpoint, generics.ListAPIView):
    serializer_class = s.PublicTestimonialSerializer

    def get_queryset(self):
        return cms.approved_testimonials()


@extend_schema(tags=TAG_CONTENT, summary="Hero banners active now")
class BannerListView(PublicEndpoint, generics.ListAPIView):
    serializer_class = s.PublicBannerSerializer
    pagination_class = None

    def get_queryset(self):
        return cms.active_banners()
