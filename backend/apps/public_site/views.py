"""The public website's pages.

Each view reads through one domain selector per block (the same ones the
public API uses), renders, and is cached for anonymous visitors with
``cache_public_response``; the content version in the key means an edit is
visible on the next request. Query counts are fixed per page (see the tests,
which name each query); the company's settings, loaded by a context processor
on every page, are one of them.

Staff with the right permission can preview unpublished records by adding
``?preview=1``; signed-in requests are never cached.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from apps.catalog import selectors as catalog
from apps.cms import selectors as cms
from apps.cms.site_search import search_public_content
from apps.core.context_processors import COOKIE_CONSENT_COOKIE
from apps.core.context_processors import request_company_settings as request_company
from apps.core.exceptions import DomainError
from apps.core.public_cache import cache_public_response
from apps.leads import services as lead_services
from apps.leads.models import InquirySource
from apps.portfolio import selectors as portfolio
from apps.public_site import seo
from apps.public_site.forms import ContactForm, PortfolioFilterForm
from apps.public_site.templatetags.booking_slots import next_free_slot
from apps.public_site.throttles import THROTTLED_MESSAGE, inquiry_throttled

CONSENT_CHOICES = ("essential", "all")
CONSENT_MAX_AGE = 60 * 60 * 24 * 365
PROJECTS_PER_PAGE = 12
POSTS_PER_PAGE = 9
TESTIMONIALS_PER_PAGE = 12
MAP_ORIGIN = "https://www.openstreetmap.org"

# Anonymous answers differ by the cookie banner's answer (the banner shows or
# not) and by htmx's partial requests (the portfolio's result list alone).
public_cache = cache_public_response(
    "public-site",
    vary_cookies=(COOKIE_CONSENT_COOKIE,),
    vary_headers=("HX-Request", "HX-History-Restore-Request"),
)

# CMS pages behind the site's fixed addresses (the footer links to these).
POLICY_PAGES = {
    "about": "about",
    "privacy": "privacy-policy",
    "terms": "terms",
    "cookies": "cookie-policy",
}
FIXED_PAGE_URLS = {slug: name for name, slug in POLICY_PAGES.items()}


def home_crumb() -> tuple[str, str]:
    return (_("Home"), reverse("public_site:home"))


def can_preview(request, permission: str) -> bool:
    """Staff who may edit the record see it unpublished with ``?preview=1``."""
    user = request.user
    return bool(
        request.GET.get("preview")
        and user.is_authenticated
        and getattr(user, "is_staff_member", False)
        and user.has_perm(permission)
    )


def paginate(request, queryset, per_page: int):
    """The requested page; 404 for a page that does not exist (no endless
    crawlable copies of the last page)."""
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except PageNotAnInteger as exc:
        raise Http404(_("No such page.")) from exc
    except EmptyPage as exc:
        if paginator.count == 0 and str(request.GET.get("page") or "1") == "1":
            return paginator.page(1) if paginator.num_pages else None
        raise Http404(_("No such page.")) from exc


def moved_to(url: str) -> HttpResponse:
    """An old slug: 301 to the record's current address, query kept out."""
    return HttpResponseRedirect(url, status=301)


# --- Home and CMS pages ----------------------------------------------------------


@require_safe
@public_cache
def home(request):
    company = request_company(request)
    banners = list(cms.active_banners()[:3])
    context = {
        "hero": banners[0] if banners else None,
        "promos": banners[1:],
        "categories": list(catalog.public_categories()),
        "featured_projects": list(portfolio.public_projects(featured_only=True)[:3]),
        "testimonials": list(cms.approved_testimonials()[:3]),
        "seo": seo.page_seo(
            request,
            title=_("Air conditioning, ventilation and refrigeration in Kenya"),
            description=_(
                "Global Cool-Light installs, services and repairs air conditioning, "
                "ventilation and refrigeration for homes, offices, hotels and factories "
                "across East Africa. Book a visit or ask for a quote."
            ),
            image=banners[0].image if banners else None,
            json_ld=[seo.business_ld(company)],
        ),
    }
    return render(request, "public_site/home.html", context)


def _cms_page(request, slug: str, *, canonical_name: str | None = None):
    page, was_moved = cms.page_for_public(
        slug=slug, preview=can_preview(request, "cms.change_page")
    )
    if page is None:
        raise Http404(_("No such page."))
    if was_moved or page.slug != slug:
        return moved_to(page_url(page.slug))
    crumbs = [home_crumb(), (page.title, None)]
    context = {
        "page": page,
        "crumbs": crumbs,
        "seo": seo.page_seo(
            request,
            title=page.seo_title or page.title,
            description=page.seo_description or page.title,
            image=page.og_image,
            crumbs=crumbs,
        ),
    }
    return render(request, "public_site/cms_page.html", context)


