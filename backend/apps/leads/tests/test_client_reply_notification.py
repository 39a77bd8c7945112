"""When a client writes on their inquiry, the staff handling it hear of it
(``inquiry_client_replied``): the assignee; every Sales user when the
inquiry is in the shared inbox; the company's address with no Sales staff.
Queued inside the reply's transaction, once per reply and person."""

from __future__ import annotations

import pytest
from django.core import mail

from apps.core.services import update_company_settings
from apps.leads.models import Inquiry
from apps.leads.services import assign_inquiry, client_reply, create_inquiry
from apps.notifications.defaults import default_texts, validate_template_fields
from apps.notifications.models import Notification
from apps.users import roles
from tests.factories import StaffUserFactory

from .conftest import image_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def inquiry(db) -> Inquiry:
    return create_inquiry(
        name="Hassan Ali",
        email="hassan@nyalifresh.example",
        message="We need a cold room in Nyali.",
        subject="Cold room",
    )


def replies() -> list[Notification]:
    return list(
        Notification.objects.filter(template_key="inquiry_client_replied").order_by("to_address")
    )


def test_the_assignee_hears_of_the_reply_with_its_files(
    sales_user, inquiry, django_capture_on_commit_callbacks
):
    assert inquiry.assignee == sales_user
    with django_capture_on_commit_callbacks(execute=True):
        client_reply(
            inquiry=inquiry,
            body="Monday suits us; ask for Hassan at the gate.",
            attachments=[upload("gate.png", image_bytes())],
        )
    [message] = replies()
    assert message.to_address == sales_user.email
    assert message.subject == f"Hassan Ali replied on inquiry {inquiry.reference}"
    assert "ask for Hassan at the gate" in message.body_text
    assert "1 file attached" in message.body_text
    assert f"/admin/inquiries/{inquiry.reference}/" in message.body_text
    assert any(sales_user.email in m.to[0] for m in mail.outbox)


def test_an_unassigned_inquiry_tells_every_sales_user(sales_user, admin_user, inquiry):
    second = StaffUserFactory(email="sales2@coollight.test", groups=[roles.SALES])
    StaffUserFactory(email="tech2@coollight.test", groups=[roles.TECHNICIAN])
    assign_inquiry(inquiry=inquiry, assignee=None, actor=admin_user)
    inquiry.refresh_from_db()
    client_reply(inquiry=inquiry, body="Any news?")
    assert sorted(m.to_address for m in replies()) == sorted([sales_user.email, second.email])


def test_with_no_sales_staff_the_company_address_is_told(db):
    update_company_settings(actor=None, email="info@coollight.test")
    inquiry = create_inquiry(name="Hassan Ali", phone="+254720300400", message="Cold room?")
    assert inquiry.assignee is None
    client_reply(inquiry=inquiry, body="Hello?")
    assert [m.to_address for m in replies()] == ["info@coollight.test"]


def test_an_inactive_assignee_is_passed_over_for_the_team(sales_user, inquiry):
    other = StaffUserFactory(email="sales2@coollight.test", groups=[roles.SALES])
    type(sales_user).objects.filter(pk=sales_user.pk).update(is_active=False)
    inquiry.refresh_from_db()
    client_reply(inquiry=inquiry, body="Hello?")
    assert [m.to_address for m in replies()] == [other.email]


def test_each_reply_is_its_own_message(sales_user, inquiry):
    client_reply(inquiry=inquiry, body="First")
    client_reply(inquiry=inquiry, body="Second")
    assert len(replies()) == 2


def test_no_message_when_the_reply_fails(sales_user, inquiry):
    from apps.leads.services import InquiryError

    with pytest.raises(InquiryError):
        client_reply(inquiry=inquiry, body="   ")
    assert replies() == []


def test_the_template_renders_with_its_documented_sample():
    texts = default_texts("inquiry_client_replied")
    validate_template_fields(
        "inquiry_client_replied",
        subject=texts["subject"],
        body_html=texts["body_html"],
        body_text=texts["body_text"],
    )
