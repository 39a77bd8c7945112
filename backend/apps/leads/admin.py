from django.contrib import admin
from solo.admin import SingletonModelAdmin

from apps.leads.models import (
    ArrivalWindow,
    BlackoutDate,
    Booking,
    BookingFeedback,
    BookingPhoto,
    BookingSettings,
    CategoryWindowLimit,
    Client,
)


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    list_display = ("name", "company", "email", "phone", "town", "marketing_opt_in", "created_at")
    list_filter = ("marketing_opt_in", "accepts_sms", "town")
    search_fields = ("name", "company", "email", "phone")
    raw_id_fields = ("user",)
    readonly_fields = ("created_at", "updated_at", "marketing_opt_in_at")


@admin.register(BookingSettings)
class BookingSettingsAdmin(SingletonModelAdmin):
    pass


@admin.register(ArrivalWindow)
class ArrivalWindowAdmin(admin.ModelAdmin):
    list_display = ("__str__", "start_time", "end_time", "capacity", "is_active")
    list_editable = ("capacity", "is_active")


@admin.register(CategoryWindowLimit)
class CategoryWindowLimitAdmin(admin.ModelAdmin):
    list_display = ("category", "window", "capacity")
    list_select_related = ("category", "window")


@admin.register(BlackoutDate)
class BlackoutDateAdmin(admin.ModelAdmin):
    list_display = ("date", "reason", "is_public_holiday")
    list_filter = ("is_public_holiday",)
    date_hierarchy = "date"
    search_fields = ("reason",)


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    """Read and annotate here; bookings are made and moved through the
    booking services (admin portal), which lock the schedule."""

    list_display = (
        "reference",
        "service",
        "contact_name",
        "preferred_date",
        "window",
        "status",
        "source",
    )
    list_filter = ("status", "source", "service__category", "preferred_date")
    search_fields = ("reference", "contact_name", "contact_email", "contact_phone")
    list_select_related = ("service", "window", "client")
    date_hierarchy = "preferred_date"
    readonly_fields = [f.name for f in Booking._meta.fields if f.name not in ("admin_notes",)] + [
        "technicians"
    ]
    exclude = ("idempotency_key", "token_version")

    def has_add_permission(self, request):
        return False


@admin.register(BookingFeedback)
class BookingFeedbackAdmin(admin.ModelAdmin):
    """Read-only: customers leave feedback from their tracking or portal page."""

    list_display = ("booking", "rating", "created_at")
    list_filter = ("rating",)
    search_fields = ("booking__reference", "comment")
    list_select_related = ("booking",)
    readonly_fields = ("booking", "rating", "comment", "created_by", "created_at", "updated_at")

    def has_add_permission(self, request):
        return False


@admin.register(BookingPhoto)
class BookingPhotoAdmin(admin.ModelAdmin):
    list_display = ("booking", "width", "height", "size", "created_at")
    list_select_related = ("booking",)
    readonly_fields = [f.name for f in BookingPhoto._meta.fields]

    def has_add_permission(self, request):
        return False
