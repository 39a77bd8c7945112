"""The CRM-lite services and selectors behind the staff client pages: adding
a client by hand (duplicates, consent), sites, the merge preview, the list's
search, filters and counts, and a client's activity."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.core.exceptions import DomainError
from apps.core.models import AuditLog
from apps.leads.models import (
    Client,
    ClientSite,
    ConsentSource,
    Inquiry,
    InquiryStatus,
    Quotation,
    QuotationStatus,
)
from apps.leads.selectors import (
    client_activity,
    client_records,
    client_tags,
    clients_for_admin,
    possible_duplicates,
    search_clients,
)
from apps.leads.services import (
    DuplicateClient,
    add_client_site,
    create_client,
    merge_clients,
    merge_preview,
    remove_client_site,
    update_client_site,
)
from tests.factories import ClientUserFactory

pytestmark = pytest.mark.django_db


def _quotation(client, number, status=QuotationStatus.DRAFT, site=None, version=1):
    return Quotation.objects.create(
        number=number,
        version=version,
        client=client,
        site=site,
        status=status,
        currency="KES",
        valid_until=timezone.localdate() + dt.timedelta(days=30),
        total=Decimal("1000"),
    )


def _inquiry(client, reference, status=InquiryStatus.NEW):
    return Inquiry.objects.create(
        reference=reference, client=client, contact_name=client.name, message="Hi", status=status
    )


# --- adding a client by hand ----------------------------------------------------------


def test_create_client_records_consent_and_audits(sales_user):
    client = create_client(
        name="  Mercy Chebet ",
        email="Mercy@Example.com",
        phone="+254711700800",
        tags="Dairy, dairy, Cold-chain",
        marketing_opt_in=True,
        actor=sales_user,
    )
    assert client.name == "Mercy Chebet" and client.email == "mercy@example.com"
    assert client.tags == ",dairy,cold-chain,"
    assert client.marketing_opt_in and client.marketing_opt_in_at is not None
    assert client.marketing_opt_in_source == ConsentSource.STAFF
    entry = AuditLog.objects.get(action="client.created", target_id=str(client.pk))
    assert entry.actor == sales_user and entry.changes["marketing_opt_in"] == [False, True]


def test_create_client_without_consent_leaves_no_consent_record(sales_user):
    client = create_client(name="Peter Njoroge", actor=sales_user)
    assert not client.marketing_opt_in and client.marketing_opt_in_at is None
    assert client.marketing_opt_in_source == ""


@pytest.mark.parametrize(
    ("email", "phone", "field"),
    [("GRACE@lakeview.example", "", "email"), ("", "+254733100200", "phone")],
)
def test_create_client_refuses_a_duplicate_unless_confirmed(sales_user, email, phone, field):
    existing = Client.objects.create(
        name="Grace Achieng", email="grace@lakeview.example", phone="+254733100200"
    )
    with pytest.raises(DuplicateClient) as caught:
        create_client(name="G. Achieng", email=email, phone=phone, actor=sales_user)
    assert caught.value.field == field
    assert caught.value.extra["matches"] == [existing]
    assert Client.objects.count() == 1
    create_client(
        name="G. Achieng", email=email, phone=phone, allow_duplicate=True, actor=sales_user
    )
    assert Client.objects.count() == 2


def test_create_client_needs_a_name(sales_user):
    with pytest.raises(DomainError) as caught:
        create_client(name="  ", actor=sales_user)
    assert caught.value.field == "name"


def test_possible_duplicates_match_email_phone_or_name_but_never_itself():
    grace = Client.objects.create(name="Grace Achieng", email="grace@lakeview.example")
    same_email = Client.objects.create(name="Reception", email="Grace@Lakeview.example")
    same_name = Client.objects.create(name="grace achieng")
    Client.objects.create(name="Hassan Ali", email="hassan@nyalifresh.example")
    found = possible_duplicates(email=grace.email, name=grace.name, exclude_id=grace.pk)
    assert set(found) == {same_email, same_name}
    assert list(possible_duplicates()) == []


# --- sites -----------------------------------------------------------------------------


def test_update_client_site_audits_the_change(sales_user):
    client = Client.objects.create(name="Hassan Ali")
    site = add_client_site(client=client, label="Cold room", address="Nyali", actor=sales_user)
    update_client_site(
        site=site, label="Cold room 1", address="Nyali", town="Mombasa", actor=sales_user
    )
    site.refresh_from_db()
    assert (site.label, site.town) == ("Cold room 1", "Mombasa")
    entry = AuditLog.objects.get(action="client.site_changed")
    assert entry.changes["label"] == ["Cold room", "Cold room 1"]
    with pytest.raises(DomainError) as caught:
        update_client_site(site=site, label="Cold room 1", address=" ", actor=sales_user)
    assert caught.value.field == "address"


def test_a_site_named_by_a_sent_quotation_stays(sales_user):
    client = Client.objects.create(name="Hassan Ali")
    site = add_client_site(client=client, label="Cold room", address="Nyali", actor=sales_user)
    _quotation(client, "Q-2026-0001", QuotationStatus.SENT, site=site)
    with pytest.raises(DomainError):
        remove_client_site(site=site, actor=sales_user)
    assert ClientSite.objects.filter(pk=site.pk).exists()


def test_removing_a_site_clears_it_from_drafts(sales_user):
    client = Client.objects.create(name="Hassan Ali")
    site = add_client_site(client=client, label="Cold room", address="Nyali", actor=sales_user)
    draft = _quotation(client, "Q-2026-0001", site=site)
    remove_client_site(site=site, actor=sales_user)
    draft.refresh_from_db()
    assert draft.site_id is None
    assert AuditLog.objects.filter(action="client.site_removed", target_id=str(client.pk)).exists()


# --- the merge preview -----------------------------------------------------------------


def test_merge_preview_says_what_the_merge_then_does(sales_user):
    keep = Client.objects.create(name="Grace Achieng", email="grace@lakeview.example", tags=",vip,")
    duplicate = Client.objects.create(
        name="Grace Achieng",
        phone="+254733100200",
        town="Kisumu",
        notes="Reception",
        tags=",kisumu,",
        user=ClientUserFactory(email="reservations@lakeview.example"),
        marketing_opt_in=True,
    )
    _inquiry(duplicate, "INQ-M0001")
    _quotation(duplicate, "Q-2026-0001", QuotationStatus.SUPERSEDED)
    _quotation(duplicate, "Q-2026-0001", QuotationStatus.SENT, version=2)
    add_client_site(client=duplicate, label="Annex", address="Milimani", actor=sales_user)

    preview = merge_preview(keep=keep, duplicate=duplicate)
    assert preview.moves["inquiries"] == 1 and preview.moves["quotations"] == 2
    assert preview.moves["sites"] == 1 and preview.moves["bookings"] == 0
    assert dict(preview.filled) == {"phone": duplicate.phone, "town": "Kisumu"}
    assert preview.notes_appended and preview.account_moves and preview.consent_differs
    assert preview.tags == ["vip", "kisumu"]
    assert Client.objects.filter(pk=duplicate.pk).exists()  # nothing changed

    merge_clients(keep=keep, duplicate=duplicate, actor=sales_user)
    changes = AuditLog.objects.get(action="client.merged").changes
    assert {k: changes[k] for k in preview.moves} == preview.moves


@pytest.mark.parametrize(
    ("keep_consent", "duplicate_consent", "merged"),
    [
        # (opt-in, days ago the decision was recorded or None) of each record
        ((True, 10), (False, 2), False),  # withdrawn later: no
        ((False, 10), (True, 2), True),  # given later: yes
        ((True, 2), (False, 10), True),  # given after the old withdrawal: yes
        ((True, None), (False, None), False),  # no dates: "no" wins
        ((False, None), (True, None), False),
        ((True, None), (False, 3), False),  # only a dated decision counts
    ],
)
def test_merged_marketing_consent_follows_the_latest_decision(
    keep_consent, duplicate_consent, merged, sales_user
):
    def consent(opt_in, days):
        at = timezone.now() - dt.timedelta(days=days) if days is not None else None
        return {"marketing_opt_in": opt_in, "marketing_opt_in_at": at}

    keep = Client.objects.create(name="Keep", **consent(*keep_consent))
    duplicate = Client.objects.create(name="Duplicate", **consent(*duplicate_consent))
    assert merge_preview(keep=keep, duplicate=duplicate).marketing_opt_in is merged
    merge_clients(keep=keep, duplicate=duplicate, actor=sales_user)
    keep.refresh_from_db()
    assert keep.marketing_opt_in is merged


def test_merge_preview_refuses_what_the_merge_refuses():
    one = Client.objects.create(name="A", user=ClientUserFactory(email="a@example.co.ke"))
    two = Client.objects.create(name="B", user=ClientUserFactory(email="b@example.co.ke"))
    with pytest.raises(DomainError, match="different clients"):
        merge_preview(keep=one, duplicate=one)
    with pytest.raises(DomainError, match="own account"):
        merge_preview(keep=one, duplicate=two)
    with pytest.raises(DomainError, match="own account"):
        merge_clients(keep=one, duplicate=two, actor=None)


# --- the list and a client's page ------------------------------------------------------


@pytest.mark.parametrize(
    "typed", ["0722 555 111", "+254 722 555 111", "0722-555-111", "722555111", "Mwangi", "Kisumu"]
)
def test_search_finds_a_phone_the_way_people_type_it(typed):
    david = Client.objects.create(name="David Mwangi", phone="+254722555111", town="Kisumu")
    Client.objects.create(name="Someone Else", phone="+254733000000", town="Nairobi")
    assert list(search_clients(query=typed)) == [david]
    assert list(clients_for_admin(search=typed)) == [david]


def test_list_filters_and_counts():
    member = Client.objects.create(
        name="David Mwangi",
        user=ClientUserFactory(email="david@example.co.ke"),
        marketing_opt_in=True,
        tags=",vip,",
    )
    walk_in = Client.objects.create(name="Peter Njoroge", tags=",hotel,vip,")
    _inquiry(member, "INQ-L0001")
    _inquiry(member, "INQ-L0002", InquiryStatus.LOST)
    _quotation(member, "Q-2026-0001", QuotationStatus.SUPERSEDED)
    _quotation(member, "Q-2026-0001", QuotationStatus.SENT, version=2)
    assert list(clients_for_admin(has_account=True)) == [member]
    assert list(clients_for_admin(has_account=False)) == [walk_in]
    assert list(clients_for_admin(marketing_opt_in=True)) == [member]
    assert list(clients_for_admin(marketing_opt_in=False)) == [walk_in]
    assert list(clients_for_admin(tag="hotel")) == [walk_in]
    row = clients_for_admin().get(pk=member.pk)
    assert (row.inquiry_count, row.open_inquiry_count, row.quotation_count) == (2, 1, 1)
    assert row.last_activity_at >= row.updated_at
    assert client_tags() == ["hotel", "vip"]


def test_records_and_activity_follow_what_the_reader_may_see(sales_user):
    client = create_client(name="Hassan Ali", actor=sales_user)
    inquiry = _inquiry(client, "INQ-A0001")
    quotation = _quotation(client, "Q-2026-0001")
    AuditLog.objects.create(
        action="inquiry.assigned", target_type="leads.inquiry", target_id=str(inquiry.pk)
    )
    AuditLog.objects.create(
        action="quotation.sent", target_type="leads.quotation", target_id=str(quotation.pk)
    )
    other = Client.objects.create(name="Someone Else")
    AuditLog.objects.create(
        action="client.updated", target_type="leads.client", target_id=str(other.pk)
    )
    actions = {e.action for e in client_activity(client=client)}
    assert actions == {"client.created", "inquiry.assigned", "quotation.sent"}
    limited = {e.action for e in client_activity(client=client, kinds=("booking", "inquiry"))}
    assert limited == {"client.created", "inquiry.assigned"}
    records = client_records(client=client)
    assert records.inquiries == [inquiry] and records.quotations == [quotation]
