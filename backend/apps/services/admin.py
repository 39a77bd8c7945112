from django.contrib import admin

from apps.services.models import Service, ServiceCategory


@admin.register(ServiceCategory)
class ServiceCategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "order", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
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