def page_url(slug: str) -> str:
    """Where a CMS page lives: its fixed address (about, privacy…) or /p/<slug>/."""
    if slug in FIXED_PAGE_URLS:
        return reverse(f"public_site:{FIXED_PAGE_URLS[slug]}")
    return reverse("public_site:page", kwargs={"slug": slug})


FIXED_PAGE_FALLBACKS = {
    "about": (gettext_lazy("About us"), gettext_lazy("Who we are and how we work.")),
    "privacy": (gettext_lazy("Privacy notice"), gettext_lazy("How we handle your personal data.")),
    "terms": (
        gettext_lazy("Terms of service"),
        gettext_lazy("The terms that apply to our services."),
    ),
    "cookies": (gettext_lazy("Cookie policy"), gettext_lazy("Which cookies we use and why.")),
}


def fixed_page(name: str):
    """A view for one of the fixed addresses, showing its CMS page. The menu
    and footer link there, so until staff publish the page it says it is on
    its way (not indexed) rather than answering 404."""

    @require_safe
    @public_cache
    def view(request):
        try:
            return _cms_page(request, POLICY_PAGES[name])
        except Http404:
            title, summary = FIXED_PAGE_FALLBACKS[name]
            crumbs = [home_crumb(), (title, None)]
            context = {
                "page_title": title,
                "summary": summary,
                "crumbs": crumbs,
                "seo": seo.page_seo(
                    request, title=title, description=summary, robots="noindex, follow"
                ),
            }
            return render(request, "public_site/placeholder.html", context)

    view.__name__ = f"{name}_page"
    return view


@require_safe
@public_cache
def cms_page(request, slug: str):
    if slug in FIXED_PAGE_URLS:
        return moved_to(page_url(slug))
    return _cms_page(request, slug)


# --- Services ----------------------------------------------------------------------


def _group_by_category(services) -> list[tuple]:
    groups: dict = {}
    for service in services:
        groups.setdefault(service.category, []).append(service)
    return list(groups.items())


@require_safe
@public_cache
def services_index(request):
    categories = list(catalog.public_categories())
    groups = _group_by_category(catalog.public_services())
    crumbs = [home_crumb(), (_("Services"), None)]
    context = {
        "categories": categories,
        "groups": groups,
        "crumbs": crumbs,
        "seo": seo.page_seo(
            request,
            title=_("Our services"),
            description=_(
                "Air conditioning installation, maintenance contracts, repairs and gas refills, "
                "cold rooms, ventilation and energy audits, priced in KES."
            ),
            crumbs=crumbs,
        ),
    }
    return render(request, "public_site/services_index.html", context)


@require_safe
@public_cache
def service_category(request, slug: str):
    preview = can_preview(request, "services.change_servicecategory")
    category, was_moved = catalog.category_for_public(slug=slug, preview=preview)
    if category is None:
        raise Http404(_("No such category."))
    if was_moved:
        return moved_to(reverse("public_site:service-category", kwargs={"slug": category.slug}))
    services = list(catalog.public_services(category_slug=category.slug))
    if not services and not preview:
        raise Http404(_("No such category."))
    projects = list(portfolio.public_projects(category_slug=category.slug, ordering="featured")[:3])
    crumbs = [
        home_crumb(),
        (_("Services"), reverse("public_site:services")),
        (category.name, None),
    ]
    context = {
        "category": category,
        "services": services,
        "projects": projects,
        "crumbs": crumbs,
        "seo": seo.page_seo(
            request,
            title=category.seo_title or category.name,
            description=category.seo_description or category.description or category.name,
            image=next((s.hero_image for s in services if s.hero_image_id), None),
            crumbs=crumbs,
        ),
    }
    return render(request, "public_site/service_category.html", context)


