"""Templates declare their data: a message lacking a required variable is
refused with a ValidationError naming it, by the service and so the API."""

from __future__ import annotations

import copy
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.notifications.catalog import CATALOG, missing_variables
from apps.notifications.defaults import sample_context
from apps.notifications.models import Notification
from apps.notifications.services import load_email_templates, queue_notification

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("key", list(CATALOG))
def test_every_sample_has_every_required_variable(key):
    assert missing_variables(key, sample_context(key)) == []


@pytest.mark.parametrize("key", list(CATALOG))
def test_every_kind_declares_what_it_needs_among_its_variables(key):
    kind = CATALOG[key]
    assert kind.required_variables, key
    assert set(kind.required_variables) <= set(kind.variables)


def test_a_reminder_without_its_data_is_refused_naming_it():
    with pytest.raises(ValidationError) as caught:
        queue_notification(template_key="booking_reminder", to="peter@example.co.ke")
    messages = " ".join(caught.value.message_dict["context"])
    assert "booking.date" in messages and "booking.time" in messages
    assert not Notification.objects.exists()


def test_one_missing_variable_is_named_alone():
    context = copy.deepcopy(sample_context("booking_reminder"))
    del context["booking"]["time"]
    with pytest.raises(ValidationError) as caught:
        queue_notification(template_key="booking_reminder", to="a@example.co.ke", context=context)
    assert caught.value.message_dict["context"] == ["“booking.time” is missing (Visit start time)."]


def test_an_optional_variable_may_be_left_out():
    context = copy.deepcopy(sample_context("booking_cancelled"))
    del context["reason"]
    notification = queue_notification(
        template_key="booking_cancelled", to="a@example.co.ke", context=context
    )
    assert notification.status == "queued"


def test_the_api_answers_400_naming_the_missing_variable(as_user, admin_user):
    response = as_user(admin_user).post(
        reverse("v1:admin:notification-send"),
        {"template_key": "booking_reminder", "to": "peter@example.co.ke"},
        format="json",
    )
    assert response.status_code == 400, response.json()
    body = response.json()
    assert set(body) >= {"detail", "code", "errors"}
    assert any("booking.date" in message for message in body["errors"]["context"])
    assert not Notification.objects.exists()


def test_the_api_sends_when_the_data_is_complete(as_user, admin_user):
    response = as_user(admin_user).post(
        reverse("v1:admin:notification-send"),
        {
            "template_key": "booking_reminder",
            "to": "peter@example.co.ke",
            "context": {
                key: value
                for key, value in sample_context("booking_reminder").items()
                if key in ("client", "booking", "hours_before")
            },
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert "Reminder" in Notification.objects.get().subject


def test_the_staff_editor_marks_what_every_message_carries(client, sales_user):
    client.force_login(sales_user)
    html = client.get(
        reverse("notifications_admin:template-edit", args=["booking_cancelled"])
    ).content.decode()
    marked = re.findall(
        r"\{\{ ([\w.]+) \}\}</code></dt>\s*<dd[^>]*>[^<]*"
        r"<span[^>]*data-testid=\"required-variable\"",
        html,
    )
    assert set(marked) == set(CATALOG["booking_cancelled"].required_variables)
    assert "reason" not in marked  # optional: a cancellation without a reason is fine


def test_the_template_api_lists_the_required_variables(as_user, admin_user):
    load_email_templates()
    body = (
        as_user(admin_user)
        .get(reverse("v1:admin:template-detail", args=["booking_reminder"]))
        .json()
    )
    assert "booking.date" in body["required_variables"]
    assert set(body["required_variables"]) <= set(body["variables"])


@pytest.fixture
def outsiders(technician_user, client_user):
    return {"technician": technician_user, "client": client_user}


def test_outsiders_cannot_open_the_template_editor(client, outsiders):
    url = reverse("notifications_admin:template-edit", args=["booking_cancelled"])
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert "required-variable" not in anonymous.content.decode()
    for role, user in outsiders.items():
        client.force_login(user)
        assert client.get(url).status_code == 403, role
        assert client.post(url, {"subject": "x"}).status_code == 403, role
        client.logout()


def test_outsiders_cannot_send_or_read_templates_by_api(api, as_user, outsiders, editor_user):
    send = reverse("v1:admin:notification-send")
    message = {"template_key": "booking_reminder", "to": "peter@example.co.ke"}
    detail = reverse("v1:admin:template-detail", args=["booking_reminder"])
    assert api.post(send, message, format="json").status_code == 401
    assert api.get(detail).status_code == 401
    for role, user in outsiders.items():
        assert as_user(user).post(send, message, format="json").status_code == 403, role
        assert as_user(user).get(detail).status_code == 403, role
    # A content editor edits the templates' words but sends no messages.
    response = as_user(editor_user).post(send, message, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert not Notification.objects.exists()
