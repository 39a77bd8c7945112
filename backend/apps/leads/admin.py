from django.contrib import admin

from apps.leads.models import Client


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    list_display = ("name", "company", "email", "phone", "town", "marketing_opt_in", "created_at")
    list_filter = ("marketing_opt_in", "accepts_sms", "town")
    search_fields = ("name", "company", "email", "phone")
    raw_id_fields = ("user",)
    readonly_fields = ("created_at", "updated_at", "marketing_opt_in_at")
