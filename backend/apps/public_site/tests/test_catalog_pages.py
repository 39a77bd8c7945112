"""Services, categories and the portfolio as a visitor sees them: filters,
pagination, old addresses, unpublished records and the staff preview."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from apps.catalog import services as catalog
from apps.catalog.tests.factories import ServiceCategoryFactory, ServiceFactory
from apps.media.tests.factories import MediaAssetFactory
from apps.portfolio import services as portfolio_services
from apps.portfolio.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def service_url(slug):
    return reverse("public_site:service", kwargs={"slug": slug})


def project_url(slug):
    return reverse("public_site:project", kwargs={"slug": slug})


def card_titles(html: str, testid: str = "project-card") -> list[str]:
    cards = html.split(f'data-testid="{testid}"')[1:]
    return [re.search(r"after:content-\[''\]\">([^<]+)</a>", card).group(1) for card in cards]


# --- Services -------------------------------------------------------------------


def test_services_index_groups_services_by_category_with_prices(client):
    installs = ServiceCategoryFactory(name="Installation", slug="installs", order=0)
    repairs = ServiceCategoryFactory(name="Repairs", slug="repairs", order=1)
    ServiceFactory(category=installs, name="Split unit", base_price_min=Decimal("55000"))
    ServiceFactory(
        category=repairs, name="Gas refill", base_price_min=None, base_price_max=None, order=1
    )
    ServiceFactory(category=repairs, name="Hidden", is_active=False)
    html = client.get(reverse("public_site:services")).content.decode()
    assert html.index("Installation") < html.index("Repairs")
    assert card_titles(html, "service-card") == ["Split unit", "Gas refill"]
    assert "From <strong" in html and "KES 55,000.00" in html
    assert "Price on request" in html
    assert reverse("public_site:service-category", kwargs={"slug": "repairs"}) in html


def test_service_detail_shows_specs_price_range_and_both_buttons(client):
    service = ServiceFactory(
        slug="split-ac",
        specs=[
            {"label": "Capacity", "value": "12,000 BTU"},
            {"label": "Warranty", "value": "12 months"},
        ],
        base_price_min=Decimal("55000"),
        base_price_max=Decimal("95000"),
        visit_duration_minutes=150,
        is_bookable=True,
    )
    html = client.get(service_url("split-ac")).content.decode()
    assert '<th scope="row" class="w-2/5 !bg-slate-50">Capacity</th><td>12,000 BTU</td>' in html
    assert "2 h 30 min" in html
    assert "KES 55,000.00" in html and "KES 95,000.00" in html
    assert f'href="/book/?service={service.slug}"' in html
    assert f'href="/quote/?service={service.slug}"' in html


def test_a_service_that_cannot_be_booked_online_offers_only_a_quote(client):
    service = ServiceFactory(slug="vrf-design", is_bookable=False)
    html = client.get(service_url(service.slug)).content.decode()
    assert 'data-testid="book-button"' not in html
    assert "/book/?service=" not in html
    assert f'href="/quote/?service={service.slug}"' in html


def test_service_detail_lists_related_projects(client):
    service = ServiceFactory()
    ProjectFactory(title="Westlands office", services=[service], with_images=1)
    ProjectFactory(title="Not related", services=[ServiceFactory()])
    ProjectFactory(title="Unpublished", services=[service], is_published=False)
    html = client.get(service_url(service.slug)).content.decode()
    assert card_titles(html) == ["Westlands office"]


def test_a_renamed_service_and_category_redirect_permanently(client, editor_user):
    category = ServiceCategoryFactory(slug="ac")
    service = ServiceFactory(slug="gas-top-up", category=category)
    catalog.update_service(service=service, actor=editor_user, slug="gas-refill")
    catalog.update_category(category=category, actor=editor_user, slug="air-conditioning")
    response = client.get(service_url("gas-top-up"))
    assert response.status_code == 301
    assert response["Location"] == service_url("gas-refill")
    response = client.get(reverse("public_site:service-category", kwargs={"slug": "ac"}))
    assert response.status_code == 301
    assert response["Location"] == reverse(
        "public_site:service-category", kwargs={"slug": "air-conditioning"}
    )


def test_unknown_inactive_and_empty_catalog_pages_are_404(client):
    assert client.get(service_url("no-such-service")).status_code == 404
    assert client.get(service_url(ServiceFactory(is_active=False).slug)).status_code == 404
    hidden = ServiceFactory(category=ServiceCategoryFactory(is_active=False))
    assert client.get(service_url(hidden.slug)).status_code == 404
    empty = ServiceCategoryFactory()
    url = reverse("public_site:service-category", kwargs={"slug": empty.slug})
    assert client.get(url).status_code == 404


def test_staff_preview_an_inactive_service_and_nobody_else_does(client, editor_user, client_user):
    draft = ServiceFactory(is_active=False, name="New: heat pumps")
    url = service_url(draft.slug) + "?preview=1"
    assert client.get(url).status_code == 404
    client.force_login(client_user)
    assert client.get(url).status_code == 404
    client.force_login(editor_user)
    assert client.get(service_url(draft.slug)).status_code == 404  # preview is asked for
    response = client.get(url)
    assert response.status_code == 200
    assert "Preview" in response.content.decode() and "X-Cache" not in response


# --- Portfolio ------------------------------------------------------------------


@pytest.fixture
def projects():
    split = ServiceFactory(slug="split", category=ServiceCategoryFactory(slug="installs"))
    cold = ServiceFactory(slug="cold-room", category=ServiceCategoryFactory(slug="cold"))
    ProjectFactory(
        title="Nairobi 2024", town="Nairobi", completed_on=dt.date(2024, 5, 1), services=[split]
    )
    ProjectFactory(
        title="Mombasa 2025",
        town="Mombasa",
        completed_on=dt.date(2025, 5, 1),
        services=[split, cold],
        is_featured=True,
    )
    ProjectFactory(
        title="Kisumu 2025", town="Kisumu", completed_on=dt.date(2025, 7, 1), services=[cold]
    )
    ProjectFactory(title="Hidden", town="Nairobi", is_published=False)


def portfolio(client, query: str = "", **headers) -> str:
    response = client.get(reverse("public_site:portfolio") + query, **headers)
    assert response.status_code == 200
    return response.content.decode()


def test_portfolio_filters_by_service_category_town_and_year(client, projects):
    assert card_titles(portfolio(client)) == ["Kisumu 2025", "Mombasa 2025", "Nairobi 2024"]
    assert card_titles(portfolio(client, "?service=split")) == ["Mombasa 2025", "Nairobi 2024"]
    assert card_titles(portfolio(client, "?category=cold")) == ["Kisumu 2025", "Mombasa 2025"]
    assert card_titles(portfolio(client, "?town=Nairobi")) == ["Nairobi 2024"]
    assert card_titles(portfolio(client, "?year=2025")) == ["Kisumu 2025", "Mombasa 2025"]
    assert card_titles(portfolio(client, "?year=2025&category=installs")) == ["Mombasa 2025"]


def test_portfolio_sorts_featured_first_and_keeps_the_choice_in_the_form(client, projects):
    html = portfolio(client, "?sort=featured&town=Mombasa")
    assert card_titles(html)[0] == "Mombasa 2025"
    assert '<option value="featured" selected>' in html
    assert '<option value="Mombasa" selected>' in html


def test_unknown_filter_values_are_ignored_not_errors(client, projects):
    html = portfolio(client, "?town=Atlantis&year=soon&sort=random")
    assert len(card_titles(html)) == 3


def test_portfolio_filter_is_a_get_form_enhanced_with_htmx(client, projects):
    html = portfolio(client)
    form = re.search(r'<form method="get" action="/portfolio/"[^>]*>', html).group(0)
    for needle in ('hx-get="/portfolio/"', 'hx-push-url="true"', 'hx-target="#portfolio-results"'):
        assert needle in form
    assert '<button type="submit"' in html  # works without JavaScript


def test_htmx_gets_only_the_results_and_the_cache_keeps_them_apart(client, projects):
    partial = portfolio(client, "?town=Kisumu", HTTP_HX_REQUEST="true")
    assert partial.lstrip().startswith('<section id="portfolio-results"')
    assert "<html" not in partial
    full = portfolio(client, "?town=Kisumu")
    assert "<html" in full and card_titles(full) == ["Kisumu 2025"]
    # Back/forward restores the full page even though htmx asks.
    restore = portfolio(
        client, "?town=Kisumu", HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in restore


def test_portfolio_pagination_keeps_the_filter(client):
    for n in range(14):
        ProjectFactory(town="Nakuru", completed_on=dt.date(2025, 1, 1) + dt.timedelta(days=n))
    first = portfolio(client, "?town=Nakuru")
    assert len(card_titles(first)) == 12
    assert 'href="?town=Nakuru&amp;page=2"' in first
    second = portfolio(client, "?town=Nakuru&page=2")
    assert len(card_titles(second)) == 2
    assert client.get(reverse("public_site:portfolio") + "?page=9").status_code == 404
    assert client.get(reverse("public_site:portfolio") + "?page=x").status_code == 404


def test_project_detail_gallery_is_accessible(client):
    project = ProjectFactory(title="Hotel chillers", services=[ServiceFactory()])
    for order, (alt, caption) in enumerate(
        [("Chillers on the roof", "Two 400 kW chillers"), ("Plant room", "")]
    ):
        asset = MediaAssetFactory(alt=alt)
        project.images.create(asset=asset, caption=caption, order=order)
    html = client.get(project_url(project.slug)).content.decode()
    assert 'alt="Chillers on the roof"' in html and 'alt="Plant room"' in html
    assert "<figcaption" in html and "Two 400 kW chillers" in html
    assert html.count("data-lightbox=") == 2  # links to the large photo
    assert "(photo 1 of 2, open large)" in html
    assert 'href="/media/media/renditions/' in html


def test_project_client_name_only_with_consent(client):
    hidden = ProjectFactory(client_name="Secret Bank", client_consent=False)
    shown = ProjectFactory(client_name="Proud Hotel", client_consent=True)
    assert "Secret Bank" not in client.get(project_url(hidden.slug)).content.decode()
    assert "Proud Hotel" in client.get(project_url(shown.slug)).content.decode()


def test_project_old_slug_and_id_redirect_and_unpublished_is_404(client, editor_user):
    project = ProjectFactory(slug="nakuru-dairy")
    portfolio_services.update_project(project=project, actor=editor_user, slug="nakuru-cold-room")
    response = client.get(project_url("nakuru-dairy"))
    assert response.status_code == 301 and response["Location"] == project_url("nakuru-cold-room")
    response = client.get(project_url(str(project.pk)))
    assert response.status_code == 301 and response["Location"] == project_url("nakuru-cold-room")
    draft = ProjectFactory(is_published=False)
    assert client.get(project_url(draft.slug)).status_code == 404
    assert client.get(project_url("nothing-here")).status_code == 404


def test_old_projects_address_redirects_to_the_portfolio(client):
    response = client.get("/projects/")
    assert response.status_code == 301 and response["Location"] == "/portfolio/"
