"""The admin portal's client pages (CRM-lite): who may open them, how many
queries they take, and the work through real requests (every change goes
through apps.leads.services)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from itertools import count
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.billing.models import Invoice
from apps.core.models import AuditLog
from apps.leads.models import (
    Booking,
    BookingSource,
    Client,
    ClientSite,
    ConsentSource,
    Inquiry,
    InquiryStatus,
    Quotation,
    QuotationStatus,
)
from apps.leads.services import add_client_site, update_client
from tests.factories import ClientUserFactory

pytestmark = pytest.mark.django_db

NAIROBI = ZoneInfo("Africa/Nairobi")
DAY = dt.date(2026, 3, 3)
_numbers = count(1)


# --- records written straight to the tables (read tests need many) ----------------


def make_client(name="Wanjiru Njeri", **fields) -> Client:
    n = next(_numbers)
    fields.setdefault("email", f"client{n}@example.co.ke")
    fields.setdefault("phone", f"+2547{n:08d}")
    return Client.objects.create(name=name, **fields)


def add_booking(client: Client, service, window, *, status="pending") -> Booking:
    n = next(_numbers)
    return Booking.objects.create(
        reference=f"BK-C{n:04d}",
        service=service,
        client=client,
        contact_name=client.name,
        contact_email=client.email,
        contact_phone=str(client.phone),
        site_address="Kilimani, Nairobi",
        preferred_date=DAY,
        window=window,
        scheduled_start=dt.datetime.combine(DAY, window.start_time, tzinfo=NAIROBI),
        scheduled_end=dt.datetime.combine(DAY, window.end_time, tzinfo=NAIROBI),
        status=status,
        source=BookingSource.WEB,
    )


def add_inquiry(client: Client, *, status=InquiryStatus.NEW) -> Inquiry:
    n = next(_numbers)
    return Inquiry.objects.create(
        reference=f"INQ-C{n:04d}",
        client=client,
        contact_name=client.name,
        contact_email=client.email,
        subject="Cold room not holding temperature",
        message="The cold room warms up at night.",
        status=status,
    )


def add_quotation(client: Client, *, status=QuotationStatus.DRAFT, site=None) -> Quotation:
    n = next(_numbers)
    return Quotation.objects.create(
        number=f"Q-2026-{n:04d}",
        client=client,
        site=site,
        title="Split AC installation",
        status=status,
        currency="KES",
        valid_until=DAY + dt.timedelta(days=30),
        total=Decimal("74240.00"),
    )


def add_invoice(client: Client) -> Invoice:
    n = next(_numbers)
    return Invoice.objects.create(
        number=f"INV-2026-{n:04d}",
        client=client,
        currency="KES",
        due_date=DAY + dt.timedelta(days=14),
        total=Decimal("52200.00"),
    )


def with_history(client, service, window):
    """A client with a booking, an open inquiry, a quotation and an invoice."""
    add_booking(client, service, window)
    add_inquiry(client)
    add_quotation(client)
    add_invoice(client)
    return client


@pytest.fixture
def hotel(db):
    return make_client(
        "Grace Achieng",
        company="Lakeview Hotel",
        email="grace@lakeview.example",
        phone="+254733100200",
        town="Kisumu",
        tags=",hotel,vip,",
    )


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _detail(client_record) -> str:
    return reverse("admin_portal:client-detail", args=[client_record.pk])


# --- who may open what -------------------------------------------------------------


def _get_pages(record, other, site):
    return [
        reverse("admin_portal:clients"),
        reverse("admin_portal:clients-export"),
        reverse("admin_portal:client-new"),
        reverse("admin_portal:client-detail", args=[record.pk]),
        reverse("admin_portal:client-edit", args=[record.pk]),
        reverse("admin_portal:client-merge", args=[record.pk]),
        reverse("admin_portal:client-merge-confirm", args=[record.pk, other.pk]),
        reverse("admin_portal:client-site-edit", args=[record.pk, site.pk]),
        reverse("admin_portal:client-site-delete", args=[record.pk, site.pk]),
    ]


def _post_pages(record, other, site):
    return [
        reverse("admin_portal:client-new"),
        reverse("admin_portal:client-edit", args=[record.pk]),
        reverse("admin_portal:client-tags", args=[record.pk]),
        reverse("admin_portal:client-notes", args=[record.pk]),
        reverse("admin_portal:client-preferences", args=[record.pk]),
        reverse("admin_portal:client-site-new", args=[record.pk]),
        reverse("admin_portal:client-site-edit", args=[record.pk, site.pk]),
        reverse("admin_portal:client-site-delete", args=[record.pk, site.pk]),
        reverse("admin_portal:client-merge-confirm", args=[record.pk, other.pk]),
    ]


@pytest.fixture
def scene(hotel):
    other = make_client("Grace A.", email="reservations@lakeview.example")
    site = add_client_site(client=hotel, label="Main building", address="Milimani", actor=None)
    return hotel, other, site


def test_anonymous_is_sent_to_sign_in(client, scene):
    for url in _get_pages(*scene):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next="), url
    for url in _post_pages(*scene):
        assert client.post(url, {"name": "X"}).status_code == 302, url
    assert Client.objects.count() == 2


@pytest.mark.parametrize("who", ["client_user", "editor_user"])
def test_clients_and_content_editors_are_refused(client, request, scene, who):
    client.force_login(request.getfixturevalue(who))
    for url in _get_pages(*scene):
        assert client.get(url).status_code == 403, url
    for url in _post_pages(*scene):
        assert client.post(url, {"name": "X", "tags": "x"}).status_code == 403, url
    hotel, _other, _site = scene
    hotel.refresh_from_db()
    assert hotel.tags == ",hotel,vip," and Client.objects.count() == 2


def test_technician_opens_no_client_page(client, technician_user, scene):
    """Technicians hold no client permission (issue 11): the client list and
    every client's page are refused; a visit carries the details it needs."""
    client.force_login(technician_user)
    for url in _get_pages(*scene):
        assert client.get(url).status_code == 403, url
    for url in _post_pages(*scene):
        assert client.post(url, {"name": "X", "tags": "x"}).status_code == 403, url
    assert Client.objects.count() == 2 and ClientSite.objects.count() == 1


