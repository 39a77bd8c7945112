from django.urls import path

from apps.api.v1.public import availability, content_views, notifications, views

app_name = "public"

urlpatterns = [
    path("company/", views.CompanyView.as_view(), name="company"),
    path(
        "services/<slug:slug>/availability/",
        availability.ServiceAvailabilityView.as_view(),
        name="service-availability",
    ),
    path(
        "sms/delivery-reports/",
        notifications.SmsDeliveryReportView.as_view(),
        name="sms-delivery-report",
    ),
    path("unsubscribe/", notifications.UnsubscribeView.as_view(), name="unsubscribe"),
    # Service catalog, portfolio and content (issue 5).
    path("categories/", content_views.CategoryListView.as_view(), name="category-list"),
    path("services/", content_views.ServiceListView.as_view(), name="service-list"),
    path("services/<slug:slug>/", content_views.ServiceDetailView.as_view(), name="service-detail"),
    path("projects/", content_views.ProjectListView.as_view(), name="project-list"),
    path("projects/<str:key>/", content_views.ProjectDetailView.as_view(), name="project-detail"),
    path("blog/", content_views.PostListView.as_view(), name="post-list"),
    path("blog/<slug:slug>/", content_views.PostDetailView.as_view(), name="post-detail"),
    path("pages/<slug:slug>/", content_views.PageDetailView.as_view(), name="page-detail"),
    path("faq/", content_views.FAQListView.as_view(), name="faq-list"),
    path("testimonials/", content_views.TestimonialListView.as_view(), name="testimonial-list"),
    path("banners/", content_views.BannerListView.as_view(), name="banner-list"),
]