@require_safe
@public_cache
def service_detail(request, slug: str):
    preview = can_preview(request, "services.change_service")
    service, was_moved = catalog.service_for_public(slug=slug, preview=preview)
    if service is None:
        raise Http404(_("No such service."))
    if was_moved:
        return moved_to(reverse("public_site:service", kwargs={"slug": service.slug}))
    company = request_company(request)
    related = portfolio.projects_for_service(service=service, limit=3)
    crumbs = [
        home_crumb(),
        (_("Services"), reverse("public_site:services")),
        (
            service.category.name,
            reverse("public_site:service-category", kwargs={"slug": service.category.slug}),
        ),
        (service.name, None),
    ]
    url = seo.canonical_url(request)
    context = {
        "service": service,
        "specs": service.specs or [],
        "visit_length": duration_text(service.visit_duration_minutes),
        "related_projects": related,
        "crumbs": crumbs,
        "service_book_url": f"{reverse('public_site:book')}?service={service.slug}",
        "service_quote_url": f"{reverse('public_site:quote')}?service={service.slug}",
        "preview": preview,
        "seo": seo.page_seo(
            request,
            title=service.seo_title or service.name,
            description=service.seo_description or service.summary or service.name,
            image=service.hero_image,
            crumbs=crumbs,
            json_ld=[seo.service_ld(service, company, url)],
        ),
    }
    return render(request, "public_site/service_detail.html", context)


@require_safe
@never_cache
def service_next_free_slot(request, slug: str):
    """The "Next free visit" line of a service page, fetched by htmx after the
    page loads (``hx-trigger="load"``).

    It is not part of the service page because that page is cached until the
    content changes (up to PUBLIC_CACHE_TIMEOUT), and a booking is not a
    content change: a slot inside it would stay on show long after it was
    taken. Here the answer is at most NEXT_SLOT_CACHE_SECONDS (120 s) old
    (the template tag's own per-service cache), and browsers are told not to
    keep it. Without JavaScript the line is simply absent; "Book a service"
    shows the same free windows on its calendar.

    Rendered without the request's context processors (the line needs no
    company settings): queries on a miss are the service, then
    ``next_free_slots`` (booking rules, company hours, windows, closed dates,
    category limits, occupancy, and the category's occupancy when it has
    limits); on a hit, the service alone."""
    service, _moved = catalog.service_for_public(slug=slug)
    if service is None:
        raise Http404(_("No such service."))
    html = render_to_string("public_site/booking/_next_free_slot.html", next_free_slot(service))
    return HttpResponse(html)


def large_image_url(asset) -> str:
    """The widest rendition (what a gallery link opens), or the original."""
    renditions = [r for r in (asset.renditions or []) if r.get("fallback")]
    name = renditions[-1]["fallback"] if renditions else asset.file.name
    return default_storage.url(name)


def duration_text(minutes: int) -> str:
    """``240`` → ``4 h``; ``150`` → ``2 h 30 min``; ``45`` → ``45 min``."""
    hours, rest = divmod(int(minutes or 0), 60)
    if not hours:
        return _("%(m)d min") % {"m": rest}
    if not rest:
        return _("%(h)d h") % {"h": hours}
    return _("%(h)d h %(m)d min") % {"h": hours, "m": rest}


# --- Portfolio ---------------------------------------------------------------------


@require_safe
@public_cache
def portfolio_index(request):
    services = list(catalog.public_services())
    categories = list(dict.fromkeys(service.category for service in services))
    towns, years = portfolio.project_filter_options()
    form = PortfolioFilterForm(
        request.GET, services=services, categories=categories, towns=towns, years=years
    )
    filters = form.filters()
    page = paginate(request, portfolio.public_projects(**filters), PROJECTS_PER_PAGE)
    active = any(v for k, v in filters.items() if k != "ordering")
    crumbs = [home_crumb(), (_("Portfolio"), None)]
    context = {
        "form": form,
        "page": page,
        "projects": page.object_list if page else [],
        "filters_active": active,
        "crumbs": crumbs,
        "seo": seo.page_seo(
            request,
            title=_("Our work: air conditioning and refrigeration projects"),
            description=_(
                "Offices, hotels, hospitals, homes and cold rooms we have fitted and look after "
                "in Nairobi, Mombasa, Kisumu and Nakuru."
            ),
            keep=() if active else ("page",),
            robots="noindex, follow" if active else "index, follow",
            crumbs=crumbs,
        ),
    }
    partial = request.headers.get("HX-Request") and not request.headers.get(
        "HX-History-Restore-Request"
    )
    template = "public_site/_portfolio_results.html" if partial else "public_site/portfolio.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@require_safe
@public_cache
def project_detail(request, slug: str):
    preview = can_preview(request, "portfolio.change_project")
    project, was_moved = portfolio.project_for_public(key=slug, preview=preview)
    if project is None:
        raise Http404(_("No such project."))
    if was_moved or project.slug != slug:
        return moved_to(reverse("public_site:project", kwargs={"slug": project.slug}))
    images = list(project.images.all())
    for image in images:
        image.large_url = large_image_url(image.asset)
    crumbs = [
        home_crumb(),
        (_("Portfolio"), reverse("public_site:portfolio")),
        (project.title, None),
    ]
    context = {
        "project": project,
        "images": images,
        "services": list(project.services.all()),
        "crumbs": crumbs,
        "preview": preview,
        "seo": seo.page_seo(
            request,
            title=project.seo_title or project.title,
            description=project.seo_description or project.summary or project.title,
            image=images[0].asset if images else None,
            og_type="article",
            crumbs=crumbs,
        ),
    }
    return render(request, "public_site/project_detail.html", context)