@pytest.mark.parametrize("who", ["sales_user", "admin_user"])
def test_sales_and_admins_open_every_page(client, request, scene, who):
    client.force_login(request.getfixturevalue(who))
    for url in _get_pages(*scene):
        assert client.get(url).status_code == 200, url


def test_unknown_client_is_404(client, sales_user, scene):
    import uuid

    client.force_login(sales_user)
    hotel, _other, site = scene
    ghost = uuid.uuid4()
    assert client.get(reverse("admin_portal:client-detail", args=[ghost])).status_code == 404
    assert (
        client.get(reverse("admin_portal:client-merge-confirm", args=[hotel.pk, ghost])).status_code
        == 404
    )
    # A site is only reachable under its own client.
    other_client = make_client("Someone Else")
    wrong = reverse("admin_portal:client-site-edit", args=[other_client.pk, site.pk])
    assert client.get(wrong).status_code == 404


# --- the list ----------------------------------------------------------------------


def test_list_shows_counts_tags_and_the_portal_marker(client, sales_user, hotel, service, windows):
    add_booking(hotel, service, windows[0])
    add_booking(hotel, service, windows[1])
    add_inquiry(hotel)
    add_inquiry(hotel, status=InquiryStatus.WON)  # closed: not an open inquiry
    old = add_quotation(hotel, status=QuotationStatus.SUPERSEDED)
    add_quotation(hotel, status=QuotationStatus.SENT)
    assert old.pk
    member = make_client("David Mwangi", user=ClientUserFactory(email="david@example.co.ke"))
    client.force_login(sales_user)
    response = client.get(reverse("admin_portal:clients"))
    assert response.status_code == 200
    rows = {c.name: c for c in response.context["page"].object_list}
    grace = rows["Grace Achieng"]
    assert (grace.booking_count, grace.open_inquiry_count, grace.quotation_count) == (2, 1, 1)
    html = response.content.decode()
    assert "Lakeview Hotel" in html and "vip" in html
    assert html.count('data-testid="portal-marker"') == 1
    assert rows[member.name].user_id
    assert _detail(hotel) in html


