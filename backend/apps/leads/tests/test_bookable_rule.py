""" "Can be booked" is one rule (apps.catalog.models.BOOKABLE /
Service.can_be_booked): every door agrees when a service's category is
switched off."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.admin_portal.booking_forms import PhoneBookingForm
from apps.catalog.selectors import bookable_services
from apps.leads.models import Booking
from apps.leads.services import BookingError
from apps.public_site.booking_forms import ServiceStepForm

from .conftest import TUESDAY
from .test_booking_api import CREATE, payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def category_off(category, service):
    category.is_active = False
    category.save()
    service.refresh_from_db()
    return service


def test_the_rule_and_the_selector_agree(service, category_off):
    assert not category_off.can_be_booked
    assert list(bookable_services()) == []


def test_the_rule_holds_for_a_bookable_service(service):
    assert service.can_be_booked
    assert list(bookable_services()) == [service]


def test_create_booking_refuses_a_service_of_an_inactive_category(frozen_now, book, category_off):
    with pytest.raises(BookingError) as caught:
        book(service=category_off)
    assert caught.value.field == "service_slug"
    assert not Booking.objects.exists()


def test_api_refuses_a_service_of_an_inactive_category_naming_it(
    frozen_now, api, category_off, windows, booking_rules
):
    response = api.post(reverse(CREATE), payload(category_off), format="json")
    assert response.status_code == 400, response.json()
    assert "service_slug" in response.json()["errors"]
    assert not Booking.objects.exists()


def test_web_form_refuses_a_service_of_an_inactive_category(category_off):
    form = ServiceStepForm({"service": category_off.slug})
    assert not form.is_valid()
    assert "service" in form.errors


def test_availability_api_hides_a_service_of_an_inactive_category(
    frozen_now, api, category_off, windows, booking_rules
):
    url = reverse("v1:public:service-availability", args=[category_off.slug])
    response = api.get(url, {"from": TUESDAY.isoformat(), "to": TUESDAY.isoformat()})
    assert response.status_code == 404


def test_admin_phone_booking_form_does_not_offer_it(category_off, service):
    assert category_off not in PhoneBookingForm().fields["service"].queryset