# --- Blog --------------------------------------------------------------------------


@require_safe
@public_cache
def blog_index(request):
    tag = request.GET.get("tag", "").strip().lower()[:40]
    page = paginate(request, cms.public_posts(tag=tag), POSTS_PER_PAGE)
    if tag and page is not None and page.paginator.count == 0:
        raise Http404(_("No posts with this tag."))
    crumbs = [home_crumb(), (_("Blog"), reverse("public_site:blog") if tag else None)]
    if tag:
        crumbs.append((f"#{tag}", None))
    context = {
        "page": page,
        "posts": page.object_list if page else [],
        "tags": cms.post_tags(),
        "tag": tag,
        "crumbs": crumbs,
        "seo": seo.page_seo(
            request,
            title=_("Posts tagged “%(tag)s”") % {"tag": tag} if tag else _("Blog"),
            description=_(
                "Advice on choosing, running and looking after air conditioning and "
                "refrigeration in Kenya's climate."
            ),
            keep=("tag", "page"),
            crumbs=crumbs,
        ),
    }
    return render(request, "public_site/blog_index.html", context)


@require_safe
@public_cache
def blog_post(request, slug: str):
    preview = can_preview(request, "cms.change_blogpost")
    post, was_moved = cms.post_for_public(slug=slug, preview=preview)
    if post is None:
        raise Http404(_("No such post."))
    if was_moved:
        return moved_to(reverse("public_site:post", kwargs={"slug": post.slug}))
    company = request_company(request)
    crumbs = [home_crumb(), (_("Blog"), reverse("public_site:blog")), (post.title, None)]
    url = seo.canonical_url(request)
    context = {
        "post": post,
        "crumbs": crumbs,
        "preview": preview,
        "more_posts": [p for p in cms.public_posts()[:4] if p.pk != post.pk][:3],
        "seo": seo.page_seo(
            request,
            title=post.seo_title or post.title,
            description=post.seo_description or post.excerpt or post.title,
            image=post.cover,
            og_type="article",
            crumbs=crumbs,
            json_ld=[seo.article_ld(post, company, url)],
        ),
    }
    return render(request, "public_site/blog_post.html", context)


# --- Contact, FAQ, testimonials, search ----------------------------------------------