@pytest.mark.parametrize(
    "query", ["lakeview", "LAKEVIEW HOTEL", "grace@lake", "0733 100 200", "+254733100200"]
)
def test_list_search_by_name_company_email_and_phone(client, sales_user, hotel, query):
    make_client("Hassan Ali", company="Nyali Fresh Produce Ltd", phone="+254720300400")
    client.force_login(sales_user)
    response = client.get(reverse("admin_portal:clients"), {"q": query})
    assert [c.name for c in response.context["page"].object_list] == ["Grace Achieng"]


def test_list_filters_by_tag_account_and_consent(client, sales_user, hotel):
    make_client("Hassan Ali", tags=",cold-chain,")
    member = make_client("David Mwangi", user=ClientUserFactory(email="david@example.co.ke"))
    member.marketing_opt_in = True
    member.save()
    client.force_login(sales_user)
    url = reverse("admin_portal:clients")

    def names(**params):
        return sorted(c.name for c in client.get(url, params).context["page"].object_list)

    assert names(tag="hotel") == ["Grace Achieng"]
    assert names(tag="cold-chain") == ["Hassan Ali"]
    assert names(tag="unknown") == []
    assert names(account="yes") == ["David Mwangi"]
    assert names(account="no") == ["Grace Achieng", "Hassan Ali"]
    assert names(marketing="yes") == ["David Mwangi"]
    # Chips for every tag in use; the active one links back to "any tag".
    html = client.get(url, {"tag": "hotel"}).content.decode()
    assert 'data-testid="tag-chips"' in html
    for tag in ("cold-chain", "hotel", "vip"):
        assert f"{tag}</a>" in html or f">{tag}<" in html
    assert 'aria-current="true"' in html


def test_list_sorts_and_paginates(client, sales_user, frozen_now):
    for n in range(30):
        frozen_now.shift(dt.timedelta(minutes=1))
        make_client(f"Client {n:02d}")
    client.force_login(sales_user)
    url = reverse("admin_portal:clients")
    first = client.get(url)
    assert first.context["page"].paginator.count == 30
    assert len(first.context["page"].object_list) == 25
    assert first.context["page"].object_list[0].name == "Client 00"
    second = client.get(url, {"page": 2})
    assert [c.name for c in second.context["page"].object_list][-1] == "Client 29"
    newest = client.get(url, {"sort": "-created"})
    assert newest.context["page"].object_list[0].name == "Client 29"
    active = client.get(url, {"sort": "-activity"})
    assert active.status_code == 200
    # A bad sort or page never breaks the list.
    assert client.get(url, {"sort": "drop table", "page": "x"}).status_code == 200


def test_list_query_count_does_not_grow(client, sales_user, service, windows):
    with_history(make_client("Client 0", tags=",vip,"), service, windows[0])
    client.force_login(sales_user)
    url = reverse("admin_portal:clients")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for n in range(1, 50):
        with_history(make_client(f"Client {n}", tags=f",vip,t{n % 3},"), service, windows[n % 4])
    with CaptureQueriesContext(connection) as fifty:
        response = client.get(url)
    assert response.context["page"].paginator.count == 50
    row = response.context["page"].object_list[0]
    assert (row.booking_count, row.open_inquiry_count, row.quotation_count) == (1, 1, 1)
    # session, user, the user's permissions, company settings, the tags in
    # use, the count, the page of clients (counts annotated, account joined):
    # the same for 1 or 50.
    assert len(fifty) == len(one), [q["sql"] for q in fifty.captured_queries]


