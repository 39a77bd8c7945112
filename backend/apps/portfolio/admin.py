from django.contrib import admin

from apps.core.content_admin import PublicContentAdmin
from apps.portfolio.models import Project, ProjectImage


class ProjectImageInline(admin.TabularInline):
    model = ProjectImage
    extra = 0
    raw_id_fields = ("asset",)


@admin.register(Project)
class ProjectAdmin(PublicContentAdmin):
    rich_text_fields = ("body",)
    list_display = ("title", "town", "completed_on", "is_featured", "is_published")
    list_filter = ("town", "is_featured", "is_published")
    search_fields = ("title", "slug", "client_name", "location")
    filter_horizontal = ("services",)
    inlines = [ProjectImageInline]
