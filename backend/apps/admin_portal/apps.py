from django.apps import AppConfig


class AdminPortalConfig(AppConfig):
    name = "apps.admin_portal"
    label = "admin_portal"
    verbose_name = "Admin portal"

    def ready(self) -> None:
        from apps.admin_portal import search_sources

        search_sources.register_all()
