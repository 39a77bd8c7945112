from django.urls import path
from rest_framework.routers import SimpleRouter

from apps.api.v1.admin import content_views, leads_views, views
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

# Inquiries, follow-ups, clients and quotations (issue 7).
L = leads_views
urlpatterns += [
    path("inquiries/", L.InquiryListView.as_view(), name="inquiry-list"),
    path("inquiries/<uuid:pk>/", L.InquiryDetailView.as_view(), name="inquiry-detail"),
    path("inquiries/<uuid:pk>/assign/", L.InquiryAssignView.as_view(), name="inquiry-assign"),
    path("inquiries/<uuid:pk>/status/", L.InquiryStatusView.as_view(), name="inquiry-status"),
    path("inquiries/<uuid:pk>/replies/", L.InquiryStaffReplyView.as_view(), name="inquiry-reply"),
    path("inquiries/<uuid:pk>/notes/", L.InquiryNoteView.as_view(), name="inquiry-note"),
    path("follow-ups/", L.FollowUpListView.as_view(), name="follow-up-list"),
    path(
        "follow-ups/<uuid:pk>/complete/",
        L.FollowUpCompleteView.as_view(),
        name="follow-up-complete",
    ),
    path("clients/", L.ClientListView.as_view(), name="client-list"),
    path("clients/<uuid:pk>/", L.ClientDetailView.as_view(), name="client-detail"),
    path("clients/<uuid:pk>/merge/", L.ClientMergeView.as_view(), name="client-merge"),
    path("clients/<uuid:pk>/sites/", L.ClientSiteCreateView.as_view(), name="client-sites"),
    path("quotations/", L.QuotationListView.as_view(), name="quotation-list"),
    path("quotations/<uuid:pk>/", L.QuotationDetailView.as_view(), name="quotation-detail"),
    path("quotations/<uuid:pk>/send/", L.QuotationSendView.as_view(), name="quotation-send"),
    path("quotations/<uuid:pk>/resend/", L.QuotationResendView.as_view(), name="quotation-resend"),
    path("quotations/<uuid:pk>/revise/", L.QuotationReviseView.as_view(), name="quotation-revise"),
    path(
        "quotations/<uuid:pk>/mark-expired/",
        L.QuotationExpireView.as_view(),
        name="quotation-mark-expired",
    ),
    path(
        "quotations/<uuid:pk>/retry-pdf/",
        L.QuotationRetryPdfView.as_view(),
        name="quotation-retry-pdf",
    ),
    path(
        "quotations/<uuid:pk>/preview.pdf",
        L.QuotationPreviewPdfView.as_view(),
        name="quotation-preview-pdf",
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
