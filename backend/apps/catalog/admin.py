from django.contrib import admin

from apps.catalog.models import Service, ServiceCategory
from apps.core.content_admin import PublicContentAdmin


@admin.register(ServiceCategory)
class ServiceCategoryAdmin(PublicContentAdmin):
    list_display = ("name", "slug", "order", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Service)
class ServiceAdmin(PublicContentAdmin):
    rich_text_fields = ("body",)
    raw_id_fields = ("hero_image",)
    list_display = (
        "name",
        "category",
        "base_price_min",
        "base_price_max",
        "visit_duration_minutes",
        "is_bookable",
        "is_active",
    )
    list_filter = ("category", "is_bookable", "is_active")
    search_fields = ("name", "slug", "summary")
    list_select_related = ("category",)
    prepopulated_fields = {"slug": ("name",)}
