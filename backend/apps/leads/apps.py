from django.apps import AppConfig


class LeadsConfig(AppConfig):
    name = "apps.leads"
    label = "leads"
    verbose_name = "Clients, bookings, inquiries and quotations"

    def ready(self) -> None:
        from apps.leads import receivers  # noqa: F401  (connects the signal receivers)
