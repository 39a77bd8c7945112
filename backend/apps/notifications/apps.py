from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _refresh_email_templates(sender, **kwargs) -> None:
    # Function-level: apps.py is imported while the app registry is being
    # filled, before models can be; the services package imports models.
    from apps.notifications.services import load_email_templates

    load_email_templates(overwrite=False)


class NotificationsConfig(AppConfig):
    name = "apps.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        # The built-in campaign segments; other apps register theirs in their
        # own ready() (see apps.notifications.segments). Imported here, not at
        # the top: it imports models, which apps.py is loaded too early for.
        from apps.notifications import segments  # noqa: F401

        # After every migrate (so at every deploy) new message keys get their
        # shipped texts and untouched templates follow the shipped files;
        # templates staff edited are left alone.
        post_migrate.connect(
            _refresh_email_templates, sender=self, dispatch_uid="notifications.templates"
        )
