"""The quotation builder: prefill from a booking, an inquiry or a client;
lines priced by the server (never by what the browser sends); errors that
name the line and the field and keep what was typed; editing a draft only;
the live totals endpoint; and the no-JavaScript paths (add, remove, pick)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.leads.models import ClientSite, Quotation, QuotationStatus
from apps.leads.services import create_inquiry

pytestmark = pytest.mark.django_db

NEW = "/admin/quotations/new/"
TODAY = dt.date(2026, 3, 2)  # the frozen clock


def lines(*rows: dict) -> dict[str, str]:
    """The builder's line fields for these rows (as the browser posts them)."""
    data = {
        "lines-TOTAL_FORMS": str(len(rows)),
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "200",
    }
    for index, row in enumerate(rows):
        values = {"quantity": "1", "unit": "pc", "discount_percent": "0", "tax_rate": "16.00"}
        values.update(row)
        for key, value in values.items():
            if key == "is_optional" and not value:
                continue
            data[f"lines-{index}-{key}"] = value
    return data


THREE = (
    {"description": "Split AC 18,000 BTU supply and installation", "quantity": "2",
     "unit_price": "45000", "discount_percent": "10"},
    {"description": "Copper piping (extra metres)", "quantity": "3.5", "unit": "m",
     "unit_price": "1,250.50"},
    {"description": "Annual maintenance plan", "unit_price": "12000", "tax_rate": "0.00",
     "is_optional": "on", "unit": "yr"},
)  # fmt: skip


@pytest.fixture
def staff(client, sales_user, frozen_now):
    client.force_login(sales_user)
    return client


def post_new(client, lead_client, *rows, **extra):
    data = {"client": str(lead_client.pk), "save": "1", **lines(*rows), **extra}
    return client.post(NEW, data)


# --- prefill ---------------------------------------------------------------------------


def test_new_from_a_booking_prefills_client_site_booking_and_first_line(staff, book, service):
    booking = book()
    site = ClientSite.objects.create(
        client=booking.client, label="Home", address="Kilimani, Nairobi"
    )
    ClientSite.objects.create(client=booking.client, label="Office", address="Upper Hill")
    response = staff.get(f"{NEW}?booking={booking.pk}")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'value="{booking.client_id}" checked' in html
    assert f'name="booking" value="{booking.pk}"' in html
    assert booking.reference in html
    assert f'<option value="{site.pk}" selected>' in html  # the site whose address matches
    form = response.context["formset"].forms[0]
    assert form.initial["description"] == "Split AC installation"
    assert form.initial["unit_price"] == "55000.00"  # the catalog's "price from"
    assert form.initial["service"] == str(service.pk)
    assert response.context["totals"].total == Decimal("63800.00")  # priced at once


def test_new_from_an_inquiry_prefills_client_inquiry_owner_and_service_line(
    staff, service, sales_user
):
    inquiry = create_inquiry(
        name="Mary Wanjiru",
        email="mary@example.co.ke",
        message="Two bedrooms need AC",
        subject="Bedroom cooling",
        service=service,
        assignee=sales_user,
    )
    response = staff.get(f"{NEW}?inquiry={inquiry.pk}")
    html = response.content.decode()
    assert f'value="{inquiry.client_id}" checked' in html
    assert f'name="inquiry" value="{inquiry.pk}"' in html
    assert inquiry.reference in html
    assert 'value="Bedroom cooling"' in html
    assert response.context["formset"].forms[0].initial["description"] == service.name
    # Saving keeps the link to the inquiry.
    response = staff.post(
        NEW,
        {
            "client": str(inquiry.client_id),
            "inquiry": str(inquiry.pk),
            "save": "1",
            **lines({"description": "Site survey", "unit_price": "3500"}),
        },
    )
    quotation = Quotation.objects.get()
    assert response.status_code == 302
    assert quotation.inquiry == inquiry and quotation.owner == sales_user


def test_new_from_a_client(staff, lead_client):
    response = staff.get(f"{NEW}?client={lead_client.pk}")
    assert f'value="{lead_client.pk}" checked' in response.content.decode()
    assert response.context["client"] == lead_client


@pytest.mark.parametrize("query", ["?booking=nonsense", "?inquiry=4", "?client=", ""])
def test_new_with_unknown_or_no_prefill_is_an_empty_builder(staff, query):
    response = staff.get(NEW + query)
    assert response.status_code == 200
    assert response.context["client"] is None
    assert len(response.context["formset"].forms) == 1


