"""URLs of the content pages, included by apps.admin_portal.urls (names in
the ``admin_portal`` namespace)."""

from django.urls import path

from apps.admin_portal.content import views as v


def crud(prefix: str, list_name: str, name: str, list_view, form_view, delete_view):
    """``<prefix>/`` list, ``new/`` create, ``<id>/`` edit, ``<id>/delete/``."""
    return [
        path(f"{prefix}/", list_view.as_view(), name=list_name),
        path(f"{prefix}/new/", form_view.as_view(), name=f"{name}-create"),
        path(f"{prefix}/<uuid:pk>/", form_view.as_view(), name=f"{name}-edit"),
        path(f"{prefix}/<uuid:pk>/delete/", delete_view.as_view(), name=f"{name}-delete"),
    ]


urlpatterns = [
    *crud(
        "services/categories",
        "categories",
        "category",
        v.CategoryListView,
        v.CategoryFormView,
        v.CategoryDeleteView,
    ),
    *crud(
        "services", "services", "service", v.ServiceListView, v.ServiceFormView, v.ServiceDeleteView
    ),
    *crud(
        "portfolio",
        "portfolio",
        "project",
        v.ProjectListView,
        v.ProjectFormView,
        v.ProjectDeleteView,
    ),
    path("media/", v.MediaListView.as_view(), name="media"),
    path("media/upload/", v.MediaUploadView.as_view(), name="media-upload"),
    path("media/<uuid:pk>/", v.MediaEditView.as_view(), name="media-edit"),
    path("media/<uuid:pk>/delete/", v.MediaDeleteView.as_view(), name="media-delete"),
    *crud("content/pages", "pages", "page", v.PageListView, v.PageFormView, v.PageDeleteView),
    path("content/pages/<uuid:pk>/preview/", v.PagePreviewView.as_view(), name="page-preview"),
    *crud("content/posts", "posts", "post", v.PostListView, v.PostFormView, v.PostDeleteView),
    path("content/posts/<uuid:pk>/preview/", v.PostPreviewView.as_view(), name="post-preview"),
    *crud(
        "content/banners",
        "banners",
        "banner",
        v.BannerListView,
        v.BannerFormView,
        v.BannerDeleteView,
    ),
    *crud(
        "content/testimonials",
        "testimonials",
        "testimonial",
        v.TestimonialListView,
        v.TestimonialFormView,
        v.TestimonialDeleteView,
    ),
    path(
        "content/testimonials/<uuid:pk>/approve/",
        v.TestimonialApprovalView.as_view(approve=True),
        name="testimonial-approve",
    ),
    path(
        "content/testimonials/<uuid:pk>/withdraw/",
        v.TestimonialApprovalView.as_view(approve=False),
        name="testimonial-withdraw",
    ),
    *crud("content/faq", "faq", "faq", v.FAQListView, v.FAQFormView, v.FAQDeleteView),
]
