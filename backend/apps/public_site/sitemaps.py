"""``/sitemap.xml``: every public page, with addresses on ``SITE_URL`` (not on
whatever host the request came in on). One query per section: items are
lists, so the sitemap's paginator counts them without another query (each
section is far below the 50,000 addresses a sitemap page holds)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from apps.catalog import selectors as catalog
from apps.cms import selectors as cms
from apps.portfolio import selectors as portfolio


class SiteUrlSitemap(Sitemap):
    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class StaticPagesSitemap(SiteUrlSitemap):
    changefreq = "weekly"

    def items(self):
        return ["home", "services", "portfolio", "blog", "contact", "faq", "testimonials"]

    def location(self, item):
        return reverse(f"public_site:{item}")

    def priority(self, item):
        return 1.0 if item == "home" else 0.8


class CategorySitemap(SiteUrlSitemap):
    changefreq = "monthly"
    priority = 0.7

    def items(self):
        return list(catalog.public_categories())

    def location(self, item):
        return reverse("public_site:service-category", kwargs={"slug": item.slug})

    def lastmod(self, item):
        return item.updated_at


class ServiceSitemap(SiteUrlSitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return list(catalog.public_services().select_related(None).only("slug", "updated_at"))

    def location(self, item):
        return reverse("public_site:service", kwargs={"slug": item.slug})

    def lastmod(self, item):
        return item.updated_at


class ProjectSitemap(SiteUrlSitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return list(portfolio.public_projects().prefetch_related(None).only("slug", "updated_at"))

    def location(self, item):
        return reverse("public_site:project", kwargs={"slug": item.slug})

    def lastmod(self, item):
        return item.updated_at


class PostSitemap(SiteUrlSitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return list(
            cms.public_posts().select_related(None).only("slug", "updated_at", "published_at")
        )

    def location(self, item):
        return reverse("public_site:post", kwargs={"slug": item.slug})

    def lastmod(self, item):
        return item.updated_at


class PageSitemap(SiteUrlSitemap):
    changefreq = "yearly"
    priority = 0.4

    def items(self):
        return list(cms.public_pages().only("slug", "updated_at"))

    def location(self, item):
        from apps.public_site.views import page_url

        return page_url(item.slug)

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "categories": CategorySitemap,
    "services": ServiceSitemap,
    "projects": ProjectSitemap,
    "posts": PostSitemap,
    "cms": PageSitemap,
}
