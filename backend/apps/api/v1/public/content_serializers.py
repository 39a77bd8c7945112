"""Serializers of /api/v1/public/ for the catalog, portfolio and CMS.

Read-only. Images come from the stored renditions (no query per image)."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.media.rendering import image_payload


class RenditionSerializer(serializers.Serializer):
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    webp = serializers.CharField()
    fallback = serializers.CharField()


class ImageSerializer(serializers.Serializer):
    """An image with ready-made ``srcset`` strings for ``<picture>``/``<img>``."""

    id = serializers.UUIDField()
    url = serializers.CharField(help_text="The re-encoded original.")
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    alt = serializers.CharField()
    srcset_webp = serializers.CharField(help_text="WebP renditions; empty until generated.")
    srcset = serializers.CharField(help_text="JPEG/PNG renditions; empty until generated.")
    renditions = RenditionSerializer(many=True)


@extend_schema_field(ImageSerializer(allow_null=True))
class ImageField(serializers.Field):
    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return image_payload(value)


class CategoryRefSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    slug = serializers.SlugField()


class ServiceRefSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    slug = serializers.SlugField()
    category = CategoryRefSerializer()


class PublicCategorySerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    slug = serializers.SlugField()
    description = serializers.CharField()
    icon = serializers.CharField()
    order = serializers.IntegerField()
    service_count = serializers.IntegerField()
    seo_title = serializers.SerializerMethodField()
    seo_description = serializers.SerializerMethodField()

    def get_seo_title(self, obj) -> str:
        return obj.seo_title or obj.name

    def get_seo_description(self, obj) -> str:
        return obj.seo_description or obj.description[:160]


class PublicServiceSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    slug = serializers.SlugField()
    category = CategoryRefSerializer()
    summary = serializers.CharField()
    price_from = serializers.DecimalField(
        source="base_price_min", max_digits=12, decimal_places=2, allow_null=True
    )
    price_to = serializers.DecimalField(
        source="base_price_max", max_digits=12, decimal_places=2, allow_null=True
    )
    currency = serializers.SerializerMethodField()
    visit_duration_minutes = serializers.IntegerField()
    is_bookable = serializers.BooleanField(
        source="can_be_booked", help_text="Show the Book button only when true."
    )
    hero_image = ImageField(allow_null=True)

    def get_currency(self, obj) -> str:
        return settings.COMPANY_CURRENCY


class SpecRowSerializer(serializers.Serializer):
    label = serializers.CharField()
    value = serializers.CharField()


class PublicProjectSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    slug = serializers.SlugField()
    title = serializers.CharField()
    summary = serializers.CharField()
    client_name = serializers.CharField(
        source="public_client_name", help_text="Empty unless the client agreed to be named."
    )
    town = serializers.CharField()
    location = serializers.CharField()
    completed_on = serializers.DateField(allow_null=True)
    is_featured = serializers.BooleanField()
    cover = serializers.SerializerMethodField()
    services = ServiceRefSerializer(many=True)

    @extend_schema_field(ImageSerializer(allow_null=True))
    def get_cover(self, obj):
        images = list(obj.images.all())  # prefetched
        return image_payload(images[0].asset) if images else None


class PublicServiceDetailSerializer(PublicServiceSerializer):
    body = serializers.CharField(help_text="Sanitised HTML.")
    specs = serializers.SerializerMethodField()
    seo_title = serializers.SerializerMethodField()
    seo_description = serializers.SerializerMethodField()
    related_projects = serializers.SerializerMethodField()

    @extend_schema_field(SpecRowSerializer(many=True))
    def get_specs(self, obj):
        return [{"label": row["label"], "value": row["value"]} for row in obj.specs or []]

    def get_seo_title(self, obj) -> str:
        return obj.seo_title or obj.name

    def get_seo_description(self, obj) -> str:
        return obj.seo_description or obj.summary[:160]

    @extend_schema_field(PublicProjectSerializer(many=True))
    def get_related_projects(self, obj):
        return PublicProjectSerializer(self.context.get("related_projects", []), many=True).data


class ProjectImageOutSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    caption = serializers.CharField()
    order = serializers.IntegerField()
    image = ImageField(source="asset")


class PublicProjectDetailSerializer(PublicProjectSerializer):
    body = serializers.CharField(help_text="Sanitised HTML.")
    images = ProjectImageOutSerializer(many=True)
    seo_title = serializers.SerializerMethodField()
    seo_description = serializers.SerializerMethodField()

    def get_seo_title(self, obj) -> str:
        return obj.seo_title or obj.title

    def get_seo_description(self, obj) -> str:
        return obj.seo_description or obj.summary[:160]


class PublicPostSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    slug = serializers.SlugField()
    title = serializers.CharField()
    excerpt = serializers.CharField()
    tags = serializers.ListField(source="tag_list", child=serializers.CharField())
    published_at = serializers.DateTimeField()
    author_name = serializers.SerializerMethodField()
    cover = ImageField(allow_null=True)

    def get_author_name(self, obj) -> str:
        return obj.author.full_name if obj.author else ""


class PublicPostDetailSerializer(PublicPostSerializer):
    body = serializers.CharField(help_text="Sanitised HTML.")
    seo_title = serializers.SerializerMethodField()
    seo_description = serializers.SerializerMethodField()

    def get_seo_title(self, obj) -> str:
        return obj.seo_title or obj.title

    def get_seo_description(self, obj) -> str:
        return obj.seo_description or obj.excerpt[:160]


class PublicPageSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    body = serializers.CharField(help_text="Sanitised HTML.")
    seo_title = serializers.SerializerMethodField()
    seo_description = serializers.CharField()
    og_image = ImageField(allow_null=True)
    updated_at = serializers.DateTimeField()

    def get_seo_title(self, obj) -> str:
        return obj.seo_title or obj.title


class PublicFAQSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    question = serializers.CharField()
    answer = serializers.CharField(help_text="Sanitised HTML.")
    category = serializers.CharField()


class PublicTestimonialSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    client_name = serializers.CharField()
    role_company = serializers.CharField()
    quote = serializers.CharField()
    rating = serializers.IntegerField(min_value=1, max_value=5)
    photo = ImageField(allow_null=True)


class PublicBannerSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    headline = serializers.CharField()
    text = serializers.CharField()
    cta_label = serializers.CharField()
    cta_url = serializers.CharField()
    image = ImageField(allow_null=True)
