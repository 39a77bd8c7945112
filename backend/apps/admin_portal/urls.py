from django.urls import include, path

from apps.admin_portal import views
from apps.admin_portal.navigation import PLACEHOLDERS

app_name = "admin_portal"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("styleguide/", views.StyleguideView.as_view(), name="styleguide"),
    path("users/", views.UserListView.as_view(), name="users"),
    path("users/invite/", views.InviteStaffView.as_view(), name="user-invite"),
    path("users/<uuid:user_id>/", views.UserDetailView.as_view(), name="user-detail"),
    path(
        "users/<uuid:user_id>/deactivate/",
        views.UserActiveView.as_view(activate=False),
        name="user-deactivate",
    ),
    path(
        "users/<uuid:user_id>/reactivate/",
        views.UserActiveView.as_view(activate=True),
        name="user-reactivate",
    ),
    path("audit-log/", views.AuditLogView.as_view(), name="audit-log"),
    path("settings/", views.SettingsView.as_view(), name="settings"),
    # Website content: catalog, portfolio, media library, CMS (issue 5).
    path("", include("apps.admin_portal.content.urls")),
]

# Sections other issues build: a placeholder page each until then. An issue
# that builds one removes its line from navigation.PLACEHOLDERS' source.
urlpatterns += [
    path(f"{key}/", views.PlaceholderView.as_view(section=key), name=key) for key in PLACEHOLDERS
]