class ContactView(View):
    """The contact details, a map on request, and the contact form. The form
    posts here; a valid message becomes an inquiry (``create_inquiry`` with
    the contact page as its source: routed to a salesperson, confirmed to the
    sender, in the staff inbox), then the visitor lands on a thank-you page.

    Messages sent before inquiries existed stay readable as ``cms.ContactMessage``
    in the Django admin; no new ones are written."""

    template_name = "public_site/contact.html"

    def get(self, request):
        response = _cached_contact_page(request, self)
        if request.GET.get("map") == "1":
            # The map's frame is allowed on this answer only, once asked for
            # (set outside the cache: the header is not stored with the page).
            response._csp_update = {"frame-src": [MAP_ORIGIN]}
        return response

    def post(self, request):
        form = ContactForm(request.POST)
        if form.is_spam:
            # Robots are told it worked, and nothing is stored or sent.
            return redirect("public_site:contact-sent")
        if not form.is_valid():
            return self.render(request, form, status=400)
        if inquiry_throttled(request):
            form.add_error(None, THROTTLED_MESSAGE)
            return self.render(request, form, status=429)
        data = form.cleaned_data
        user = request.user
        client_user = user if user.is_authenticated and user.is_client else None
        try:
            lead_services.create_inquiry(
                source=InquirySource.CONTACT_PAGE,
                name=data["name"],
                email=data["email"],
                phone=data["phone"] or "",
                subject=data["subject"],
                message=data["message"],
                user=client_user,
                actor=client_user,
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            return self.render(request, form, status=400)
        return redirect("public_site:contact-sent")

    def render(self, request, form, *, status: int):
        company = request_company(request)
        show_map = request.GET.get("map") == "1"
        crumbs = [home_crumb(), (_("Contact"), None)]
        lat, lon = settings.CONTACT_MAP_LATITUDE, settings.CONTACT_MAP_LONGITUDE
        context = {
            "form": form,
            "crumbs": crumbs,
            "show_map": show_map,
            "map_embed_url": (
                f"{MAP_ORIGIN}/export/embed.html?"
                f"bbox={lon - 0.01:.4f}%2C{lat - 0.006:.4f}%2C{lon + 0.01:.4f}%2C{lat + 0.006:.4f}"
                f"&layer=mapnik&marker={lat:.4f}%2C{lon:.4f}"
            ),
            "map_link_url": (
                f"{MAP_ORIGIN}/?mlat={lat:.4f}&mlon={lon:.4f}#map=16/{lat:.4f}/{lon:.4f}"
            ),
            "seo": seo.page_seo(
                request,
                title=_("Contact us"),
                description=_(
                    "Call, WhatsApp or write to Global Cool-Light: our phone numbers, "
                    "address and opening hours."
                ),
                crumbs=crumbs,
                json_ld=[seo.business_ld(company)],
            ),
        }
        return render(request, self.template_name, context, status=status)


@public_cache
def _cached_contact_page(request, view: ContactView):
    return view.render(request, ContactForm(), status=200)


contact = ContactView.as_view()


@require_safe
@public_cache
def contact_sent(request):
    crumbs = [home_crumb(), (_("Contact"), reverse("public_site:contact")), (_("Sent"), None)]
    context = {
        "crumbs": crumbs,
        "seo": seo.page_seo(
            request,
            title=_("Thank you for your message"),
            description=_("We have your message and will answer soon."),
            robots="noindex, follow",
            crumbs=crumbs,
        ),
    }
    return render(request, "public_site/contact_sent.html", context)


@require_safe
@public_cache
def faq(request):
    groups: dict[str, list] = {}
    for entry in cms.public_faq():
        groups.setdefault(entry.category or _("General"), []).append(entry)
    crumbs = [home_crumb(), (_("Frequently asked questions"), None)]
    context = {
        "groups": list(groups.items()),
        "crumbs": crumbs,
        "seo": seo.page_seo(
            request,
            title=_("Frequently asked questions"),
            description=_(
                "Answers about installation, maintenance, prices, payment and warranties."
            ),
            crumbs=crumbs,
        ),
    }
    return render(request, "public_site/faq.html", context)


@require_safe
@public_cache
def testimonials(request):
    page = paginate(request, cms.approved_testimonials(), TESTIMONIALS_PER_PAGE)
    crumbs = [home_crumb(), (_("What clients say"), None)]
    context = {
        "page": page,
        "testimonials": page.object_list if page else [],
        "crumbs": crumbs,
        "seo": seo.page_seo(
            request,
            title=_("What our clients say"),
            description=_("Homes, offices, hotels and farms on working with Global Cool-Light."),
            keep=("page",),
            crumbs=crumbs,
        ),
    }
    return render(request, "public_site/testimonials.html", context)


@require_safe
@public_cache
def search(request):
    query = request.GET.get("q", "").strip()[:100]
    results = search_public_content(query=query)
    crumbs = [home_crumb(), (_("Search"), None)]
    context = {
        "query": query,
        "results": results,
        "crumbs": crumbs,
        "seo": seo.page_seo(
            request,
            title=_("Search results for “%(q)s”") % {"q": query} if query else _("Search"),
            description=_("Search our services, projects and articles."),
            robots="noindex, follow",
            crumbs=crumbs,
        ),
    }
    return render(request, "public_site/search.html", context)


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /portal/",
        "Disallow: /accounts/",
        "Disallow: /api/",
        "Disallow: /django-admin/",
        "Disallow: /search/",
        "Disallow: /cookies/consent/",
        "Disallow: /notifications/",
        "",
        f"Sitemap: {settings.SITE_URL}{reverse('public_site:sitemap')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


# --- The cookie banner --------------------------------------------------------------


class CookieConsentView(View):
    """Remembers the visitor's answer to the cookie banner. Works without
    JavaScript: the banner is a form. Nothing non-essential is set before
    the answer is "all" (analytics reads ``cookie_consent`` in templates)."""

    def post(self, request):
        choice = request.POST.get("choice", "")
        target = request.POST.get("next") or "/"
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = "/"
        response = HttpResponseRedirect(target)
        if choice in CONSENT_CHOICES:
            response.set_cookie(
                COOKIE_CONSENT_COOKIE,
                choice,
                max_age=CONSENT_MAX_AGE,
                samesite="Lax",
                secure=request.is_secure(),
                httponly=True,
            )
        return response
