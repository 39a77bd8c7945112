"""The public shell: navigation, footer from CompanySettings, SEO and cookies."""

import pytest
from django.urls import reverse

from apps.core.services import update_company_settings

pytestmark = pytest.mark.django_db


def test_home_has_seo_block_navigation_and_calls_to_action(client):
    html = client.get("/").content.decode()
    assert html.count("<h1") == 1
    for needle in (
        '<link rel="canonical" href="http://127.0.0.1:8000/">',
        'property="og:title"',
        'property="og:description"',
        'name="twitter:card"',
        'name="description"',
        'href="#main"',  # skip link
        reverse("public_site:book"),
        reverse("public_site:quote"),
        reverse("public_site:services"),
        reverse("public_site:portfolio"),
        reverse("public_site:about"),
        reverse("public_site:blog"),
        reverse("public_site:contact"),
        reverse("public_site:privacy"),
        reverse("public_site:terms"),
        reverse("public_site:cookies"),
        'action="/i18n/setlang/"',
    ):
        assert needle in html, needle


def test_footer_shows_company_contacts_and_hours(client, admin_user):
    update_company_settings(
        actor=admin_user,
        phone_primary="+254711000111",
        whatsapp_number="+254711000111",
        email="info@coollight.co.ke",
        business_hours={"mon": [["08:00", "17:00"]], "sun": []},
    )
    html = client.get("/").content.decode()
    assert 'href="tel:+254711000111"' in html
    assert 'href="https://wa.me/254711000111"' in html
    assert 'href="mailto:info@coollight.co.ke"' in html
    assert "08:00\u201317:00" in html
    assert "Closed" in html


def test_cookie_banner_until_answered_and_nothing_set_before(client):
    response = client.get("/")
    assert 'data-testid="cookie-banner"' in response.content.decode()
    assert "cookie_consent" not in response.cookies
    answer = client.post(
        reverse("public_site:cookie-consent"), {"choice": "essential", "next": "/about/"}
    )
    assert answer.status_code == 302 and answer["Location"] == "/about/"
    assert answer.cookies["cookie_consent"].value == "essential"
    assert 'data-testid="cookie-banner"' not in client.get("/").content.decode()


def test_cookie_consent_refuses_offsite_redirect(client):
    answer = client.post(
        reverse("public_site:cookie-consent"), {"choice": "all", "next": "https://evil.example/"}
    )
    assert answer["Location"] == "/"


def test_language_switch_to_kiswahili(client):
    response = client.post("/i18n/setlang/", {"language": "sw", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="sw"' in html


@pytest.mark.parametrize(
    "name", ["services", "portfolio", "about", "blog", "contact", "faq", "book", "quote"]
)
def test_pages_render_on_an_empty_site(client, name):
    response = client.get(reverse(f"public_site:{name}"))
    assert response.status_code == 200
    assert response.content.decode().count("<h1") == 1
