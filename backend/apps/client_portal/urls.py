from django.urls import path

from apps.client_portal import views

app_name = "client_portal"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("profile/details/", views.ProfileDetailsView.as_view(), name="profile-details"),
    path("profile/email/", views.ProfileEmailView.as_view(), name="profile-email"),
    path(
        "profile/preferences/",
        views.ProfilePreferencesView.as_view(),
        name="profile-preferences",
    ),
]
# Sections the bookings, quotations, billing and messaging issues build.
urlpatterns += [
    path(f"{key}/", views.SectionView.as_view(section=key), name=key) for key in views.SECTIONS
]