def test_export_is_csv_of_the_filtered_list_and_audited(client, sales_user, hotel):
    make_client("=HYPERLINK(evil)", tags=",other,")
    client.force_login(sales_user)
    response = client.get(reverse("admin_portal:clients-export"), {"tag": "vip"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][0].lstrip("\ufeff") == "name"
    assert [r[0] for r in rows[1:]] == ["Grace Achieng"]
    assert rows[1][3] == "+254733100200"  # a phone stays a phone
    everyone = client.get(reverse("admin_portal:clients-export"))
    text = b"".join(everyone.streaming_content).decode()
    assert "'=HYPERLINK(evil)" in text  # never a formula in a spreadsheet
    assert AuditLog.objects.filter(action="clients.exported", actor=sales_user).count() == 2


# --- a new client ------------------------------------------------------------------

NEW = {
    "name": "Mercy Chebet",
    "company": "Chebet Dairies",
    "email": "Mercy@Chebet.example",
    "phone": "0711 700 800",
    "address": "Milimani, Nakuru",
    "town": "Nakuru",
    "tags": "Dairy, cold-chain",
    "notes": "Prefers calls after 2 pm.",
}


def test_new_client_is_created_with_consent_recorded(client, sales_user, frozen_now):
    client.force_login(sales_user)
    assert client.get(reverse("admin_portal:client-new")).status_code == 200
    response = client.post(reverse("admin_portal:client-new"), {**NEW, "marketing_opt_in": "on"})
    created = Client.objects.get(name="Mercy Chebet")
    assert response.status_code == 302 and response["Location"] == _detail(created)
    assert created.email == "mercy@chebet.example"
    assert str(created.phone) == "+254711700800"
    assert created.tags == ",dairy,cold-chain,"
    assert created.marketing_opt_in and created.marketing_opt_in_at is not None
    assert created.marketing_opt_in_source == ConsentSource.STAFF
    entry = AuditLog.objects.get(action="client.created", target_id=str(created.pk))
    assert entry.actor == sales_user and entry.changes["consent_source"] == "staff"
    assert "Mercy Chebet" in _messages(response)[0]


def test_new_client_without_consent_records_none(client, sales_user):
    client.force_login(sales_user)
    client.post(reverse("admin_portal:client-new"), {"name": "Peter Njoroge"})
    created = Client.objects.get(name="Peter Njoroge")
    assert not created.marketing_opt_in and created.marketing_opt_in_at is None


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("email", "reservations@lakeview.example", "grace@lakeview.example"),
        ("phone", "0733 100 200", "+254 733 100200"),
    ],
)
def test_new_client_warns_of_a_duplicate_and_keeps_the_input(
    client, sales_user, hotel, field, value, expected
):
    if field == "email":
        hotel.email = value
        hotel.save()
    client.force_login(sales_user)
    data = {**NEW, field: value}
    response = client.post(reverse("admin_portal:client-new"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="duplicate-warning"' in html
    assert _detail(hotel) in html  # a link to the client on file
    assert 'value="Chebet Dairies"' in html and "Prefers calls after 2 pm." in html
    assert Client.objects.count() == 1
    # Confirmed as another person: added.
    response = client.post(reverse("admin_portal:client-new"), {**data, "allow_duplicate": "on"})
    assert response.status_code == 302
    assert Client.objects.count() == 2
    entry = AuditLog.objects.filter(action="client.created").latest("id")
    assert entry.changes.get("duplicate_confirmed") is True
    assert expected  # the match was shown by name and contact


@pytest.mark.parametrize(
    ("field", "value"),
    [("email", "not-an-address"), ("phone", "12"), ("name", "")],
)
def test_new_client_bad_input_is_a_field_error(client, sales_user, field, value):
    client.force_login(sales_user)
    response = client.post(reverse("admin_portal:client-new"), {**NEW, field: value})
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert 'value="Chebet Dairies"' in html  # the rest is kept
    if value:
        assert f'value="{value}"' in html
    assert not Client.objects.exists()


def test_new_client_too_many_tags_is_a_field_error(client, sales_user):
    client.force_login(sales_user)
    tags = ",".join(f"tag-number-{n}" for n in range(40))[:400]  # 402 stored
    response = client.post(reverse("admin_portal:client-new"), {**NEW, "tags": tags})
    assert response.status_code == 400
    assert "tags" in response.context["form"].errors
    assert not Client.objects.exists()


# --- one client --------------------------------------------------------------------


def test_detail_shows_every_section(client, sales_user, hotel, service, windows):
    booking = add_booking(hotel, service, windows[0], status="confirmed")
    inquiry = add_inquiry(hotel)
    quotation = add_quotation(hotel, status=QuotationStatus.SENT)
    invoice = add_invoice(hotel)
    add_client_site(
        client=hotel,
        label="Kitchen block",
        address="Milimani Rd",
        town="Kisumu",
        location_notes="Back gate",
        actor=sales_user,
    )
    update_client(client=hotel, actor=sales_user, notes="Pays on the 5th.")
    twin = make_client("Grace Achieng", email="", phone="")
    client.force_login(sales_user)
    response = client.get(_detail(hotel))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lakeview Hotel" in html and "grace@lakeview.example" in html
    assert reverse("admin_portal:booking-detail", args=[booking.reference]) in html
    assert inquiry.reference in html and quotation.display_number in html
    assert invoice.number in html and "52,200" in html
    assert "Kitchen block" in html and "Back gate" in html
    assert "Pays on the 5th." in html
    assert "Bookings (1)" in html and "Invoices (1)" in html
    # Activity from the audit log: the site, the notes (never their text).
    titles = [event["title"] for event in response.context["timeline"]]
    assert "Site added" in titles and "Details changed" in titles
    # The twin with the same name is offered for merging.
    assert reverse("admin_portal:client-merge-confirm", args=[hotel.pk, twin.pk]) in html
    # New booking comes with the client's details filled in.
    new_booking = response.context["new_booking_url"]
    assert new_booking.startswith(reverse("admin_portal:booking-new"))
    assert "phone=%2B254733100200" in new_booking and "name=Grace+Achieng" in new_booking


def test_detail_links_inquiries_quotations_and_a_new_quotation(client, sales_user, hotel):
    inquiry = add_inquiry(hotel)
    quotation = add_quotation(hotel)
    client.force_login(sales_user)
    html = client.get(_detail(hotel)).content.decode()
    for name, arg, text in (
        ("admin_portal:inquiry-detail", inquiry.reference, inquiry.reference),
        ("admin_portal:quotation-detail", quotation.pk, quotation.display_number),
    ):
        assert text in html
        assert f'href="{reverse(name, args=[arg])}"' in html
    assert f"{reverse('admin_portal:quotation-new')}?client={hotel.pk}" in html


def test_new_booking_form_is_prefilled_from_the_client_page(client, sales_user, hotel):
    client.force_login(sales_user)
    url = client.get(_detail(hotel)).context["new_booking_url"]
    html = client.get(url).content.decode()
    assert 'value="Grace Achieng"' in html and "grace@lakeview.example" in html


def test_detail_query_count_is_constant(client, sales_user, hotel, service, windows):
    with_history(hotel, service, windows[0])
    client.force_login(sales_user)
    url = _detail(hotel)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(12):
        with_history(hotel, service, windows[n % 4])
        add_client_site(client=hotel, label=f"Site {n}", address="Kisumu", actor=sales_user)
    make_client("Grace Achieng")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["records"].bookings) == 10
    assert response.context["client"].booking_count == 13
    assert len(response.context["sites"]) == 12
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_edit_details(client, sales_user, hotel):
    client.force_login(sales_user)
    url = reverse("admin_portal:client-edit", args=[hotel.pk])
    assert 'value="Lakeview Hotel"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "name": "Grace Achieng",
            "company": "Lakeview Hotel & Spa",
            "email": "GM@lakeview.example",
            "phone": "0733 100 201",
            "address": "Milimani, Kisumu",
            "town": "Kisumu",
        },
    )
    assert response.status_code == 302 and response["Location"] == _detail(hotel)
    hotel.refresh_from_db()
    assert hotel.company == "Lakeview Hotel & Spa" and hotel.email == "gm@lakeview.example"
    assert str(hotel.phone) == "+254733100201"
    entry = AuditLog.objects.get(action="client.updated", target_id=str(hotel.pk))
    assert set(entry.changes) == {"company", "email", "phone", "address"}


