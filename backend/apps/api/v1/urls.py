from django.urls import include, path

urlpatterns = [
    path("auth/", include("apps.api.v1.auth.urls")),
    path("public/", include("apps.api.v1.public.urls")),
    path("leads/", include("apps.api.v1.leads.urls")),
    path("admin/", include("apps.api.v1.admin.urls")),
]
