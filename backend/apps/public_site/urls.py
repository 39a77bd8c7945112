from django.contrib.sitemaps.views import sitemap
from django.urls import path
from django.views.generic import RedirectView

from apps.public_site import (
    booking_lookup,
    booking_views,
    offers_views,
    photo_views,
    quote_request,
    quote_views,
    views,
)
from apps.public_site.sitemaps import SITEMAPS

app_name = "public_site"


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
    # The quotation link from the e-mail and the PDF's QR code (issue 7).
    path("quotes/<str:token>/", quote_views.QuotePageView.as_view(), name="quote-view"),
    path("quotes/<str:token>/pdf/", quote_views.QuotePdfView.as_view(), name="quote-pdf"),
    # The double opt-in link of a public form's offers box (apps.leads.links).
    path(
        "offers/confirm/<str:token>/",
        offers_views.OffersConfirmView.as_view(),
        name="offers-confirm",
    ),
    # Service catalog. Categories live under /services/category/ so a service
    # slug can never shadow one.
    path("services/", views.services_index, name="services"),
    path("services/category/<slug:slug>/", views.service_category, name="service-category"),
    path("services/<slug:slug>/", views.service_detail, name="service"),
    path(
        "services/<slug:slug>/next-free-slot/",
        views.service_next_free_slot,
        name="service-next-free-slot",
    ),
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
    # Booking (apps/public_site/booking_views.py). The tracking path is the
    # one apps.leads.links puts in e-mails.
    path("book/", booking_views.BookView.as_view(), name="book"),
    path(
        "book/availability/",
        booking_views.AvailabilityPartialView.as_view(),
        name="booking-availability",
    ),
    path(
        "book/confirmed/<str:token>/",
        booking_views.BookingConfirmedView.as_view(),
        name="booking-confirmed",
    ),
    path("bookings/find/", booking_lookup.FindBookingView.as_view(), name="booking-find"),
    path(
        "bookings/track/<str:token>/",
        booking_views.TrackBookingView.as_view(),
        name="booking-track",
    ),
    path(
        "bookings/photos/<uuid:photo_id>/",
        photo_views.BookingPhotoView.as_view(),
        name="booking-photo",
    ),
    path(
        "bookings/track/<str:token>/calendar.ics",
        booking_views.BookingCalendarView.as_view(),
        name="booking-calendar",
    ),
    path(
        "bookings/track/<str:token>/reschedule/",
        booking_views.TrackActionView.as_view(action="reschedule"),
        name="booking-track-reschedule",
    ),
    path(
        "bookings/track/<str:token>/cancel/",
        booking_views.TrackActionView.as_view(action="cancel"),
        name="booking-track-cancel",
    ),
    path(
        "bookings/track/<str:token>/photos/",
        booking_views.TrackActionView.as_view(action="photos"),
        name="booking-track-photos",
    ),
    path(
        "bookings/track/<str:token>/feedback/",
        booking_views.TrackActionView.as_view(action="feedback"),
        name="booking-track-feedback",
    ),
    # Request a quote (apps/public_site/quote_request.py).
    path("quote/", quote_request.QuoteRequestView.as_view(), name="quote"),
    path(
        "quote/sent/<str:token>/", quote_request.QuoteRequestSentView.as_view(), name="quote-sent"
    ),
]
