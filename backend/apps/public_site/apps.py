from django.apps import AppConfig


class PublicSiteConfig(AppConfig):
    name = "apps.public_site"
    label = "public_site"
    verbose_name = "Public website"
