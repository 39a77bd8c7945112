from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from apps.core import errors, health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("api/", include("apps.api.urls")),
    # Every other /api path: the API's JSON 404, under DEBUG too (see the view).
    re_path(r"^api(?:/|$)", errors.unknown_api_path, name="api-not-found"),
    path("django-admin/", admin.site.urls),
    # The admin portal's message pages keep their own namespace (notifications_admin).
    path("admin/notifications/", include("apps.admin_portal.notifications.urls")),
    path("notifications/", include("apps.notifications.web.public_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("apps.accounts.urls")),
    path("admin/", include("apps.admin_portal.urls")),
    path("portal/", include("apps.client_portal.urls")),
    path("", include("apps.public_site.urls")),
]

# Error pages in the site's look (templates/400.html … 500.html); 500 renders
# without context processors, so it needs no database.
handler400 = "apps.core.errors.bad_request"
handler403 = "apps.core.errors.permission_denied"
handler404 = "apps.core.errors.page_not_found"
handler500 = "apps.core.errors.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
