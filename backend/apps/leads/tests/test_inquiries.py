"""Inquiries: routing, the thread, status rules, follow-ups and their reminders,
and merging duplicate clients."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from apps.core.exceptions import DomainError
from apps.core.models import AuditLog
from apps.leads.models import (
    Client,
    ClientSite,
    FollowUp,
    InquiryRoutingRule,
    InquirySource,
    InquiryStatus,
)
from apps.leads.services import (
    add_client_site,
    add_follow_up,
    assign_inquiry,
    change_inquiry_status,
    client_reply,
    complete_follow_up,
    create_inquiry,
    merge_clients,
    send_follow_up_reminders,
    update_client,
)
from apps.leads.tests.conftest import image_bytes, upload
from apps.notifications.models import Notification
from apps.users import roles
from tests.factories import StaffUserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.date_sensitive]


def _ask(**kw):
    values = {"name": "Grace Achieng", "email": "grace@lakeview.example", "message": "Quote pls"}
    values.update(kw)
    return create_inquiry(**values)


def test_routing_rule_beats_round_robin(sales_user, service):
    specialist = StaffUserFactory(email="coldrooms@coollight.test", groups=[roles.SALES])
    InquiryRoutingRule.objects.create(category=service.category, assignee=specialist)
    assert _ask(service=service).assignee == specialist
    assert _ask().assignee in (sales_user, specialist)


def test_round_robin_takes_turns(db):
    team = [StaffUserFactory(email=f"s{i}@coollight.test", groups=[roles.SALES]) for i in range(3)]
    StaffUserFactory(email="tech2@coollight.test", groups=[roles.TECHNICIAN])
    assignees = [_ask(email=f"c{i}@example.com").assignee for i in range(6)]
    assert assignees == [*team, *team]


def test_no_sales_user_leaves_it_in_the_shared_inbox_and_tells_the_company(db):
    from apps.core.selectors import company_settings

    company = company_settings()
    company.email = "office@coollight.test"
    company.save()
    inquiry = _ask()
    assert inquiry.assignee is None
    assert not Notification.objects.filter(template_key="inquiry_assigned").exists()
    assert Notification.objects.filter(template_key="inquiry_received").exists()
    alert = Notification.objects.get(template_key="inquiry_unassigned")
    assert alert.to_address == "office@coollight.test"
    assert inquiry.reference in alert.subject


def test_a_routed_inquiry_does_not_alert_the_company(sales_user):
    _ask()
    assert not Notification.objects.filter(template_key="inquiry_unassigned").exists()


def test_contact_page_hand_off_signature(sales_user):
    """The contact form calls exactly this."""
    inquiry = create_inquiry(
        source=InquirySource.CONTACT_PAGE,
        name="Mercy Chebet",
        email="mercy.chebet@example.com",
        phone="+254711700800",
        subject="Noisy AC unit",
        message="Our office unit rattles.",
    )
    assert inquiry.source == "contact_page" and inquiry.subject == "Noisy AC unit"
    note = Notification.objects.get(template_key="inquiry_received")
    assert "Noisy AC unit" in note.body_text


def test_notifications_for_each_event(sales_user, admin_user):
    inquiry = _ask()
    assign_inquiry(inquiry=inquiry, assignee=admin_user, actor=sales_user)
    from apps.leads.services import reply_to_inquiry

    reply_to_inquiry(inquiry=inquiry, body="We will call you", actor=admin_user)
    keys = list(Notification.objects.order_by("created_at").values_list("template_key", flat=True))
    assert keys == ["inquiry_received", "inquiry_assigned", "inquiry_assigned", "inquiry_reply"]
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.IN_PROGRESS


def test_status_rules(sales_user):
    inquiry = _ask()
    with pytest.raises(DomainError):
        change_inquiry_status(inquiry=inquiry, to_status=InquiryStatus.WON, actor=sales_user)
    with pytest.raises(DomainError) as caught:
        change_inquiry_status(inquiry=inquiry, to_status=InquiryStatus.LOST, actor=sales_user)
    assert caught.value.field == "reason"
    change_inquiry_status(
        inquiry=inquiry, to_status=InquiryStatus.LOST, actor=sales_user, reason="No budget"
    )
    inquiry.refresh_from_db()
    assert (inquiry.status, inquiry.lost_reason) == ("lost", "No budget")
    # The customer writes again: taken up again.
    client_reply(inquiry=inquiry, body="Budget found!")
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.IN_PROGRESS and inquiry.lost_reason == ""


def test_client_reply_attachment_count_counts_earlier_files(sales_user, settings):
    settings.INQUIRY_MAX_ATTACHMENTS = 2
    inquiry = _ask(attachments=[upload("a.png", image_bytes()), upload("b.png", image_bytes())])
    with pytest.raises(DomainError) as caught:
        client_reply(inquiry=inquiry, body="one more", attachments=[upload("c.png", image_bytes())])
    assert caught.value.field == "attachments"


def test_follow_up_reminders_are_sent_once(sales_user):
    inquiry = _ask()
    now = timezone.now()
    due = add_follow_up(
        owner=sales_user,
        due_at=now + dt.timedelta(minutes=5),
        note="Call back",
        inquiry=inquiry,
        actor=sales_user,
    )
    later = add_follow_up(
        owner=sales_user,
        due_at=now + dt.timedelta(days=2),
        note="Later",
        inquiry=inquiry,
        actor=sales_user,
    )
    now += dt.timedelta(minutes=10)  # the first one falls due
    assert send_follow_up_reminders(now=now) == 1
    assert send_follow_up_reminders(now=now) == 0
    notes = Notification.objects.filter(template_key="followup_due")
    assert notes.count() == 1 and "Call back" in notes.get().body_text
    due.refresh_from_db()
    assert due.reminded_at is not None
    later.refresh_from_db()
    assert later.reminded_at is None
    complete_follow_up(follow_up=later, actor=sales_user)
    assert send_follow_up_reminders(now=now + dt.timedelta(days=3)) == 0
    from apps.leads.selectors import due_follow_ups

    assert list(due_follow_ups(owner=sales_user, now=now)) == [due]


def test_follow_up_needs_an_aware_time_and_a_subject(sales_user):
    with pytest.raises(DomainError):
        add_follow_up(owner=sales_user, due_at=timezone.now(), note="x", actor=sales_user)
    with pytest.raises(DomainError):
        add_follow_up(
            owner=sales_user,
            due_at=timezone.localtime().replace(tzinfo=None) + dt.timedelta(days=1),
            note="x",
            client=Client.objects.create(name="C"),
            actor=sales_user,
        )


def test_merge_moves_everything_and_the_account(
    frozen_now, sales_user, client_user, book, make_quotation, send
):
    from apps.billing.models import Invoice
    from apps.leads.services import accept_quotation

    keep = Client.objects.create(name="Peter Kamau", email="", tags=",hotel,")
    duplicate = Client.objects.create(
        name="P. Kamau", email="peter@example.co.ke", user=client_user, tags=",vip,"
    )
    booking = book(email="peter@example.co.ke")
    assert booking.client == duplicate
    inquiry = _ask(email="peter@example.co.ke")
    quotation = send(make_quotation(client=duplicate))
    accept_quotation(quotation=quotation, signer_name="Peter Kamau")
    add_client_site(client=duplicate, label="Home", address="Kilimani", actor=sales_user)
    add_follow_up(
        owner=sales_user, due_at=timezone.now(), note="Call", client=duplicate, actor=sales_user
    )
    merged = merge_clients(keep=keep, duplicate=duplicate, actor=sales_user)
    assert merged.user == client_user and merged.email == "peter@example.co.ke"
    assert set(merged.tag_list) == {"hotel", "vip"}
    for obj in (booking, inquiry, quotation):
        obj.refresh_from_db()
        assert obj.client == keep
    assert Invoice.objects.get().client == keep
    assert ClientSite.objects.get().client == keep
    assert FollowUp.objects.get().client == keep
    assert not Client.objects.filter(pk=duplicate.pk).exists()
    entry = AuditLog.objects.get(action="client.merged")
    assert entry.changes["bookings"] == 1 and entry.changes["account"] == 1


def test_merge_refuses_two_accounts_and_itself(sales_user, client_user, other_client_user):
    a = Client.objects.create(name="A", user=client_user)
    b = Client.objects.create(name="B", user=other_client_user)
    with pytest.raises(DomainError):
        merge_clients(keep=a, duplicate=b, actor=sales_user)
    with pytest.raises(DomainError):
        merge_clients(keep=a, duplicate=a, actor=sales_user)


def test_tags_are_normalised_and_filterable(sales_user):
    client = Client.objects.create(name="Lakeview Hotel")
    update_client(client=client, actor=sales_user, tags="Hotel,  VIP , hotel", notes="secret")
    client.refresh_from_db()
    assert client.tags == ",hotel,vip,"
    from apps.leads.selectors import clients_for_admin

    assert list(clients_for_admin(tag="vip")) == [client]
    assert list(clients_for_admin(tag="hot")) == []
    entry = AuditLog.objects.get(action="client.updated")
    assert entry.changes["notes"] == "changed"  # internal notes are not copied to the log


def test_a_follow_up_in_the_past_is_refused_and_the_owner_has_a_default(sales_user, admin_user):
    inquiry = _ask()
    with pytest.raises(DomainError) as caught:
        add_follow_up(
            due_at=timezone.now() - dt.timedelta(minutes=1),
            note="Too late",
            inquiry=inquiry,
            actor=sales_user,
        )
    assert caught.value.field == "due_at"
    mine = add_follow_up(
        due_at=timezone.now() + dt.timedelta(hours=1),
        note="Call back",
        inquiry=inquiry,
        actor=admin_user,
    )
    assert mine.owner == admin_user  # whoever adds it
    by_system = add_follow_up(
        due_at=timezone.now() + dt.timedelta(hours=1), note="Chase", inquiry=inquiry, actor=None
    )
    assert by_system.owner == inquiry.assignee == sales_user
