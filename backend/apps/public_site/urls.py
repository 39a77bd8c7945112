from django.urls import path
from django.utils.translation import gettext_lazy as _

from apps.public_site import booking_views, views

app_name = "public_site"


def _placeholder(slug: str, title, summary):
    return path(
        f"{slug}/",
        views.PlaceholderPageView.as_view(page_title=title, summary=summary),
        name=slug,
    )


urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("cookies/consent/", views.CookieConsentView.as_view(), name="cookie-consent"),
    # Pages the content, booking and quotation issues fill in; until then each
    # says what it will hold and how to reach the company meanwhile.
    _placeholder(
        "services",
        _("Our services"),
        _(
            "Installation, maintenance and repair of air conditioning, ventilation "
            "and refrigeration."
        ),
    ),
    _placeholder("portfolio", _("Our work"), _("Projects we have delivered across East Africa.")),
    _placeholder("about", _("About us"), _("Who we are and how we work.")),
    _placeholder("blog", _("Blog"), _("Advice on keeping cool, efficient and safe.")),
    _placeholder("contact", _("Contact us"), _("Call, write or visit us.")),
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
    path(
        "bookings/track/<str:token>/",
        booking_views.TrackBookingView.as_view(),
        name="booking-track",
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
        "bookings/track/<str:token>/feedback/",
        booking_views.TrackActionView.as_view(action="feedback"),
        name="booking-track-feedback",
    ),
    _placeholder(
        "quote", _("Request a quote"), _("Tell us what you need, with photos if you like.")
    ),
    _placeholder("privacy", _("Privacy notice"), _("How we handle your personal data.")),
    _placeholder("terms", _("Terms of service"), _("The terms that apply to our services.")),
    _placeholder("cookies", _("Cookie policy"), _("Which cookies we use and why.")),
]
