"""Django admin (the superuser escape hatch) for public content.

Staff edit content through the admin portal and the API, which call the
content apps' services. A superuser's edit here gets the same sanitising,
audit entry and cache invalidation."""

from __future__ import annotations

from django.contrib import admin

from apps.core.public_cache import bump_content_version
from apps.core.rich_text import sanitize_html
from apps.core.services import record_audit


class PublicContentAdmin(admin.ModelAdmin):
    rich_text_fields: tuple[str, ...] = ()

    def get_readonly_fields(self, request, obj=None):
        # A slug changes through the services, which keep the old one redirecting.
        readonly = tuple(super().get_readonly_fields(request, obj))
        if obj is not None and any(f.name == "slug" for f in obj._meta.fields):
            readonly += ("slug",)
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None else super().get_prepopulated_fields(request, obj)

    def save_model(self, request, obj, form, change):
        for field in self.rich_text_fields:
            setattr(obj, field, sanitize_html(getattr(obj, field)))
        super().save_model(request, obj, form, change)
        action = "updated" if change else "created"
        record_audit(
            actor=request.user,
            action=f"{obj._meta.model_name}.{action}",
            target=obj,
            changes={"via": "django-admin", "fields": sorted(form.changed_data)},
        )
        bump_content_version()

    def delete_model(self, request, obj):
        record_audit(
            actor=request.user,
            action=f"{obj._meta.model_name}.deleted",
            target=obj,
            changes={"via": "django-admin"},
        )
        super().delete_model(request, obj)
        bump_content_version()

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
