"""What the staff inbox reads: the mine-and-unassigned filter, phone search
typed the local way, the counts, an inquiry's activity; and an inquiry
logged by staff for a client they picked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from apps.leads.models import Client, FollowUp, InquiryStatus
from apps.leads.selectors import (
    follow_up_counts,
    follow_ups_for,
    inquiries_for_admin,
    inquiry_activity,
    inquiry_for_admin,
    inquiry_inbox_counts,
    new_inquiries_for,
)
from apps.leads.services import (
    add_follow_up,
    assign_inquiry,
    complete_follow_up,
    create_inquiry,
)
from apps.users import roles
from tests.factories import StaffUserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.date_sensitive]


def _ask(**kw):
    values = {"name": "Grace Achieng", "email": "grace@lakeview.example", "message": "Quote pls"}
    values.update(kw)
    return create_inquiry(**values)


@pytest.fixture
def colleague(db):
    return StaffUserFactory(email="achieng@coollight.test", groups=[roles.SALES])


def test_mine_and_unassigned_together(sales_user, colleague):
    mine = _ask(assignee=sales_user, email="a@example.com")
    theirs = _ask(assignee=colleague, email="b@example.com")
    shared = _ask(email="c@example.com")
    assign_inquiry(inquiry=shared, assignee=None, actor=sales_user)
    both = inquiries_for_admin(assignee_id=sales_user.pk, unassigned=True)
    assert set(both) == {mine, shared}
    assert set(inquiries_for_admin(unassigned=True)) == {shared}
    assert set(inquiries_for_admin(assignee_id=colleague.pk)) == {theirs}


@pytest.mark.parametrize("typed", ["0722 555 111", "0722-555-111", "+254 722 555 111", "722555111"])
def test_phone_typed_the_local_way_is_found(sales_user, typed):
    wanted = _ask(phone="+254722555111", email="")
    _ask(phone="+254733000111", email="other@example.com")
    assert list(inquiries_for_admin(search=typed)) == [wanted]


def test_short_numbers_are_not_phone_searches(sales_user):
    _ask(message="Need 2 units", phone="+254722555111")
    assert inquiries_for_admin(search="22").count() == 1  # "22" in the phone, as text
    assert inquiries_for_admin(search="2 units").count() == 1


def test_counts_and_the_newest_for_a_salesperson(sales_user, colleague):
    _ask(assignee=sales_user, email="a@example.com")
    _ask(assignee=colleague, email="b@example.com")
    shared = _ask(email="c@example.com")
    assign_inquiry(inquiry=shared, assignee=None, actor=sales_user)
    counts = inquiry_inbox_counts(user=sales_user)
    assert counts == {"new_unassigned": 1, "new_mine": 1, "new_total": 3, "open_mine": 1}
    assert {i.assignee_id for i in new_inquiries_for(user=sales_user)} == {None, sales_user.pk}


def test_detail_by_reference_or_id(sales_user):
    inquiry = _ask()
    assert inquiry_for_admin(inquiry.reference) == inquiry
    assert inquiry_for_admin(inquiry.reference.lower()) == inquiry
    assert inquiry_for_admin(str(inquiry.pk)) == inquiry
    assert inquiry_for_admin("INQ-NOPE") is None
    assert inquiry_for_admin("") is None


def test_activity_gathers_the_inquiry_and_its_follow_ups(sales_user):
    inquiry = _ask()
    other = _ask(email="someone@example.com")
    follow_up = add_follow_up(
        owner=sales_user,
        due_at=timezone.now() + dt.timedelta(days=1),
        note="Call",
        inquiry=inquiry,
        actor=sales_user,
    )
    complete_follow_up(follow_up=follow_up, actor=sales_user)
    actions = [
        e.action for e in inquiry_activity(inquiry_id=inquiry.pk, follow_up_ids=[follow_up.pk])
    ]
    assert actions == ["follow_up.completed", "follow_up.added", "inquiry.created"]
    assert [e.action for e in inquiry_activity(inquiry_id=other.pk)] == ["inquiry.created"]


def test_follow_up_windows_and_counts(sales_user, colleague):
    inquiry = _ask()
    now = timezone.now()
    for hours, owner in ((-1, sales_user), (1, sales_user), (48, sales_user), (2, colleague)):
        follow_up = add_follow_up(
            owner=owner,
            due_at=now + dt.timedelta(hours=max(hours, 0), minutes=1),
            note=f"in {hours}h",
            inquiry=inquiry,
            actor=sales_user,
        )
        # An overdue task is one whose time passed after it was added.
        FollowUp.objects.filter(pk=follow_up.pk).update(due_at=now + dt.timedelta(hours=hours))
    done = follow_ups_for(owner=sales_user).first()
    complete_follow_up(follow_up=done, actor=sales_user)
    assert follow_ups_for(only_done=True).get() == done
    assert follow_ups_for(include_done=True).count() == 4
    later = follow_ups_for(due_after=now + dt.timedelta(hours=24))
    assert [f.note for f in later] == ["in 48h"]
    counts = follow_up_counts(owner=sales_user, now=now)
    assert counts["overdue"] == 0 and counts["today"] + counts["upcoming"] == 2


def test_staff_log_an_inquiry_for_the_client_they_picked(sales_user):
    # Two records share the e-mail; the picked one gets the inquiry, not the oldest.
    Client.objects.create(name="Grace (old record)", email="grace@lakeview.example")
    picked = Client.objects.create(
        name="Lakeview Hotel", company="Lakeview", email="grace@lakeview.example"
    )
    inquiry = create_inquiry(
        client=picked,
        name="Grace Achieng",
        email="grace@lakeview.example",
        message="Call about the chiller",
        source="phone",
        actor=sales_user,
    )
    assert inquiry.client == picked
    assert inquiry.status == InquiryStatus.NEW
    assert Client.objects.count() == 2
