"""Fixtures and helpers of the inquiry and follow-up page tests (imported by
those test modules, so the shared conftest stays untouched)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from apps.leads.models import Client, FollowUp, Inquiry, InquirySource, InquiryStatus
from apps.leads.services import create_inquiry
from apps.leads.tests.conftest import image_bytes, pdf_bytes, upload
from apps.users import roles
from tests.factories import StaffUserFactory

NAIROBI = ZoneInfo("Africa/Nairobi")
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=NAIROBI)  # the frozen clock (frozen_now)


def make_inquiry(n: int, *, status=InquiryStatus.NEW, assignee=None, service=None, **fields):
    """An inquiry written straight to the tables (for read tests that need many)."""
    client = Client.objects.create(
        name=f"Client {n}", email=f"client{n}@example.co.ke", phone=f"+254700{n:06d}"
    )
    values = {
        "reference": f"INQ-T{n:04d}",
        "client": client,
        "service": service,
        "contact_name": f"Client {n}",
        "contact_email": client.email,
        "contact_phone": str(client.phone),
        "message": f"Message number {n}",
        "source": InquirySource.WEBSITE_FORM,
        "status": status,
        "assignee": assignee,
        "last_activity_at": NOW,
    }
    values.update(fields)
    return Inquiry.objects.create(**values)


def make_follow_up(n: int, *, owner, due_at, inquiry=None, done=False):
    inquiry = inquiry or make_inquiry(1000 + n, assignee=owner)
    return FollowUp.objects.create(
        inquiry=inquiry,
        client=inquiry.client,
        owner=owner,
        note=f"Call back number {n}",
        due_at=due_at,
        done_at=NOW if done else None,
    )


@pytest.fixture
def other_sales(db):
    return StaffUserFactory(
        email="achieng@coollight.test", full_name="Achieng Odhiambo", groups=[roles.SALES]
    )


@pytest.fixture
def no_perm_staff(db):
    """Staff with no group at all: signs in to the portal, may open nothing of leads."""
    return StaffUserFactory(email="newstarter@coollight.test", full_name="New Starter")


@pytest.fixture
def inquiry(frozen_now, sales_user, service):
    """A quote request from the website with a photo and a PDF, given to sales_user."""
    return create_inquiry(
        assignee=sales_user,
        name="Grace Achieng",
        email="grace@lakeview.example",
        phone="+254733100200",
        message="Two rooms need split units before the conference season.",
        subject="Hotel rooms",
        service=service,
        site_address="Milimani, Kisumu",
        attachments=[
            upload("room.png", image_bytes(), "image/png"),
            upload("floor-plan.pdf", pdf_bytes(), "application/pdf"),
        ],
    )
