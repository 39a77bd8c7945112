from django.contrib import admin
from solo.admin import SingletonModelAdmin

from apps.core.models import AuditLog, CompanySettings


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor_label", "action", "target_type", "target_label", "ip")
    list_filter = ("action", "target_type", "created_at")
    search_fields = ("actor_label", "action", "target_id", "target_label", "request_id")
    date_hierarchy = "created_at"
    list_select_related = ("actor",)
    readonly_fields = [f.name for f in AuditLog._meta.fields]

    # The audit trail is append-only, even for superusers.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CompanySettings)
class CompanySettingsAdmin(SingletonModelAdmin):
    fieldsets = (
        (None, {"fields": ("name", "tagline", "logo")}),
        (
            "Contacts",
            {
                "fields": (
                    "address",
                    "phone_primary",
                    "phone_secondary",
                    "email",
                    "whatsapp_number",
                    "business_hours",
                )
            },
        ),
        ("Money", {"fields": ("currency", "vat_rate", "kra_pin")}),
        (
            "Documents",
            {"fields": ("quote_validity_days", "invoice_due_days", "quote_terms", "invoice_terms")},
        ),
    )
