from django.contrib.sitemaps.views import sitemap
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from apps.public_site import views
from apps.public_site.sitemaps import SITEMAPS

app_name = "public_site"


def _placeholder(slug: str, title, summary):
    return path(
        f"{slug}/",
        views.PlaceholderPageView.as_view(page_title=title, summary=summary),
        name=slug,
    )


urlpatterns = [
    path("", views.home, name="home"),
    path("robots.txt", views.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        views.public_cache(sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("cookies/consent/", views.CookieConsentView.as_view(), name="cookie-consent"),
    # Service catalog. Categories live under /services/category/ so a service
    # slug can never shadow one.
    path("services/", views.services_index, name="services"),
    path("services/category/<slug:slug>/", views.service_category, name="service-category"),
    path("services/<slug:slug>/", views.service_detail, name="service"),
    # Portfolio (slug or, from the API's links, the project's id).
    path("portfolio/", views.portfolio_index, name="portfolio"),
    path("portfolio/<str:slug>/", views.project_detail, name="project"),
    path("projects/", RedirectView.as_view(pattern_name="public_site:portfolio", permanent=True)),
    # Blog
    path("blog/", views.blog_index, name="blog"),
    path("blog/<slug:slug>/", views.blog_post, name="post"),
    # Company pages
    path("about/", views.fixed_page("about"), name="about"),
    path("contact/", views.contact, name="contact"),
    path("contact/sent/", views.contact_sent, name="contact-sent"),
    path("faq/", views.faq, name="faq"),
    path("testimonials/", views.testimonials, name="testimonials"),
    path("search/", views.search, name="search"),
    path("privacy/", views.fixed_page("privacy"), name="privacy"),
    path("terms/", views.fixed_page("terms"), name="terms"),
    path("cookies/", views.fixed_page("cookies"), name="cookies"),
    # Any other page managed in the CMS, under /p/ so it never hides a route.
    path("p/<slug:slug>/", views.cms_page, name="page"),
    # The booking and quotation flows are built by their own issues.
    _placeholder("book", _("Book a service"), _("Pick a free time slot for a visit.")),
    _placeholder(
        "quote", _("Request a quote"), _("Tell us what you need, with photos if you like.")
    ),
]