def test_edit_warns_when_the_new_details_match_another_client(client, sales_user, hotel):
    make_client("Someone", email="front@lakeview.example")
    client.force_login(sales_user)
    response = client.post(
        reverse("admin_portal:client-edit", args=[hotel.pk]),
        {"name": "Grace Achieng", "email": "front@lakeview.example"},
    )
    assert response.status_code == 302
    assert any("Possible duplicates" in m for m in _messages(response))


@pytest.mark.parametrize(("field", "value"), [("email", "grace@"), ("phone", "999"), ("name", "")])
def test_edit_bad_input_is_a_field_error_and_changes_nothing(
    client, sales_user, hotel, field, value
):
    client.force_login(sales_user)
    data = {"name": "Grace A.", "company": "Typed Co", "email": "g@l.example", field: value}
    response = client.post(reverse("admin_portal:client-edit", args=[hotel.pk]), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert 'value="Typed Co"' in response.content.decode()
    hotel.refresh_from_db()
    assert hotel.company == "Lakeview Hotel"


def test_tags_notes_and_preferences(client, sales_user, hotel, frozen_now):
    client.force_login(sales_user)
    response = client.post(
        reverse("admin_portal:client-tags", args=[hotel.pk]), {"tags-tags": "VIP, Hotel, kisumu"}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("admin_portal:client-notes", args=[hotel.pk]), {"notes-notes": "Gate code 4411"}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("admin_portal:client-preferences", args=[hotel.pk]),
        {"prefs-accepts_email": "on", "prefs-marketing_opt_in": "on"},
    )
    assert response.status_code == 302
    hotel.refresh_from_db()
    assert hotel.tags == ",vip,hotel,kisumu,"
    assert hotel.notes == "Gate code 4411"
    assert hotel.accepts_email and not hotel.accepts_sms and not hotel.accepts_whatsapp
    assert hotel.marketing_opt_in and hotel.marketing_opt_in_source == ConsentSource.STAFF
    entry = AuditLog.objects.get(action="client.contact_preferences_changed")
    assert entry.changes["source"] == [None, "staff"]
    notes_entry = AuditLog.objects.filter(action="client.updated").latest("id")
    assert notes_entry.changes == {"notes": "changed"}  # never the text itself
    html = client.get(_detail(hotel)).content.decode()
    assert "Gate code 4411" in html and "Recorded by staff" in html
    # A GET on an action address changes nothing.
    assert client.get(reverse("admin_portal:client-tags", args=[hotel.pk])).status_code == 302


def test_too_many_tags_come_back_on_the_page(client, sales_user, hotel):
    client.force_login(sales_user)
    tags = ",".join(f"tag-number-{n}" for n in range(40))[:400]  # 402 stored
    url = reverse("admin_portal:client-tags", args=[hotel.pk])
    response = client.post(url, {"tags-tags": tags})
    assert response.status_code == 400
    assert "tags" in response.context["tags_form"].errors
    html = response.content.decode()
    assert "tag-number-1" in html and 'id="id_tags-tags_error"' in html
    hotel.refresh_from_db()
    assert hotel.tags == ",hotel,vip,"


def test_add_edit_and_remove_a_site(client, sales_user, hotel):
    client.force_login(sales_user)
    response = client.post(
        reverse("admin_portal:client-site-new", args=[hotel.pk]),
        {
            "site-label": "Kitchen block",
            "site-address": "Milimani Rd",
            "site-town": "Kisumu",
            "site-location_notes": "Back gate",
        },
    )
    assert response.status_code == 302
    site = hotel.sites.get()
    assert (site.label, site.town, site.location_notes) == ("Kitchen block", "Kisumu", "Back gate")

    edit = reverse("admin_portal:client-site-edit", args=[hotel.pk, site.pk])
    assert 'value="Kitchen block"' in client.get(edit).content.decode()
    response = client.post(
        edit, {"site-label": "Kitchen", "site-address": "Milimani Rd 4", "site-town": "Kisumu"}
    )
    assert response.status_code == 302
    site.refresh_from_db()
    assert site.label == "Kitchen" and site.location_notes == ""
    assert AuditLog.objects.filter(action="client.site_changed").exists()

    delete = reverse("admin_portal:client-site-delete", args=[hotel.pk, site.pk])
    assert client.get(delete).status_code == 200
    assert ClientSite.objects.filter(pk=site.pk).exists()  # GET asks, never removes
    response = client.post(delete)
    assert response.status_code == 302
    assert not ClientSite.objects.filter(pk=site.pk).exists()
    assert AuditLog.objects.filter(action="client.site_removed").exists()


def test_site_bad_input_keeps_what_was_typed(client, sales_user, hotel):
    client.force_login(sales_user)
    response = client.post(
        reverse("admin_portal:client-site-new", args=[hotel.pk]),
        {"site-label": "", "site-address": "Milimani Rd", "site-location_notes": "Blue gate"},
    )
    assert response.status_code == 400
    assert "label" in response.context["site_form"].errors
    html = response.content.decode()
    assert "Milimani Rd" in html and 'value="Blue gate"' in html
    assert 'id="id_site-label_error"' in html
    assert not ClientSite.objects.exists()


def test_a_site_on_a_sent_quotation_is_not_removed(client, sales_user, hotel):
    site = add_client_site(client=hotel, label="Main", address="Milimani", actor=sales_user)
    add_quotation(hotel, status=QuotationStatus.SENT, site=site)
    client.force_login(sales_user)
    delete = reverse("admin_portal:client-site-delete", args=[hotel.pk, site.pk])
    assert "cannot be removed" in client.get(delete).content.decode()
    response = client.post(delete)
    assert response.status_code == 302
    assert ClientSite.objects.filter(pk=site.pk).exists()
    assert any("sent to the client" in m for m in _messages(response))


def test_a_site_only_on_a_draft_is_removed_and_the_draft_loses_it(client, sales_user, hotel):
    site = add_client_site(client=hotel, label="Main", address="Milimani", actor=sales_user)
    draft = add_quotation(hotel, site=site)
    client.force_login(sales_user)
    client.post(reverse("admin_portal:client-site-delete", args=[hotel.pk, site.pk]))
    draft.refresh_from_db()
    assert draft.site_id is None and not ClientSite.objects.exists()


# --- merging a duplicate -----------------------------------------------------------


@pytest.fixture
def duplicate(hotel, service, windows):
    """The same hotel, booked once under the reservations desk's e-mail."""
    twin = make_client(
        "Grace Achieng",
        email="reservations@lakeview.example",
        phone="",
        notes="Reception number on the card.",
        tags=",kisumu,",
    )
    add_booking(twin, service, windows[0])
    add_booking(twin, service, windows[1])
    add_inquiry(twin)
    add_quotation(twin, status=QuotationStatus.SENT)
    add_invoice(twin)
    add_client_site(client=twin, label="Annex", address="Milimani", actor=None)
    return twin


def test_merge_picker_offers_likely_duplicates_and_searches(client, sales_user, hotel, duplicate):
    make_client("Hassan Ali", company="Nyali Fresh Produce Ltd")
    client.force_login(sales_user)
    url = reverse("admin_portal:client-merge", args=[hotel.pk])
    response = client.get(url)
    assert [c.pk for c in response.context["suggestions"]] == [duplicate.pk]
    confirm = reverse("admin_portal:client-merge-confirm", args=[hotel.pk, duplicate.pk])
    assert confirm in response.content.decode()
    found = client.get(url, {"q": "nyali"}).context["results"]
    assert [c.name for c in found] == ["Hassan Ali"]
    # The client itself is never offered.
    assert all(c.pk != hotel.pk for c in client.get(url, {"q": "grace"}).context["results"])


def test_merge_confirmation_shows_both_and_what_moves_and_changes_nothing(
    client, sales_user, hotel, duplicate
):
    client.force_login(sales_user)
    url = reverse("admin_portal:client-merge-confirm", args=[hotel.pk, duplicate.pk])
    response = client.get(url)
    assert response.status_code == 200
    moves = dict(response.context["moves"])
    assert (moves["Bookings"], moves["Inquiries"], moves["Sites"], moves["Invoices"]) == (
        2,
        1,
        1,
        1,
    )
    assert moves["Quotations (every version)"] == 1
    html = response.content.decode()
    assert "reservations@lakeview.example" in html and "grace@lakeview.example" in html
    assert 'data-testid="merge-form"' in html and "is then deleted" in html
    assert "kisumu" in html  # the tags after the merge
    # Opening the page (any number of times) changes nothing.
    client.get(url)
    assert Client.objects.filter(pk=duplicate.pk).exists()
    assert Booking.objects.filter(client=duplicate).count() == 2
    assert not AuditLog.objects.filter(action="client.merged").exists()


def test_merge_moves_the_records_and_deletes_the_duplicate(client, sales_user, hotel, duplicate):
    client.force_login(sales_user)
    url = reverse("admin_portal:client-merge-confirm", args=[hotel.pk, duplicate.pk])
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == _detail(hotel)
    assert not Client.objects.filter(pk=duplicate.pk).exists()
    assert Booking.objects.filter(client=hotel).count() == 2
    assert Inquiry.objects.filter(client=hotel).count() == 1
    assert Quotation.objects.filter(client=hotel).count() == 1
    assert Invoice.objects.filter(client=hotel).count() == 1
    assert hotel.sites.count() == 1
    hotel.refresh_from_db()
    assert hotel.tags == ",hotel,vip,kisumu," and "Reception number" in hotel.notes
    entry = AuditLog.objects.get(action="client.merged")
    assert entry.actor == sales_user and entry.changes["bookings"] == 2
    assert "merged into" in _messages(response)[0]
    page = client.get(_detail(hotel))
    assert "A duplicate was merged in" in [e["title"] for e in page.context["timeline"]]


def test_merging_a_client_into_itself_is_refused(client, sales_user, hotel, service, windows):
    add_booking(hotel, service, windows[0])
    client.force_login(sales_user)
    url = reverse("admin_portal:client-merge-confirm", args=[hotel.pk, hotel.pk])
    response = client.get(url)
    html = response.content.decode()
    assert "Choose two different clients." in html
    assert 'data-testid="merge-form"' not in html
    response = client.post(url)
    assert response.status_code == 400
    assert "Choose two different clients." in response.content.decode()
    assert Client.objects.filter(pk=hotel.pk).exists()
    assert not AuditLog.objects.filter(action="client.merged").exists()


def test_two_clients_with_accounts_are_not_merged(client, sales_user, hotel, duplicate):
    hotel.user = ClientUserFactory(email="grace@lakeview.example")
    hotel.save()
    duplicate.user = ClientUserFactory(email="reservations@lakeview.example")
    duplicate.save()
    client.force_login(sales_user)
    url = reverse("admin_portal:client-merge-confirm", args=[hotel.pk, duplicate.pk])
    html = client.get(url).content.decode()
    assert "Both clients have their own account" in html
    assert 'data-testid="merge-form"' not in html
    response = client.post(url)
    assert response.status_code == 400
    assert Client.objects.filter(pk=duplicate.pk).exists()
    assert Booking.objects.filter(client=duplicate).count() == 2


def test_the_duplicates_account_moves_to_the_kept_client(client, sales_user, hotel, duplicate):
    account = ClientUserFactory(email="reservations@lakeview.example")
    duplicate.user = account
    duplicate.save()
    client.force_login(sales_user)
    url = reverse("admin_portal:client-merge-confirm", args=[hotel.pk, duplicate.pk])
    assert "moves to this client" in client.get(url).content.decode()
    client.post(url)
    hotel.refresh_from_db()
    assert hotel.user == account


# --- the global search -------------------------------------------------------------


def test_global_search_leads_to_the_client_page(client, sales_user, hotel):
    client.force_login(sales_user)
    response = client.get(reverse("admin_portal:search"), {"q": "lakeview"})
    assert _detail(hotel) in response.content.decode()
