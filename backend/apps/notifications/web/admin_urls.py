from django.urls import path

from apps.notifications.web import admin_views as v

app_name = "notifications_admin"

urlpatterns = [
    path("", v.notification_list, name="notification-list"),
    path("<uuid:pk>/", v.notification_detail, name="notification-detail"),
    path("<uuid:pk>/resend/", v.notification_resend, name="notification-resend"),
    path("templates/", v.template_list, name="template-list"),
    path("templates/<slug:key>/", v.template_edit, name="template-edit"),
    path("campaigns/", v.campaign_list, name="campaign-list"),
    path("campaigns/new/", v.campaign_create, name="campaign-create"),
    path("campaigns/<uuid:pk>/", v.campaign_detail, name="campaign-detail"),
    path("campaigns/<uuid:pk>/progress/", v.campaign_progress, name="campaign-progress"),
    path("campaigns/<uuid:pk>/<str:action>/", v.campaign_action, name="campaign-action"),
]
