from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from apps.core import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("api/", include("apps.api.urls")),
    path("django-admin/", admin.site.urls),
    # Notifications pages (interface modules of apps.notifications; the staff
    # pages move under apps.admin_portal when the portal shell lands).
    path("admin/notifications/", include("apps.notifications.web.admin_urls")),
    path("notifications/", include("apps.notifications.web.public_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("apps.public_site.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
