"""The Django admin is an escape hatch for superusers, not the staff's tool."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class SuperuserAdminSite(admin.AdminSite):
    site_header = "Global Cool-Light — Django admin (superusers)"
    site_title = "Global Cool-Light Django admin"
    index_title = "Escape hatch: staff work in the admin portal at /admin/"

    def has_permission(self, request) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)


class CoolLightAdminConfig(AdminConfig):
    default_site = "apps.core.admin_site.SuperuserAdminSite"
