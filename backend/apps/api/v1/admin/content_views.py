"""/api/v1/admin/ for the catalog, portfolio, media library and CMS.

Each view set names its model; the permissions follow Django's model
permissions (view/add/change/delete), which the Content editor and
Administrator groups hold (apps.users.roles). Writes call the domain
services, which sanitise, audit and invalidate the public cache."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from apps.api.params import uuid_param
from apps.api.permissions import StaffWithPermission
from apps.api.v1.admin import content_serializers as s
from apps.catalog import selectors as catalog_selectors
from apps.catalog import services as catalog
from apps.catalog.models import Service, ServiceCategory
from apps.cms import selectors as cms_selectors
from apps.cms import services as cms
from apps.cms.models import FAQ, Banner, BlogPost, Page, Testimonial
from apps.media import selectors as media_selectors
from apps.media import services as media
from apps.media.models import MediaAsset
from apps.portfolio import selectors as portfolio_selectors
from apps.portfolio import services as portfolio
from apps.portfolio.models import Project

UUID_RE = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
SEARCH = OpenApiParameter("search", str, description="Free-text search")


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This record is in use.")
    default_code = "in_use"


def _bool(value: str | None) -> bool | None:
    if value in (None, ""):
        return None
    return value.lower() in ("1", "true", "yes")


class ContentAdminViewSet(viewsets.GenericViewSet):
    """list / create / retrieve / partial_update / destroy through services.

    Subclasses set ``model``, ``serializer_class`` (output),
    ``input_serializer_class`` and implement ``get_queryset``,
    ``perform_create``, ``perform_update`` and ``perform_destroy``."""

    permission_classes = [StaffWithPermission]
    filter_backends: list = []
    lookup_value_regex = UUID_RE
    model: type[models.Model]
    input_serializer_class: type[Any]
    # Extra actions and the model permission they need.
    action_permissions: dict[str, str] = {}

    @property
    def required_permissions(self) -> tuple[str, ...]:
        opts = self.model._meta
        verb = self.action_permissions.get(getattr(self, "action", "") or "")
        if verb is None:
            verb = {
                "GET": "view",
                "HEAD": "view",
                "OPTIONS": "view",
                "POST": "add",
                "PATCH": "change",
                "PUT": "change",
                "DELETE": "delete",
            }.get(self.request.method, "change")
        return (f"{opts.app_label}.{verb}_{opts.model_name}",)

    def _out(self, instance: models.Model) -> Response:
        fresh = self.get_queryset().get(pk=instance.pk)
        return Response(self.get_serializer(fresh).data)

    def list(self, request):
        queryset = self.get_queryset()
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(self.get_serializer(self.get_object()).data)

    def create(self, request):
        data = self.input_serializer_class(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        instance = self.perform_create(dict(data.validated_data))
        response = self._out(instance)
        response.status_code = status.HTTP_201_CREATED
        return response

    def partial_update(self, request, pk=None):
        instance = self.get_object()
        data = self.input_serializer_class(
            instance, data=request.data, partial=True, context={"request": request}
        )
        data.is_valid(raise_exception=True)
        instance = self.perform_update(instance, dict(data.validated_data))
        return self._out(instance)

    def destroy(self, request, pk=None):
        self.perform_destroy(self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    def perform_create(self, data: dict[str, Any]) -> models.Model:
        raise NotImplementedError

    def perform_update(self, instance: Any, data: dict[str, Any]) -> models.Model:
        raise NotImplementedError

    def perform_destroy(self, instance: Any) -> None:
        raise NotImplementedError


def crud_schema(tag: str, out: Any, inp: Any, noun: str, *, create_examples=(), list_params=()):
    return extend_schema_view(
        list=extend_schema(tags=[tag], summary=f"List {noun}s", parameters=[*list_params]),
        create=extend_schema(
            tags=[tag],
            summary=f"Create a {noun}",
            request=inp,
            responses={201: out},
            examples=list(create_examples),
        ),
        retrieve=extend_schema(tags=[tag], summary=f"A {noun}"),
        partial_update=extend_schema(
            tags=[tag], summary=f"Change a {noun}", request=inp, responses=out
        ),
        destroy=extend_schema(tags=[tag], summary=f"Delete a {noun}", responses={204: None}),
    )


# --- Catalog -------------------------------------------------------------------


@crud_schema(
    "admin: catalog",
    s.CategoryOutSerializer,
    s.CategoryInSerializer,
    "service category",
    list_params=[SEARCH],
)
class CategoryViewSet(ContentAdminViewSet):
    """Service categories (Content editor, Administrator; Sales and Technicians read)."""

    model = ServiceCategory
    serializer_class = s.CategoryOutSerializer
    input_serializer_class = s.CategoryInSerializer

    def get_queryset(self):
        return catalog_selectors.categories_for_admin(
            search=self.request.query_params.get("search", "").strip()
        )

    def perform_create(self, data):
        return catalog.create_category(actor=self.request.user, **data)

    def perform_update(self, instance, data):
        return catalog.update_category(category=instance, actor=self.request.user, **data)

    def perform_destroy(self, instance):
        catalog.delete_category(category=instance, actor=self.request.user)


@crud_schema(
    "admin: catalog",
    s.ServiceOutSerializer,
    s.ServiceInSerializer,
    "service",
    list_params=[
        SEARCH,
        OpenApiParameter("category", str, description="Category id"),
        OpenApiParameter("is_active", bool),
    ],
    create_examples=[
        OpenApiExample(
            "A new service",
            value={
                "category": "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d",
                "name": "Inverter AC installation",
                "summary": "Energy-saving inverter split units, installed in a day.",
                "body": "<p>Inverter units cut power bills by up to 40%.</p>",
                "specs": [
                    {"label": "Capacity", "value": "12,000 BTU"},
                    {"label": "Warranty", "value": "24 months"},
                ],
                "base_price_min": "70000.00",
                "base_price_max": "120000.00",
                "visit_duration_minutes": 240,
                "is_bookable": True,
            },
            request_only=True,
        ),
        OpenApiExample(
            "Specifications in the former shape",
            description=(
                "Clients written before specification rows may still send a `label → "
                "value` object; it is stored as rows in its key order."
            ),
            value={
                "category": "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d",
                "name": "Inverter AC installation",
                "specs": {"Capacity": "12,000 BTU", "Warranty": "24 months"},
            },
            request_only=True,
        ),
    ],
)
class ServiceViewSet(ContentAdminViewSet):
    """Services of the catalog. Body HTML is sanitised; a changed slug keeps redirecting."""

    model = Service
    serializer_class = s.ServiceOutSerializer
    input_serializer_class = s.ServiceInSerializer

    def get_queryset(self):
        params = self.request.query_params
        return catalog_selectors.services_for_admin(
            search=params.get("search", "").strip(),
            category_id=uuid_param(params.get("category"), "category"),
            is_active=_bool(params.get("is_active")),
        )

    def perform_create(self, data):
        return catalog.create_service(actor=self.request.user, **data)

    def perform_update(self, instance, data):
        return catalog.update_service(service=instance, actor=self.request.user, **data)

    def perform_destroy(self, instance):
        catalog.delete_service(service=instance, actor=self.request.user)


# --- Portfolio -----------------------------------------------------------------


@crud_schema(
    "admin: portfolio",
    s.ProjectOutSerializer,
    s.ProjectInSerializer,
    "project",
    list_params=[SEARCH, OpenApiParameter("town", str), OpenApiParameter("is_published", bool)],
    create_examples=[
        OpenApiExample(
            "A project with a gallery of library images",
            value={
                "title": "Cold room for a Nakuru dairy",
                "summary": "A 40 m³ cold room at +4 °C for milk collection.",
                "body": "<p>Built in nine days without stopping collection.</p>",
                "client_name": "Menengai Dairy Co-op",
                "client_consent": True,
                "town": "Nakuru",
                "location": "Lanet",
                "completed_on": "2026-01-20",
                "services": ["0b8f7a36-5c1e-4d2b-8e4f-1a2b3c4d5e6f"],
                "is_featured": True,
                "images": [
                    {"asset": "6f1c2e7a-3b0d-4f4e-9a51-2d7e8c9b0a11", "caption": "Panels going up"}
                ],
            },
            request_only=True,
        )
    ],
)
class ProjectViewSet(ContentAdminViewSet):
    """Send JSON with ``images`` (media-library ids, in order), or multipart
    with ``files`` to upload new images into the gallery."""

    model = Project
    serializer_class = s.ProjectOutSerializer
    input_serializer_class = s.ProjectInSerializer

    def get_queryset(self):
        params = self.request.query_params
        return portfolio_selectors.projects_for_admin(
            search=params.get("search", "").strip(),
            town=params.get("town", "").strip(),
            is_published=_bool(params.get("is_published")),
        )

    def perform_create(self, data):
        uploads = data.pop("files", [])
        return portfolio.create_project(actor=self.request.user, uploads=uploads, **data)

    def perform_update(self, instance, data):
        uploads = data.pop("files", [])
        return portfolio.update_project(
            project=instance, actor=self.request.user, uploads=uploads, **data
        )

    def perform_destroy(self, instance):
        portfolio.delete_project(project=instance, actor=self.request.user)


# --- Media ---------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        tags=["admin: media"],
        summary="The media library",
        parameters=[SEARCH, OpenApiParameter("tag", str)],
    ),
    create=extend_schema(
        tags=["admin: media"],
        summary="Upload an image",
        description=(
            "Multipart. JPEG, PNG or WebP only, judged by content; at most "
            "`MEDIA_MAX_UPLOAD_MB` and `MEDIA_MAX_MEGAPIXELS`. EXIF/GPS are removed; "
            "480/960/1600 px renditions (WebP and JPEG/PNG) follow in the background."
        ),
        request={"multipart/form-data": s.MediaUploadSerializer},
        responses={201: s.MediaOutSerializer},
    ),
    retrieve=extend_schema(
        tags=["admin: media"],
        summary="An image and where it is used",
        responses=s.MediaDetailSerializer,
    ),
    partial_update=extend_schema(
        tags=["admin: media"],
        summary="Edit alt text, title or tags",
        request=s.MediaUpdateSerializer,
        responses=s.MediaOutSerializer,
    ),
    destroy=extend_schema(
        tags=["admin: media"],
        summary="Delete an image that nothing uses",
        responses={204: None, 409: OpenApiResponse(description="The image is in use.")},
    ),
)
class MediaViewSet(ContentAdminViewSet):
    """The media library. Deleting an image that is in use answers 409."""

    model = MediaAsset
    serializer_class = s.MediaOutSerializer
    input_serializer_class = s.MediaUpdateSerializer

    def get_queryset(self):
        params = self.request.query_params
        return media_selectors.assets_for_admin(
            search=params.get("search", "").strip(), tag=params.get("tag", "").strip()
        )

    def create(self, request):
        data = s.MediaUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        asset = media.upload_asset(
            upload=values["file"],
            actor=request.user,
            alt=values.get("alt", ""),
            title=values.get("title", ""),
            tags=values.get("tags", ""),
        )
        return Response(self.get_serializer(asset).data, status=status.HTTP_201_CREATED)

    def retrieve(self, request, pk=None):
        asset = self.get_object()
        usages = media_selectors.asset_usages(asset=asset)
        return Response(s.MediaDetailSerializer(asset, context={"usages": usages}).data)

    def perform_update(self, instance, data):
        return media.update_asset(asset=instance, actor=self.request.user, **data)

    def perform_destroy(self, instance):
        try:
            media.delete_asset(asset=instance, actor=self.request.user)
        except media.AssetInUse as exc:
            raise Conflict(exc.message_dict["file"][0]) from exc


# --- CMS -----------------------------------------------------------------------


@crud_schema(
    "admin: content", s.PageOutSerializer, s.PageInSerializer, "page", list_params=[SEARCH]
)
class PageViewSet(ContentAdminViewSet):
    """CMS pages (about, policies …), shown at their slug when published."""

    model = Page
    serializer_class = s.PageOutSerializer
    input_serializer_class = s.PageInSerializer

    def get_queryset(self):
        return cms_selectors.pages_for_admin(
            search=self.request.query_params.get("search", "").strip()
        )

    def perform_create(self, data):
        return cms.create_page(actor=self.request.user, **data)

    def perform_update(self, instance, data):
        return cms.update_page(page=instance, actor=self.request.user, **data)

    def perform_destroy(self, instance):
        cms.delete_page(page=instance, actor=self.request.user)


@crud_schema(
    "admin: content",
    s.PostOutSerializer,
    s.PostInSerializer,
    "blog post",
    list_params=[
        SEARCH,
        OpenApiParameter("status", str, enum=s.POST_STATUSES),
        OpenApiParameter("tag", str),
    ],
    create_examples=[
        OpenApiExample(
            "A post scheduled for Monday 09:00",
            value={
                "title": "Five signs your AC needs a gas refill",
                "excerpt": "Warm air, ice on the pipes and a hissing sound.",
                "body": "<p>If your unit blows warm air…</p>",
                "tags": ["repairs", "tips"],
                "status": "published",
                "published_at": "2026-03-09T09:00:00+03:00",
            },
            request_only=True,
        )
    ],
)
class PostViewSet(ContentAdminViewSet):
    """Blog posts: draft, scheduled or published."""

    model = BlogPost
    serializer_class = s.PostOutSerializer
    input_serializer_class = s.PostInSerializer
    action_permissions = {"publish": "change", "unpublish": "change"}

    def get_queryset(self):
        params = self.request.query_params
        return cms_selectors.posts_for_admin(
            search=params.get("search", "").strip(),
            status=params.get("status", "").strip(),
            tag=params.get("tag", "").strip(),
        )

    def perform_create(self, data):
        return cms.create_post(actor=self.request.user, author=self.request.user, **data)

    def perform_update(self, instance, data):
        return cms.update_post(post=instance, actor=self.request.user, **data)

    def perform_destroy(self, instance):
        cms.delete_post(post=instance, actor=self.request.user)

    @extend_schema(
        tags=["admin: content"],
        summary="Publish now or schedule",
        request=s.PublishSerializer,
        responses=s.PostOutSerializer,
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        data = s.PublishSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        post = cms.publish_post(
            post=self.get_object(), actor=request.user, at=data.validated_data.get("published_at")
        )
        return self._out(post)

    @extend_schema(
        tags=["admin: content"],
        summary="Back to draft",
        request=None,
        responses=s.PostOutSerializer,
    )
    @action(detail=True, methods=["post"])
    def unpublish(self, request, pk=None):
        return self._out(cms.unpublish_post(post=self.get_object(), actor=request.user))


@crud_schema("admin: content", s.BannerOutSerializer, s.BannerInSerializer, "banner")
class BannerViewSet(ContentAdminViewSet):
    """Home-page hero slides with an optional active window."""

    model = Banner
    serializer_class = s.BannerOutSerializer
    input_serializer_class = s.BannerInSerializer

    def get_queryset(self):
        return cms_selectors.banners_for_admin()

    def perform_create(self, data):
        return cms.create_banner(actor=self.request.user, **data)

    def perform_update(self, instance, data):
        return cms.update_banner(banner=instance, actor=self.request.user, **data)

    def perform_destroy(self, instance):
        cms.delete_banner(banner=instance, actor=self.request.user)


@crud_schema(
    "admin: content",
    s.TestimonialOutSerializer,
    s.TestimonialInSerializer,
    "testimonial",
    list_params=[OpenApiParameter("is_approved", bool)],
)
class TestimonialViewSet(ContentAdminViewSet):
    """Client testimonials; shown once approved."""

    model = Testimonial
    serializer_class = s.TestimonialOutSerializer
    input_serializer_class = s.TestimonialInSerializer
    action_permissions = {"approve": "change"}

    def get_queryset(self):
        return cms_selectors.testimonials_for_admin(
            is_approved=_bool(self.request.query_params.get("is_approved"))
        )

    def perform_create(self, data):
        return cms.create_testimonial(actor=self.request.user, **data)

    def perform_update(self, instance, data):
        return cms.update_testimonial(testimonial=instance, actor=self.request.user, **data)

    def perform_destroy(self, instance):
        cms.delete_testimonial(testimonial=instance, actor=self.request.user)

    @extend_schema(
        tags=["admin: content"],
        summary="Approve (or withdraw) a testimonial",
        request=s.ApprovalSerializer,
        responses=s.TestimonialOutSerializer,
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        data = s.ApprovalSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        testimonial = cms.set_testimonial_approval(
            testimonial=self.get_object(),
            actor=request.user,
            approved=data.validated_data["approved"],
        )
        return self._out(testimonial)


@crud_schema(
    "admin: content", s.FAQOutSerializer, s.FAQInSerializer, "FAQ entry", list_params=[SEARCH]
)
class FAQViewSet(ContentAdminViewSet):
    """Frequently asked questions."""

    model = FAQ
    serializer_class = s.FAQOutSerializer
    input_serializer_class = s.FAQInSerializer

    def get_queryset(self):
        return cms_selectors.faq_for_admin(
            search=self.request.query_params.get("search", "").strip()
        )

    def perform_create(self, data):
        return cms.create_faq(actor=self.request.user, **data)

    def perform_update(self, instance, data):
        return cms.update_faq(faq=instance, actor=self.request.user, **data)

    def perform_destroy(self, instance):
        cms.delete_faq(faq=instance, actor=self.request.user)
