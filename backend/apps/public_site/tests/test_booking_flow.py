"""'Book a service' as a person without JavaScript uses it: one POST per
step, earlier answers carried in hidden fields, every answer checked again
at the end; and the htmx enhancements (fragments, the availability partial)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import resolve, reverse

from apps.catalog.models import Service
from apps.core.models import AuditLog
from apps.leads import links
from apps.leads.models import BlackoutDate, Booking, BookingSource, Client
from apps.public_site.booking_views import WebBookingThrottle
from tests.factories import ClientUserFactory

from .conftest import SUNDAY, TUESDAY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now", "booking_rules")]

BOOK = "/book/"
DETAILS = {
    "name": "Grace Wanjiru",
    "phone": "0712 345 678",
    "email": "grace@example.co.ke",
    "address": "Kilimani, Argwings Kodhek Rd, Apt 4B",
    "location_notes": "Blue gate",
    "description": "Bedroom unit drips water",
}


def slot(day: dt.date, window) -> str:
    return f"{day.isoformat()}|{window.id}"


def answers(service, window, day=TUESDAY, **overrides):
    data = {"service": service.slug, "preferred_date": day.isoformat(), "window": str(window.id)}
    data.update(DETAILS)
    data.update(overrides)
    return data


def review_key(response) -> str:
    match = re.search(r'name="idempotency_key" value="([0-9a-f]{32})"', response.content.decode())
    assert match, "the review step carries an idempotency key"
    return match.group(1)


def hidden(response, name: str) -> str | None:
    match = re.search(
        rf'<input type="hidden" name="{name}" value="([^"]*)"', response.content.decode()
    )
    return match.group(1) if match else None


def test_links_in_emails_match_the_routes():
    track = links.TRACK_PATH.format(token="abc:def")
    portal = links.PORTAL_BOOKING_PATH.format(reference="BK-7F3K2")
    assert resolve(track).view_name == "public_site:booking-track"
    assert resolve(portal).view_name == "client_portal:booking-detail"
    assert reverse("public_site:booking-track", args=["abc:def"]) == track
    assert reverse("client_portal:booking-detail", args=["BK-7F3K2"]) == portal


def test_first_step_offers_bookable_services_and_a_quote_for_the_rest(client, service, category):
    survey = Service.objects.create(
        category=category, name="VRF system design", slug="vrf", is_bookable=False
    )
    response = client.get(BOOK)
    html = response.content.decode()
    assert response.status_code == 200 and response.context["step"] == "service"
    assert f'name="service" value="{service.slug}"' in html
    assert f'name="service" value="{survey.slug}"' not in html
    assert f"/quote/?service={survey.slug}" in html


def test_service_in_the_address_opens_the_calendar(client, service, windows):
    response = client.get(f"{BOOK}?service={service.slug}")
    assert response.context["step"] == "slot"
    html = response.content.decode()
    assert f'value="{slot(TUESDAY, windows[0])}"' in html
    # Monday (today) is too soon, Sunday closed: shown, not offered.
    assert "Too soon" in html and "Closed" in html
    assert f'value="{slot(SUNDAY, windows[0])}"' not in html


@pytest.mark.parametrize("slug", ["no-such-service", "vrf"])
def test_unknown_or_unbookable_service_in_the_address_is_explained(client, category, slug):
    Service.objects.create(category=category, name="VRF", slug="vrf", is_bookable=False)
    response = client.get(f"{BOOK}?service={slug}")
    assert response.status_code == 200
    assert response.context["step"] == "service"
    assert response.context["service_form"].errors["service"]


def test_whole_flow_by_posts_makes_one_booking(client, service, windows, mailoutbox):
    window = windows[1]
    step1 = client.post(BOOK, {"step": "service", "service": service.slug})
    assert step1.context["step"] == "slot"
    assert hidden(step1, "service") == service.slug
    step2 = client.post(
        BOOK, {"step": "slot", "service": service.slug, "slot": slot(TUESDAY, window)}
    )
    assert step2.context["step"] == "details"
    assert hidden(step2, "preferred_date") == TUESDAY.isoformat()
    assert hidden(step2, "window") == str(window.id)
    step3 = client.post(BOOK, {"step": "details", **answers(service, window)})
    assert step3.context["step"] == "review"
    assert "Grace Wanjiru" in step3.content.decode()
    key = review_key(step3)
    done = client.post(BOOK, {"step": "review", "idempotency_key": key, **answers(service, window)})
    assert done.status_code == 302
    booking = Booking.objects.get()
    assert done["Location"].startswith("/book/confirmed/")
    assert (booking.service, booking.preferred_date, booking.window) == (service, TUESDAY, window)
    assert booking.contact_phone == "+254712345678"
    assert booking.location_notes == "Blue gate"
    assert booking.source == BookingSource.WEB and booking.client.user is None
    assert AuditLog.objects.filter(action="booking.created", target_id=str(booking.pk)).exists()
    page = client.get(done["Location"])
    assert page.status_code == 200 and booking.reference in page.content.decode()


def test_double_submit_with_the_same_key_books_once(client, service, first_window):
    review = client.post(BOOK, {"step": "details", **answers(service, first_window)})
    data = {
        "step": "review",
        "idempotency_key": review_key(review),
        **answers(service, first_window),
    }
    first = client.post(BOOK, data)
    second = client.post(BOOK, data)
    assert Booking.objects.count() == 1
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]


def test_each_review_render_has_a_new_key(client, service, first_window):
    data = {"step": "details", **answers(service, first_window)}
    assert review_key(client.post(BOOK, data)) != review_key(client.post(BOOK, data))


@pytest.mark.parametrize(
    ("day", "field", "message"),
    [
        (dt.date(2026, 2, 27), "preferred_date", "has passed"),
        (dt.date(2026, 3, 2), "preferred_date", "earliest date"),  # today: too soon
        (SUNDAY, "preferred_date", "closed"),
        (dt.date(2026, 3, 6), "preferred_date", "Madaraka"),  # a holiday
        (dt.date(2026, 9, 1), "preferred_date", "open up to"),
        ("31-02-2026", "preferred_date", "valid date"),
        ("9999-12-31", "preferred_date", "open up to"),
    ],
)
def test_bad_date_is_shown_on_the_date_with_everything_else_kept(
    client, service, first_window, day, field, message
):
    BlackoutDate.objects.create(date=dt.date(2026, 3, 6), reason="Madaraka test day")
    value = day if isinstance(day, str) else day.isoformat()
    data = {"step": "review", "idempotency_key": "a" * 32}
    data.update(answers(service, first_window, preferred_date=value))
    response = client.post(BOOK, data)
    assert response.status_code == 400
    assert response.context["step"] == "slot"
    errors = response.context["slot_form"].errors
    assert message.lower() in " ".join(errors[field]).lower()
    html = response.content.decode()
    assert 'id="id_preferred_date_error"' in html
    for name in ("name", "phone", "email", "address", "location_notes", "description"):
        assert hidden(response, name) == DETAILS[name]


def test_unknown_window_is_shown_on_the_window(client, service):
    response = client.post(
        BOOK, {"step": "slot", "service": service.slug, "slot": f"{TUESDAY}|nonsense"}
    )
    assert response.status_code == 400
    assert response.context["slot_form"].errors["window"]


def test_full_window_cannot_be_picked(client, service, first_window, book):
    book(email="a@example.co.ke")
    book(email="b@example.co.ke")
    response = client.get(f"{BOOK}?service={service.slug}")
    html = response.content.decode()
    button = re.search(
        rf'value="{re.escape(slot(TUESDAY, first_window))}"[^>]*>', html, re.S
    ).group(0)
    assert "disabled" in button
    picked = client.post(
        BOOK, {"step": "slot", "service": service.slug, "slot": slot(TUESDAY, first_window)}
    )
    assert picked.status_code == 400
    assert "full" in picked.context["slot_form"].errors["window"][0]


def test_window_taken_at_confirm_offers_alternatives_and_keeps_the_rest(
    client, service, first_window, windows, book
):
    review = client.post(BOOK, {"step": "details", **answers(service, first_window)})
    key = review_key(review)
    # Meanwhile two other customers take the last places.
    book(email="a@example.co.ke")
    book(email="b@example.co.ke")
    data = {"step": "review", "idempotency_key": key, **answers(service, first_window)}
    response = client.post(BOOK, data)
    assert response.status_code == 409
    assert response.context["step"] == "review"
    assert "just taken" in response.context["slot_taken"]
    alternatives = response.context["alternatives"]
    assert alternatives and all(a["value"] != slot(TUESDAY, first_window) for a in alternatives)
    html = response.content.decode()
    assert f'name="pick" value="{alternatives[0]["value"]}"' in html
    assert hidden(response, "name") == DETAILS["name"]
    # One tap on a suggestion: the review again, on that window, then confirm.
    picked = client.post(BOOK, {**data, "pick": alternatives[0]["value"]})
    assert picked.context["step"] == "review"
    day, window_id = alternatives[0]["value"].split("|")
    assert hidden(picked, "preferred_date") == day and hidden(picked, "window") == window_id
    done = client.post(
        BOOK,
        {
            **data,
            "preferred_date": day,
            "window": window_id,
            "idempotency_key": review_key(picked),
        },
    )
    assert done.status_code == 302
    assert Booking.objects.filter(contact_email=DETAILS["email"]).count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "12ab", "valid phone"),
        ("phone", "", "phone number"),
        ("email", "grace@", "valid e-mail"),
        ("name", "", "your name"),
        ("address", "   ", "where the visit is"),
    ],
)
def test_bad_details_are_shown_on_the_field_with_the_rest_kept(
    client, service, first_window, field, value, message
):
    response = client.post(
        BOOK, {"step": "details", **answers(service, first_window, **{field: value})}
    )
    assert response.status_code == 400
    assert response.context["step"] == "details"
    form = response.context["details_form"]
    assert message.lower() in " ".join(form.errors[field]).lower()
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert 'aria-invalid="true"' in html
    for name in ("name", "phone", "email", "address"):
        if name != field:
            assert DETAILS[name] in html
    assert hidden(response, "preferred_date") == TUESDAY.isoformat()


def test_posting_nothing_asks_for_a_service(client, service):
    response = client.post(BOOK, {"step": "review"})
    assert response.status_code == 400
    assert response.context["step"] == "service"
    assert Booking.objects.count() == 0


def test_unbookable_service_posted_at_confirm_is_refused(client, category, first_window):
    survey = Service.objects.create(
        category=category, name="VRF", slug="vrf", is_bookable=False, visit_duration_minutes=60
    )
    data = {"step": "review", "idempotency_key": "b" * 32, **answers(survey, first_window)}
    response = client.post(BOOK, data)
    assert response.status_code == 400 and response.context["step"] == "service"
    assert Booking.objects.count() == 0


def test_change_goes_back_with_answers_kept(client, service, first_window):
    response = client.post(
        BOOK, {"step": "review", "goto": "details", **answers(service, first_window)}
    )
    assert response.status_code == 200 and response.context["step"] == "details"
    assert DETAILS["address"] in response.content.decode()


def test_paging_weeks_without_javascript(client, service):
    response = client.post(BOOK, {"step": "slot", "service": service.slug, "week": "2026-03-16"})
    assert response.context["step"] == "slot"
    assert response.context["week"].start == dt.date(2026, 3, 16)


def test_anonymous_bookings_are_throttled_without_a_500(
    client, service, first_window, windows, monkeypatch
):
    monkeypatch.setattr(WebBookingThrottle, "rate", "1/hour", raising=False)
    for n, window in enumerate(windows[:2]):
        review = client.post(BOOK, {"step": "details", **answers(service, window)})
        data = {"step": "review", "idempotency_key": review_key(review)}
        data.update(answers(service, window, email=f"p{n}@example.co.ke"))
        response = client.post(BOOK, data)
    assert response.status_code == 429
    assert "Too many" in response.content.decode()
    assert hidden(response, "address") == DETAILS["address"]
    assert Booking.objects.count() == 1


def test_signed_in_client_is_prefilled_and_linked(client, service, first_window):
    user = ClientUserFactory(email="wanjiku@example.co.ke", full_name="Wanjiku Kariuki")
    Client.objects.create(
        name="Wanjiku Kariuki",
        email=user.email,
        phone="+254722000111",
        address="Lavington",
        user=user,
    )
    client.force_login(user)
    details = client.post(
        BOOK, {"step": "slot", "service": service.slug, "slot": slot(TUESDAY, first_window)}
    )
    form = details.context["details_form"]
    assert form.initial["name"] == "Wanjiku Kariuki"
    assert form.initial["address"] == "Lavington"
    assert form.initial["phone"] == "0722 000111"
    data = answers(service, first_window, name="Wanjiku Kariuki", email=user.email)
    review = client.post(BOOK, {"step": "details", **data})
    client.post(BOOK, {"step": "review", "idempotency_key": review_key(review), **data})
    booking = Booking.objects.get()
    assert booking.client.user == user and booking.source == BookingSource.PORTAL
    assert booking.created_by == user


def test_htmx_gets_the_step_fragment_even_on_errors(client, service, first_window):
    headers = {"HX-Request": "true"}
    response = client.post(
        BOOK, {"step": "details", **answers(service, first_window, phone="x")}, headers=headers
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'id="booking-flow"' in html and "id_phone_error" in html


def test_htmx_confirm_redirects_with_a_header(client, service, first_window):
    review = client.post(BOOK, {"step": "details", **answers(service, first_window)})
    data = {
        "step": "review",
        "idempotency_key": review_key(review),
        **answers(service, first_window),
    }
    response = client.post(BOOK, data, headers={"HX-Request": "true"})
    assert response["HX-Redirect"].startswith("/book/confirmed/")


# --- the availability partial -------------------------------------------------


def test_availability_partial_shows_one_week(client, service, windows):
    url = reverse("public_site:booking-availability")
    response = client.get(url, {"service": service.slug, "week": "2026-03-04"})
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert response.context["week"].start == dt.date(2026, 3, 2)
    assert html.count("data-day=") == 7
    assert f'value="{slot(TUESDAY, windows[0])}"' in html


def test_availability_partial_refuses_unknown_service(client, db):
    url = reverse("public_site:booking-availability")
    assert client.get(url, {"service": "nope"}).status_code == 404


def test_availability_partial_queries_do_not_grow_with_bookings(
    client, service, windows, book, django_assert_num_queries
):
    url = reverse("public_site:booking-availability")
    params = {"service": service.slug, "week": "2026-03-02"}
    client.get(url, params)  # warm: company settings row, windows' rows made
    # Queries: 1 the service (slug), 2 booking rules (the week's bounds), then
    # available_slots: 3 booking rules, 4 company hours, 5 windows, 6 closed
    # dates, 7 category limits, 8 occupancy; 9 company settings (context
    # processor). Nine, however many bookings.
    with django_assert_num_queries(9):
        client.get(url, params)
    for day in (TUESDAY, dt.date(2026, 3, 4), dt.date(2026, 3, 5)):
        for n, window in enumerate(windows[:3]):
            book(preferred_date=day, window=window, email=f"{day}{n}@example.co.ke")
    with django_assert_num_queries(9):
        client.get(url, params)


def test_next_free_slot_tag(service, windows):
    from django.template import Context, Template

    html = Template("{% load booking_slots %}{% next_free_slot service %}").render(
        Context({"service": service})
    )
    assert "Next free visit" in html and "Tue 3 Mar" in html
    assert f"/book/?service={service.slug}&amp;slot=2026-03-03" in html
    service.is_bookable = False
    assert "Next free" not in Template(
        "{% load booking_slots %}{% next_free_slot service %}"
    ).render(Context({"service": service}))


def test_service_page_loads_its_next_free_slot_apart_from_the_cached_page(
    client, service, windows, book, frozen_now
):
    page_url = reverse("public_site:service", kwargs={"slug": service.slug})
    slot_url = reverse("public_site:service-next-free-slot", kwargs={"slug": service.slug})
    page = client.get(page_url)
    html = page.content.decode()
    # The page names the fragment next to the Book button but does not hold
    # the slot itself: the page is cached until the content changes.
    assert f'hx-get="{slot_url}" hx-trigger="load"' in html
    assert "Next free visit" not in html
    fragment = client.get(slot_url)
    assert fragment.status_code == 200
    assert "no-cache" in fragment["Cache-Control"]
    assert "Next free visit: <strong>Tue 3 Mar, 08:00–10:00</strong>" in fragment.content.decode()
    # Both places of the 08:00 window are taken: within two minutes (the
    # slot's own cache) the fragment moves on, while the page stays cached.
    book(email="one@example.co.ke")
    book(email="two@example.co.ke")
    frozen_now.shift(dt.timedelta(seconds=121))
    assert client.get(page_url)["X-Cache"] == "hit"
    assert "Tue 3 Mar, 10:00–12:00" in client.get(slot_url).content.decode()


def test_no_next_free_slot_for_a_service_booked_by_quote_only(client, service, windows):
    service.is_bookable = False
    service.save()
    html = client.get(reverse("public_site:service", kwargs={"slug": service.slug})).content
    assert b"next-free-slot" not in html
    fragment = client.get(reverse("public_site:service-next-free-slot", args=[service.slug]))
    assert fragment.status_code == 200 and fragment.content.strip() == b""
    assert (
        client.get(reverse("public_site:service-next-free-slot", args=["nope"])).status_code == 404
    )


def test_next_free_slot_fragment_query_count(
    client, service, windows, book, django_assert_num_queries
):
    for n in range(2):
        book(email=f"{n}@example.co.ke")  # the first window is full
    url = reverse("public_site:service-next-free-slot", kwargs={"slug": service.slug})
    # 1 the service with category and hero image, then next_free_slots:
    # 2 booking rules, 3 company hours, 4 windows, 5 closed dates, 6 category
    # limits, 7 occupancy. No company settings: rendered without the
    # context processors.
    with django_assert_num_queries(7):
        assert "10:00–12:00" in client.get(url).content.decode()
    # Within NEXT_SLOT_CACHE_SECONDS: the service only.
    with django_assert_num_queries(1):
        client.get(url)


def test_next_free_slot_link_opens_the_details_step(client, service, windows):
    response = client.get(f"{BOOK}?service={service.slug}&slot={slot(TUESDAY, windows[0])}")
    assert response.context["step"] == "details"


def test_visit_length_filter():
    from apps.public_site.templatetags.booking_slots import visit_length

    assert visit_length(120) == "About 2 hours"
    assert visit_length(90) == "About 1.5 hours"
    assert visit_length(45) == "About 45 minutes"
    assert visit_length(600) == "A full day or more"


def test_price_shown_on_service_cards(client, service):
    service.base_price_min = Decimal("55000")
    service.save()
    assert "55,000.00" in client.get(BOOK).content.decode()


@pytest.mark.parametrize("path", ["/book/", "/book/?service=split-ac"])
def test_booking_page_css_and_js_within_budget(path, service):
    from tests.bench_page_weight import BUDGET_BYTES, public_page_weight

    total = sum(compressed for _url, _raw, compressed in public_page_weight(path))
    print(f"\n{path}: {total / 1024:.1f} KB gzip of CSS and JS")
    assert total <= BUDGET_BYTES
