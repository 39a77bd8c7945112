from django.apps import AppConfig


class CatalogConfig(AppConfig):
    """The service catalog (categories, services, their specs).

    The package is ``apps.catalog`` but the app label stays ``services``: the
    tables (``services_service``…), the migration history (``django_migrations``
    rows with app ``services``), content types, permissions
    (``services.change_service``…) and every migration dependency on
    ``("services", …)`` are keyed by the label, so keeping it leaves every
    existing database as it is.
    """

    name = "apps.catalog"
    label = "services"
    verbose_name = "Service catalog"
