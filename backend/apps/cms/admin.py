from django.contrib import admin

from apps.cms.models import FAQ, Banner, BlogPost, ContactMessage, Page, Testimonial
from apps.core.content_admin import PublicContentAdmin


@admin.register(Page)
class PageAdmin(PublicContentAdmin):
    rich_text_fields = ("body",)
    list_display = ("title", "slug", "is_published", "updated_at")
    search_fields = ("title", "slug")
    raw_id_fields = ("og_image",)


@admin.register(BlogPost)
class BlogPostAdmin(PublicContentAdmin):
    rich_text_fields = ("body",)
    list_display = ("title", "status", "published_at", "author")
    list_filter = ("status",)
    search_fields = ("title", "slug", "tags")
    raw_id_fields = ("cover", "author")


@admin.register(Banner)
class BannerAdmin(PublicContentAdmin):
    list_display = ("headline", "is_active", "active_from", "active_to", "order")
    raw_id_fields = ("image",)


@admin.register(Testimonial)
class TestimonialAdmin(PublicContentAdmin):
    list_display = ("client_name", "role_company", "rating", "is_approved")
    list_filter = ("is_approved",)
    raw_id_fields = ("photo",)


@admin.register(FAQ)
class FAQAdmin(PublicContentAdmin):
    rich_text_fields = ("answer",)
    list_display = ("question", "category", "order", "is_published")
    list_filter = ("category", "is_published")


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    """Read-only: messages arrive through the website's contact form."""

    list_display = ("created_at", "name", "email", "phone", "subject")
    search_fields = ("name", "email", "subject", "message")
    readonly_fields = (
        "name",
        "email",
        "phone",
        "subject",
        "message",
        "ip_address",
        "user_agent",
        "created_at",
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
