"""/admin/notifications/…: the notification log, e-mail templates, campaigns."""

from django.urls import path

from apps.admin_portal.notifications import views as v

app_name = "notifications_admin"

urlpatterns = [
    path("", v.NotificationListView.as_view(), name="notification-list"),
    path("<uuid:pk>/", v.NotificationDetailView.as_view(), name="notification-detail"),
    path("<uuid:pk>/html/", v.NotificationFrameView.as_view(), name="notification-frame"),
    path("<uuid:pk>/resend/", v.NotificationResendView.as_view(), name="notification-resend"),
    path("templates/", v.TemplateListView.as_view(), name="template-list"),
    path("templates/<slug:key>/", v.TemplateEditView.as_view(), name="template-edit"),
    path(
        "templates/<slug:key>/preview/",
        v.TemplatePreviewView.as_view(),
        name="template-preview",
    ),
    path(
        "templates/<slug:key>/preview/<str:token>/",
        v.TemplatePreviewFrameView.as_view(),
        name="template-preview-frame",
    ),
    path("templates/<slug:key>/reset/", v.TemplateResetView.as_view(), name="template-reset"),
    path("campaigns/", v.CampaignListView.as_view(), name="campaign-list"),
    path("campaigns/new/", v.CampaignFormView.as_view(), name="campaign-create"),
    path("campaigns/<uuid:pk>/", v.CampaignDetailView.as_view(), name="campaign-detail"),
    path(
        "campaigns/<uuid:pk>/edit/",
        v.CampaignFormView.as_view(editing=True),
        name="campaign-edit",
    ),
    path("campaigns/<uuid:pk>/html/", v.CampaignFrameView.as_view(), name="campaign-frame"),
    path(
        "campaigns/<uuid:pk>/progress/",
        v.CampaignProgressView.as_view(),
        name="campaign-progress",
    ),
    # send / cancel / test
    path(
        "campaigns/<uuid:pk>/<str:action>/",
        v.CampaignActionView.as_view(),
        name="campaign-action",
    ),
]
