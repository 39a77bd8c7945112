from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "apps.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        # The built-in campaign segments; other apps register theirs in their
        # own ready() (see apps.notifications.segments).
        from apps.notifications import segments  # noqa: F401