# --- saving -----------------------------------------------------------------------------


def test_create_with_three_lines_prices_on_the_server(staff, lead_client, sales_user):
    response = post_new(staff, lead_client, *THREE, title="Cold room")
    quotation = Quotation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin_portal:quotation-detail", args=[quotation.pk])
    assert quotation.status == QuotationStatus.DRAFT
    assert quotation.title == "Cold room"
    assert quotation.created_by == sales_user
    assert [line.description for line in quotation.lines.all()] == [
        row["description"] for row in THREE
    ]
    piping = quotation.lines.all()[1]
    assert piping.unit_price == Decimal("1250.50")  # "1,250.50" as typed by habit
    assert quotation.subtotal == Decimal("94376.75")
    assert quotation.discount_total == Decimal("9000.00")
    assert quotation.total == Decimal("99037.03")
    assert quotation.valid_until == TODAY + dt.timedelta(days=30)
    assert any("Draft" in str(m) for m in get_messages(response.wsgi_request))


def test_totals_posted_by_the_browser_are_ignored(staff, lead_client):
    post_new(
        staff,
        lead_client,
        {"description": "Gas top-up", "unit_price": "5000", "line_total": "1", "net_amount": "1"},
        total="1.00",
        subtotal="1.00",
        tax_total="0",
    )
    quotation = Quotation.objects.get()
    assert quotation.total == Decimal("5800.00")
    assert quotation.lines.get().line_total == Decimal("5800.00")


@pytest.mark.parametrize(
    ("row", "field", "message", "kept"),
    [
        ({"quantity": "-3"}, "quantity", "The quantity must be more than zero.", 'value="-3"'),
        ({"unit_price": "-100"}, "unit_price", "A price cannot be negative.", 'value="-100"'),
        ({"tax_rate": "7"}, "tax_rate", "Choose one of the tax rates", 'value="7" selected'),
        ({"description": ""}, "description", "Describe the item.", 'value="4500"'),
        ({"quantity": "two"}, "quantity", "Enter a quantity", 'value="two"'),
        ({"discount_percent": "120"}, "discount_percent", "Enter a discount", 'value="120"'),
    ],
)
def test_bad_line_is_refused_naming_line_and_field_keeping_the_input(
    staff, lead_client, row, field, message, kept
):
    good = {"description": "Split AC installation", "unit_price": "55000"}
    bad = {"description": "Drain pump", "unit_price": "4500", **row}
    response = post_new(staff, lead_client, good, bad, title="Kept title")
    assert response.status_code == 400
    html = response.content.decode()
    assert f"Line 2: {message}" in html
    assert kept in html
    assert 'value="Kept title"' in html and 'value="Split AC installation"' in html
    form = response.context["formset"].forms[1]
    assert form.errors[field]
    assert form.fields[field].widget.attrs["aria-invalid"] == "true"
    assert f'id="id_lines-1-{field}_error"' in html
    assert not Quotation.objects.exists()


def test_every_bad_field_of_a_line_is_reported_at_once(staff, lead_client):
    response = post_new(
        staff, lead_client, {"description": "", "quantity": "0", "unit_price": "-1"}
    )
    assert set(response.context["formset"].forms[0].errors) == {
        "description",
        "quantity",
        "unit_price",
    }
    assert "Line 1: Describe the item." in response.content.decode()


def test_no_client_no_lines_and_only_optional_lines_are_refused(staff, lead_client):
    response = staff.post(NEW, {"save": "1", **lines({"description": "X", "unit_price": "1"})})
    assert response.status_code == 400
    assert "Choose the client this quotation is for." in response.content.decode()
    response = post_new(staff, lead_client, {})  # one blank row: nothing to quote
    assert "Add at least one line." in response.content.decode()
    response = post_new(
        staff, lead_client, {"description": "Maintenance", "unit_price": "100", "is_optional": "on"}
    )
    assert "At least one line must not be optional." in response.content.decode()
    assert not Quotation.objects.exists()


def test_blank_rows_are_left_out(staff, lead_client):
    post_new(staff, lead_client, {}, {"description": "Gas top-up", "unit_price": "5000"}, {})
    assert Quotation.objects.get().lines.count() == 1


