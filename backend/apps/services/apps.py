from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "apps.services"
    label = "services"
    verbose_name = "Service catalog"
