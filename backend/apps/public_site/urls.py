from django.urls import path
from django.utils.translation import gettext_lazy as _

from apps.public_site import quote_views, views

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
    # The quotation link from the e-mail and the PDF's QR code (issue 7).
    path("quotes/<str:token>/", quote_views.QuotePageView.as_view(), name="quote-view"),
    path("quotes/<str:token>/pdf/", quote_views.QuotePdfView.as_view(), name="quote-pdf"),
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
    _placeholder("book", _("Book a service"), _("Pick a free time slot for a visit.")),
    _placeholder(
        "quote", _("Request a quote"), _("Tell us what you need, with photos if you like.")
    ),
    _placeholder("privacy", _("Privacy notice"), _("How we handle your personal data.")),
    _placeholder("terms", _("Terms of service"), _("The terms that apply to our services.")),
    _placeholder("cookies", _("Cookie policy"), _("Which cookies we use and why.")),
]
