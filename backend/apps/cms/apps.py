from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "apps.cms"
    label = "cms"
    verbose_name = "Website content"

    def ready(self) -> None:
        from apps.cms.selectors import next_scheduled_change
        from apps.core.public_cache import register_schedule_source

        # Scheduled posts and banner windows change the public site without a
        # write; the public cache rolls over at the next such moment.
        register_schedule_source(next_scheduled_change)
