from django.urls import path
from rest_framework.routers import SimpleRouter

from apps.api.v1.admin import content_views, views

app_name = "admin"

urlpatterns = [
    path("users/", views.UserListView.as_view(), name="user-list"),
    path("users/<uuid:pk>/", views.UserDetailView.as_view(), name="user-detail"),
    path("audit-log/", views.AuditLogListView.as_view(), name="audit-log"),
    path("settings/company/", views.CompanySettingsView.as_view(), name="company-settings"),
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
