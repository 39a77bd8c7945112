"""Serializers of /api/v1/admin/ for the catalog, portfolio, media and CMS.

Input serializers only parse and type-check; the rules (sanitising, slugs,
publishing, upload checks) live in the domain services they feed."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.api.v1.public.content_serializers import (
    CategoryRefSerializer,
    ImageField,
    ProjectImageOutSerializer,
    SpecRowSerializer,
)
from apps.catalog.models import Service, ServiceCategory
from apps.catalog.services import CATEGORY_FIELDS, SERVICE_FIELDS
from apps.cms.models import FAQ, Banner, BlogPost, Page, PostStatus, Testimonial
from apps.cms.services import BANNER_FIELDS, PAGE_FIELDS
from apps.media.models import MediaAsset
from apps.portfolio.models import Project
from apps.portfolio.services import PROJECT_FIELDS

SLUG_OPTIONAL = {"slug": {"required": False}}


# --- Catalog -------------------------------------------------------------------


class CategoryInSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceCategory
        fields = CATEGORY_FIELDS
        extra_kwargs = SLUG_OPTIONAL


class CategoryOutSerializer(serializers.ModelSerializer):
    service_count = serializers.IntegerField(read_only=True, default=None)

    class Meta:
        model = ServiceCategory
        fields = (
            "id",
            "name",
            "slug",
            "description",
            "icon",
            "order",
            "is_active",
            "seo_title",
            "seo_description",
            "service_count",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class SpecRowInSerializer(serializers.Serializer):
    label = serializers.CharField(allow_blank=True, help_text="Rows without a label are dropped.")
    value = serializers.CharField(allow_blank=True, required=False)


@extend_schema_field(SpecRowInSerializer(many=True))
class SpecRowsField(serializers.Field):
    """The specification table: a list of ``{"label", "value"}`` rows, kept in
    the order sent. For clients written before rows, a ``label → value``
    object is still accepted; the service converts it in its key order."""

    default_error_messages = {
        "invalid": "A list of objects, each with a `label` and a `value` string.",
    }

    def to_internal_value(self, data):
        if isinstance(data, dict):
            rows = [{"label": label, "value": value} for label, value in data.items()]
        elif isinstance(data, list):
            rows = data
        else:
            self.fail("invalid")
        for row in rows:
            if not (
                isinstance(row, dict)
                and isinstance(row.get("label"), str)
                and isinstance(row.get("value", ""), str)
            ):
                self.fail("invalid")
        return data  # the domain service cleans and converts

    def to_representation(self, value):
        return value


class ServiceInSerializer(serializers.ModelSerializer):
    category = serializers.PrimaryKeyRelatedField(queryset=ServiceCategory.objects.all())
    hero_image = serializers.PrimaryKeyRelatedField(
        queryset=MediaAsset.objects.all(), allow_null=True, required=False
    )
    specs = SpecRowsField(
        required=False,
        help_text=(
            "Rows of the specification table, in display order. A `label → value` "
            "object (the former shape) is still accepted and converted in its key order."
        ),
    )

    class Meta:
        model = Service
        fields = SERVICE_FIELDS
        extra_kwargs = SLUG_OPTIONAL


class ServiceOutSerializer(serializers.ModelSerializer):
    category = CategoryRefSerializer(read_only=True)
    hero_image = ImageField(allow_null=True)
    specs = SpecRowSerializer(many=True, read_only=True)

    class Meta:
        model = Service
        fields = (
            "id",
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
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


# --- Portfolio -----------------------------------------------------------------


class ProjectImageInSerializer(serializers.Serializer):
    asset = serializers.PrimaryKeyRelatedField(queryset=MediaAsset.objects.all())
    caption = serializers.CharField(max_length=200, required=False, allow_blank=True)


class ProjectInSerializer(serializers.ModelSerializer):
    services = serializers.PrimaryKeyRelatedField(
        queryset=Service.objects.all(), many=True, required=False
    )
    images = ProjectImageInSerializer(
        many=True,
        required=False,
        help_text="The gallery in order (JSON). On update it replaces the gallery.",
    )
    files = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        write_only=True,
        help_text="New images (multipart), added to the media library and the gallery's end.",
    )

    class Meta:
        model = Project
        fields = (*PROJECT_FIELDS, "images", "files")
        extra_kwargs = SLUG_OPTIONAL


class ProjectOutSerializer(serializers.ModelSerializer):
    services = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    images = ProjectImageOutSerializer(many=True, read_only=True)

    class Meta:
        model = Project
        fields = (
            "id",
            "title",
            "slug",
            "summary",
            "body",
            "client_name",
            "client_consent",
            "town",
            "location",
            "completed_on",
            "services",
            "is_featured",
            "is_published",
            "order",
            "seo_title",
            "seo_description",
            "images",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


# --- Media ---------------------------------------------------------------------


class MediaUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="JPEG, PNG or WebP; judged by content.")
    alt = serializers.CharField(max_length=250, required=False, allow_blank=True)
    title = serializers.CharField(max_length=160, required=False, allow_blank=True)
    tags = serializers.CharField(
        max_length=400, required=False, allow_blank=True, help_text="Comma-separated"
    )


class MediaUpdateSerializer(serializers.Serializer):
    alt = serializers.CharField(max_length=250, required=False, allow_blank=True)
    title = serializers.CharField(max_length=160, required=False, allow_blank=True)
    tags = serializers.CharField(
        max_length=400, required=False, allow_blank=True, help_text="Comma-separated"
    )


class MediaUsageSerializer(serializers.Serializer):
    kind = serializers.CharField()
    model = serializers.CharField()
    field = serializers.CharField()
    id = serializers.CharField()
    label = serializers.CharField()


class MediaOutSerializer(serializers.ModelSerializer):
    tags = serializers.ListField(source="tag_list", child=serializers.CharField(), read_only=True)
    image = ImageField(source="*")
    uploaded_by = serializers.CharField(source="uploaded_by.email", default="", read_only=True)

    class Meta:
        model = MediaAsset
        fields = (
            "id",
            "title",
            "alt",
            "tags",
            "width",
            "height",
            "size",
            "format",
            "content_hash",
            "rendition_status",
            "image",
            "uploaded_by",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class MediaDetailSerializer(MediaOutSerializer):
    usages = serializers.SerializerMethodField()

    class Meta(MediaOutSerializer.Meta):
        fields = (*MediaOutSerializer.Meta.fields, "usages")
        read_only_fields = fields

    def get_usages(self, obj) -> list[dict]:
        return MediaUsageSerializer(self.context.get("usages", []), many=True).data


# --- CMS -----------------------------------------------------------------------

MEDIA_FK = {"queryset": MediaAsset.objects.all(), "allow_null": True, "required": False}


class PageInSerializer(serializers.ModelSerializer):
    og_image = serializers.PrimaryKeyRelatedField(**MEDIA_FK)

    class Meta:
        model = Page
        fields = PAGE_FIELDS
        extra_kwargs = SLUG_OPTIONAL


class PageOutSerializer(serializers.ModelSerializer):
    og_image = ImageField(allow_null=True)

    class Meta:
        model = Page
        fields = (
            "id",
            "title",
            "slug",
            "body",
            "seo_title",
            "seo_description",
            "og_image",
            "is_published",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class PostInSerializer(serializers.ModelSerializer):
    cover = serializers.PrimaryKeyRelatedField(**MEDIA_FK)
    tags = serializers.ListField(child=serializers.CharField(max_length=40), required=False)

    class Meta:
        model = BlogPost
        fields = (
            "title",
            "slug",
            "cover",
            "excerpt",
            "body",
            "tags",
            "status",
            "published_at",
            "seo_title",
            "seo_description",
        )
        extra_kwargs = SLUG_OPTIONAL


class PostOutSerializer(serializers.ModelSerializer):
    cover = ImageField(allow_null=True)
    tags = serializers.ListField(source="tag_list", child=serializers.CharField(), read_only=True)
    author = serializers.CharField(source="author.email", default="", read_only=True)

    class Meta:
        model = BlogPost
        fields = (
            "id",
            "title",
            "slug",
            "author",
            "cover",
            "excerpt",
            "body",
            "tags",
            "status",
            "published_at",
            "seo_title",
            "seo_description",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class PublishSerializer(serializers.Serializer):
    published_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text="Omit to publish now; a future time schedules."
    )


class BannerInSerializer(serializers.ModelSerializer):
    image = serializers.PrimaryKeyRelatedField(**MEDIA_FK)

    class Meta:
        model = Banner
        fields = BANNER_FIELDS


class BannerOutSerializer(serializers.ModelSerializer):
    image = ImageField(allow_null=True)

    class Meta:
        model = Banner
        fields = (
            "id",
            "headline",
            "text",
            "cta_label",
            "cta_url",
            "image",
            "active_from",
            "active_to",
            "is_active",
            "order",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class TestimonialInSerializer(serializers.ModelSerializer):
    photo = serializers.PrimaryKeyRelatedField(**MEDIA_FK)

    class Meta:
        model = Testimonial
        fields = ("client_name", "role_company", "quote", "rating", "photo", "order")


class TestimonialOutSerializer(serializers.ModelSerializer):
    photo = ImageField(allow_null=True)

    class Meta:
        model = Testimonial
        fields = (
            "id",
            "client_name",
            "role_company",
            "quote",
            "rating",
            "photo",
            "order",
            "is_approved",
            "approved_at",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class ApprovalSerializer(serializers.Serializer):
    approved = serializers.BooleanField(default=True)


class FAQInSerializer(serializers.ModelSerializer):
    class Meta:
        model = FAQ
        fields = ("question", "answer", "category", "order", "is_published")


class FAQOutSerializer(serializers.ModelSerializer):
    class Meta:
        model = FAQ
        fields = (
            "id",
            "question",
            "answer",
            "category",
            "order",
            "is_published",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


POST_STATUSES = [choice for choice, _ in PostStatus.choices]
