from django.urls import path

from apps.api.v1.admin import views

app_name = "admin"

urlpatterns = [
    path("bookings/", views.BookingListView.as_view(), name="booking-list"),
    path("users/", views.UserListView.as_view(), name="user-list"),
    path("users/<uuid:pk>/", views.UserDetailView.as_view(), name="user-detail"),
    path("audit-log/", views.AuditLogListView.as_view(), name="audit-log"),
    path("settings/company/", views.CompanySettingsView.as_view(), name="company-settings"),
]