def test_optional_items_are_saved_outside_the_total(staff, lead_client):
    post_new(staff, lead_client, *THREE)
    quotation = Quotation.objects.get()
    optional = quotation.lines.get(is_optional=True)
    assert optional.description == "Annual maintenance plan" and not optional.is_selected
    assert quotation.total == Decimal("99037.03")  # without the plan's 12,000


def test_validity_date_in_the_past_is_refused_next_to_the_field(staff, lead_client):
    response = post_new(
        staff, lead_client, {"description": "Gas", "unit_price": "1"}, valid_until="2026-01-01"
    )
    assert response.status_code == 400
    assert response.context["details"].errors["valid_until"] == ["The validity date has passed."]
    assert 'value="2026-01-01"' in response.content.decode()


def test_an_inquiry_of_another_client_is_refused_without_a_500(staff, lead_client, service):
    inquiry = create_inquiry(name="Someone Else", email="else@example.co.ke", message="Hi")
    response = post_new(
        staff, lead_client, {"description": "Gas", "unit_price": "1"}, inquiry=str(inquiry.pk)
    )
    assert response.status_code == 400
    assert "That inquiry belongs to another client." in response.content.decode()
    assert not Quotation.objects.exists()


def test_a_double_submit_makes_one_draft(staff, lead_client):
    row = {"description": "Gas top-up", "unit_price": "5000"}
    first = post_new(staff, lead_client, row, form_token="abc123")
    second = post_new(staff, lead_client, row, form_token="abc123")
    quotation = Quotation.objects.get()
    assert first["Location"] == second["Location"] == f"/admin/quotations/{quotation.pk}/"


# --- without JavaScript: add, remove, pick from the catalog ---------------------------------


def test_add_line_shows_the_form_again_with_one_more_row(staff, lead_client):
    data = {"client": str(lead_client.pk), "title": "Typed", "add_line": "1"}
    response = staff.post(NEW, {**data, **lines({"description": "Gas", "unit_price": "5"})})
    assert response.status_code == 200
    assert len(response.context["formset"].forms) == 2
    assert 'value="Typed"' in response.content.decode()
    assert not Quotation.objects.exists()


def test_remove_line(staff, lead_client):
    data = {"client": str(lead_client.pk), "remove_line": "0"}
    rows = lines(
        {"description": "First", "unit_price": "1"}, {"description": "Second", "unit_price": "2"}
    )
    response = staff.post(NEW, {**data, **rows})
    forms = response.context["formset"].forms
    assert [f.initial["description"] for f in forms] == ["Second"]


def test_add_from_catalog_replaces_the_empty_row(staff, lead_client, service):
    data = {"client": str(lead_client.pk), "add_service": str(service.pk), **lines({})}
    response = staff.post(NEW, data)
    forms = response.context["formset"].forms
    assert len(forms) == 1
    assert forms[0].initial["description"] == "Split AC installation"
    assert forms[0].initial["unit_price"] == "55000.00"
    assert response.context["totals"].total == Decimal("63800.00")


def test_picking_a_service_on_a_line_fills_description_and_price(staff, lead_client, service):
    row = {"description": "old words", "unit_price": "1", "service": str(service.pk)}
    response = staff.post(NEW, {"client": str(lead_client.pk), "refresh": "1", **lines(row)})
    form = response.context["formset"].forms[0]
    assert form.initial["description"] == "Split AC installation"
    assert form.initial["unit_price"] == "55000.00"
    # Once filled, the staff's own changes stay.
    row = {
        **row,
        "description": "Split AC, 2 rooms",
        "unit_price": "50000",
        "filled_from": str(service.pk),
    }
    response = staff.post(NEW, {"client": str(lead_client.pk), "refresh": "1", **lines(row)})
    assert response.context["formset"].forms[0].initial["description"] == "Split AC, 2 rooms"


def test_finding_and_picking_a_client_without_javascript(staff, lead_client):
    ClientSite.objects.create(client=lead_client, label="Warehouse", address="Nyali")
    response = staff.post(NEW, {"client_q": "nyali", "find_client": "1", **lines({})})
    assert [c.pk for c in response.context["client_results"]] == [lead_client.pk]
    response = staff.post(NEW, {"client": str(lead_client.pk), "pick_client": "1", **lines({})})
    assert response.context["client"] == lead_client
    assert "Warehouse" in response.content.decode()  # the client's sites to choose from


# --- the live parts (htmx) ----------------------------------------------------------------


