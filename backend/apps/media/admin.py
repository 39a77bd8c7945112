from django.contrib import admin

from apps.media.models import MediaAsset


@admin.register(MediaAsset)
class MediaAssetAdmin(admin.ModelAdmin):
    """Read-mostly: uploads go through the admin portal and API, which validate
    and re-encode them."""

    list_display = ("__str__", "format", "width", "height", "size", "rendition_status")
    list_filter = ("format", "rendition_status")
    search_fields = ("title", "alt", "tags")
    readonly_fields = [f.name for f in MediaAsset._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
