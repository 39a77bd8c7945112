from django.urls import path
from rest_framework.routers import SimpleRouter

from apps.api.v1.admin import content_views, views
from apps.api.v1.admin import notifications as n

app_name = "admin"

urlpatterns = [
    path("bookings/", views.BookingListView.as_view(), name="booking-list"),
    path("users/", views.UserListView.as_view(), name="user-list"),
    path("users/<uuid:pk>/", views.UserDetailView.as_view(), name="user-detail"),
    path("audit-log/", views.AuditLogListView.as_view(), name="audit-log"),
    path("settings/company/", views.CompanySettingsView.as_view(), name="company-settings"),
    # Notifications: the log, sending, e-mail templates, campaigns.
    path("notifications/", n.NotificationListView.as_view(), name="notification-list"),
    path("notifications/send/", n.NotificationSendView.as_view(), name="notification-send"),
    path(
        "notifications/<uuid:pk>/", n.NotificationDetailView.as_view(), name="notification-detail"
    ),
    path(
        "notifications/<uuid:pk>/resend/",
        n.NotificationResendView.as_view(),
        name="notification-resend",
    ),
    path("notifications/templates/", n.EmailTemplateListView.as_view(), name="template-list"),
    path(
        "notifications/templates/<slug:key>/",
        n.EmailTemplateDetailView.as_view(),
        name="template-detail",
    ),
    path(
        "notifications/templates/<slug:key>/preview/",
        n.EmailTemplatePreviewView.as_view(),
        name="template-preview",
    ),
    path(
        "notifications/templates/<slug:key>/send-test/",
        n.EmailTemplateSendTestView.as_view(),
        name="template-send-test",
    ),
    path("notifications/segments/", n.SegmentListView.as_view(), name="segment-list"),
    path("notifications/campaigns/", n.CampaignListView.as_view(), name="campaign-list"),
    path(
        "notifications/campaigns/<uuid:pk>/",
        n.CampaignDetailView.as_view(),
        name="campaign-detail",
    ),
    path(
        "notifications/campaigns/<uuid:pk>/preview/",
        n.CampaignPreviewView.as_view(),
        name="campaign-preview",
    ),
    path(
        "notifications/campaigns/<uuid:pk>/send-test/",
        n.CampaignSendTestView.as_view(),
        name="campaign-send-test",
    ),
    path(
        "notifications/campaigns/<uuid:pk>/send/",
        n.CampaignSendView.as_view(),
        name="campaign-send",
    ),
    path(
        "notifications/campaigns/<uuid:pk>/cancel/",
        n.CampaignCancelView.as_view(),
        name="campaign-cancel",
    ),
    path(
        "notifications/campaigns/<uuid:pk>/recipients/",
        n.CampaignRecipientListView.as_view(),
        name="campaign-recipients",
    ),
    path(
        "notifications/campaigns/<uuid:pk>/progress/",
        n.CampaignProgressView.as_view(),
        name="campaign-progress",
    ),
]

# Service catalog, portfolio, media library and CMS (issue 5).
content = SimpleRouter()
content.register("categories", content_views.CategoryViewSet, basename="category")
content.register("services", content_views.ServiceViewSet, basename="service")
content.register("projects", content_views.ProjectViewSet, basename="project")
content.register("media", content_views.MediaViewSet, basename="media")
content.register("pages", content_views.PageViewSet, basename="page")
content.register("posts", content_views.PostViewSet, basename="post")
content.register("banners", content_views.BannerViewSet, basename="banner")
content.register("testimonials", content_views.TestimonialViewSet, basename="testimonial")
content.register("faq", content_views.FAQViewSet, basename="faq")
urlpatterns += content.urls