def test_live_totals_are_computed_by_the_server(staff, service):
    data = lines(*THREE, {"service": str(service.pk)})
    data["total"] = "1.00"
    response = staff.post(reverse("admin_portal:quotation-totals"), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    # The catalog pick on line 4 is filled and priced; the optional plan is outside the total.
    assert response.context["totals"].total == Decimal("162837.03")
    assert "KES 162,837.03" in html
    assert 'id="lines-3-desc-wrap" hx-swap-oob="true"' in html
    assert 'value="Split AC installation"' in html
    assert 'id="lines-0-amount" class="text-right text-sm" hx-swap-oob="true"' in html
    assert "KES 81,000.00" in html  # line 1 excl. VAT


def test_live_totals_leave_out_a_bad_line_and_say_why(staff):
    data = lines(
        {"description": "Gas", "unit_price": "1000"},
        {"description": "Pump", "quantity": "-1", "unit_price": "10"},
    )
    response = staff.post(reverse("admin_portal:quotation-totals"), data)
    assert response.context["totals"].total == Decimal("1160.00")
    assert "Line 2: The quantity must be more than zero." in response.content.decode()


def test_catalog_search_and_client_search(staff, service, lead_client):
    response = staff.get(reverse("admin_portal:quotation-catalog"), {"catalog_q": "split"})
    assert "Split AC installation" in response.content.decode()
    assert "KES 55,000.00" in response.content.decode()
    response = staff.get(reverse("admin_portal:quotation-catalog"), {"catalog_q": "boiler"})
    assert "No active service matches" in response.content.decode()
    response = staff.get(reverse("admin_portal:quotation-clients"), {"client_q": "hassan"})
    assert "Nyali Fresh Produce Ltd" in response.content.decode()


# --- editing a draft ----------------------------------------------------------------------


def test_edit_a_draft(staff, make_quotation):
    quotation = make_quotation()
    url = reverse("admin_portal:quotation-edit", args=[quotation.pk])
    response = staff.get(url)
    assert response.status_code == 200
    assert len(response.context["formset"].forms) == 3
    assert 'value="Copper piping (extra metres)"' in response.content.decode()
    response = staff.post(
        url,
        {
            "save": "1",
            "title": "Revised scope",
            "terms": "50% deposit",
            **lines({"description": "Split AC", "quantity": "3", "unit_price": "45000"}),
        },
    )
    assert response.status_code == 302
    quotation.refresh_from_db()
    assert quotation.title == "Revised scope" and quotation.terms == "50% deposit"
    assert quotation.lines.count() == 1
    assert quotation.total == Decimal("156600.00")
    assert quotation.client.name == "Hassan Ali"  # the client stays


def test_editing_a_sent_quotation_is_refused(staff, sent_quotation):
    url = reverse("admin_portal:quotation-edit", args=[sent_quotation.pk])
    detail = reverse("admin_portal:quotation-detail", args=[sent_quotation.pk])
    response = staff.get(url)
    assert response.status_code == 302 and response["Location"] == detail
    assert "can no longer be edited" in str(next(iter(get_messages(response.wsgi_request))))
    before = (sent_quotation.total, sent_quotation.lines.count(), sent_quotation.updated_at)
    response = staff.post(
        url, {"save": "1", **lines({"description": "Cheaper", "unit_price": "1"})}
    )
    assert response.status_code == 302 and response["Location"] == detail
    sent_quotation.refresh_from_db()
    after = (sent_quotation.total, sent_quotation.lines.count(), sent_quotation.updated_at)
    assert after == before


def test_builder_query_count_does_not_grow_with_lines(staff, make_quotation):
    short = make_quotation(lines=[{"description": "One", "quantity": "1", "unit_price": "5"}])
    long = make_quotation(
        lines=[{"description": f"Line {n}", "quantity": "1", "unit_price": "5"} for n in range(20)]
    )
    staff.get(reverse("admin_portal:quotation-edit", args=[short.pk]))
    with CaptureQueriesContext(connection) as one:
        staff.get(reverse("admin_portal:quotation-edit", args=[short.pk]))
    with CaptureQueriesContext(connection) as twenty:
        response = staff.get(reverse("admin_portal:quotation-edit", args=[long.pk]))
    assert len(response.context["formset"].forms) == 20
    # session, user, permissions, company settings, the quotation (client,
    # inquiry, owner, site joined) and its lines, the catalog, the salespeople,
    # the client's sites: the same for 1 or 20 lines.
    assert len(twenty) == len(one), [q["sql"] for q in twenty.captured_queries]
