from __future__ import annotations

import pytest
from django.urls import reverse

from apps.core.models import AuditLog, CompanySettings

pytestmark = pytest.mark.django_db

URL = "v1:admin:company-settings"


def test_admin_updates_company_settings_with_an_audit_entry(as_user, admin_user):
    response = as_user(admin_user).patch(
        reverse(URL),
        {
            "name": "Global Cool-Light E.A LTD",
            "phone_primary": "0711 000 111",
            "vat_rate": "16.00",
            "business_hours": {"mon": [["07:30", "17:30"]], "sun": []},
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    company = CompanySettings.get_solo()
    assert str(company.phone_primary) == "+254711000111"
    assert company.business_hours["mon"] == [["07:30", "17:30"]]
    entry = AuditLog.objects.get(action="company_settings.updated")
    assert "business_hours" in entry.changes


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"business_hours": {"mon": [["17:00", "08:00"]]}}, "business_hours"),
        ({"business_hours": {"funday": []}}, "business_hours"),
        ({"vat_rate": "140"}, "vat_rate"),
        ({"currency": "K1"}, "currency"),
        ({"email": "not-an-email"}, "email"),
        ({"phone_primary": "123"}, "phone_primary"),
    ],
)
def test_bad_settings_are_refused_naming_the_field(as_user, admin_user, payload, field):
    before = CompanySettings.get_solo().name
    response = as_user(admin_user).patch(reverse(URL), payload, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert CompanySettings.get_solo().name == before


def test_public_company_endpoint_is_anonymous_and_read_only(api):
    response = api.get(reverse("v1:public:company"))
    assert response.status_code == 200
    assert response.json()["currency"] == "KES"
    assert api.post(reverse("v1:public:company"), {}).status_code == 405
