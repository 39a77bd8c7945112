"""A quotation's validity is bounded: at most QUOTATION_MAX_VALIDITY_DAYS
ahead (a year by default), refused naming ``valid_until`` by the service, so
by the API and the staff builder alike. Dates are computed from today."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.core.exceptions import DomainError
from apps.core.selectors import company_settings
from apps.leads.models import Quotation
from apps.leads.services import create_quotation, update_draft_quotation
from apps.leads.services.quotations import default_valid_until, latest_valid_until
from apps.leads.tests.conftest import LINES

pytestmark = pytest.mark.django_db


def _days_ahead(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def test_the_bound_is_a_year_by_default_and_a_setting(settings):
    assert settings.QUOTATION_MAX_VALIDITY_DAYS == 365
    assert latest_valid_until() == _days_ahead(365)
    settings.QUOTATION_MAX_VALIDITY_DAYS = 90
    assert latest_valid_until() == _days_ahead(90)


def test_create_refuses_a_validity_beyond_the_bound(lead_client, sales_user, settings):
    lines = [dict(x) for x in LINES]
    with pytest.raises(DomainError) as caught:
        create_quotation(
            client=lead_client, lines=lines, actor=sales_user, valid_until=_days_ahead(366)
        )
    assert caught.value.field == "valid_until"
    assert "at the latest" in caught.value.message
    far = timezone.localdate().replace(year=timezone.localdate().year + 74)
    with pytest.raises(DomainError):
        create_quotation(client=lead_client, lines=lines, actor=sales_user, valid_until=far)
    assert not Quotation.objects.exists()
    # The last day allowed is allowed.
    quotation = create_quotation(
        client=lead_client, lines=lines, actor=sales_user, valid_until=_days_ahead(365)
    )
    assert quotation.valid_until == _days_ahead(365)


def test_update_refuses_a_validity_beyond_the_bound(make_quotation, sales_user, settings):
    settings.QUOTATION_MAX_VALIDITY_DAYS = 60
    quotation = make_quotation()
    with pytest.raises(DomainError) as caught:
        update_draft_quotation(quotation=quotation, actor=sales_user, valid_until=_days_ahead(61))
    assert caught.value.field == "valid_until"
    updated = update_draft_quotation(
        quotation=quotation, actor=sales_user, valid_until=_days_ahead(60)
    )
    assert updated.valid_until == _days_ahead(60)


def test_the_usual_validity_never_exceeds_the_bound(settings):
    company = company_settings()
    company.quote_validity_days = 200
    company.save()
    settings.QUOTATION_MAX_VALIDITY_DAYS = 30
    assert default_valid_until() == _days_ahead(30)


def test_the_api_names_the_field(as_user, sales_user, lead_client, make_quotation):
    api = as_user(sales_user)
    payload = {
        "client": str(lead_client.pk),
        "lines": [LINES[0]],
        "valid_until": _days_ahead(400).isoformat(),
    }
    response = api.post(reverse("v1:leads:quotation-list"), payload, format="json")
    assert response.status_code == 400, response.json()
    assert list(response.json()["errors"]) == ["valid_until"]
    draft = make_quotation()
    response = api.patch(
        reverse("v1:admin:quotation-detail", args=[draft.pk]),
        {"valid_until": _days_ahead(400).isoformat()},
        format="json",
    )
    assert response.status_code == 400, response.json()
    assert "valid_until" in response.json()["errors"]


def test_the_builder_shows_it_next_to_the_field(client, sales_user, lead_client):
    client.force_login(sales_user)
    too_far = _days_ahead(366).isoformat()
    data = {
        "client": str(lead_client.pk),
        "save": "1",
        "valid_until": too_far,
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "200",
        "lines-0-description": "Gas top-up",
        "lines-0-quantity": "1",
        "lines-0-unit": "pc",
        "lines-0-unit_price": "5000",
        "lines-0-discount_percent": "0",
        "lines-0-tax_rate": "16.00",
    }
    response = client.post("/admin/quotations/new/", data)
    assert response.status_code == 400
    errors = response.context["details"].errors["valid_until"]
    assert len(errors) == 1 and "at the latest" in errors[0]
    assert f'value="{too_far}"' in response.content.decode()  # nothing typed is lost
    assert not Quotation.objects.exists()
    # The form says the bound before anyone trips on it.
    page = client.get("/admin/quotations/new/").content.decode()
    assert "At most" in page
