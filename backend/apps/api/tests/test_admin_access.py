"""Who may use /api/v1/admin/: anonymous 401, clients 403, staff by permission."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.core.models import AuditLog
from apps.users.models import Role

pytestmark = pytest.mark.django_db

ADMIN_ENDPOINTS = [
    ("get", "v1:admin:user-list"),
    ("get", "v1:admin:audit-log"),
    ("get", "v1:admin:company-settings"),
    ("patch", "v1:admin:company-settings"),
]


@pytest.mark.parametrize(("method", "name"), ADMIN_ENDPOINTS)
def test_anonymous_gets_401(api, method, name):
    response = getattr(api, method)(reverse(name), {})
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize(("method", "name"), ADMIN_ENDPOINTS)
def test_client_token_gets_403(as_user, client_user, method, name):
    response = getattr(as_user(client_user), method)(reverse(name), {})
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


@pytest.mark.parametrize(("method", "name"), ADMIN_ENDPOINTS)
def test_administrator_is_allowed(as_user, admin_user, method, name):
    response = getattr(as_user(admin_user), method)(reverse(name), {})
    assert response.status_code == 200


def test_technician_cannot_read_the_audit_log_or_change_settings(as_user, technician_user):
    api = as_user(technician_user)
    assert api.get(reverse("v1:admin:audit-log")).status_code == 403
    assert api.patch(reverse("v1:admin:company-settings"), {"name": "X"}).status_code == 403
    assert api.get(reverse("v1:admin:user-list")).status_code == 403


def test_sales_can_list_users_but_not_change_them(as_user, sales_user, client_user):
    api = as_user(sales_user)
    assert api.get(reverse("v1:admin:user-list")).status_code == 200
    url = reverse("v1:admin:user-detail", args=[client_user.pk])
    assert api.patch(url, {"role": "admin"}).status_code == 403
    client_user.refresh_from_db()
    assert client_user.role == Role.CLIENT


def test_staff_role_without_group_permission_is_refused(as_user, db):
    from tests.factories import StaffUserFactory

    bare = StaffUserFactory(email="bare@coollight.test", groups=[])
    assert as_user(bare).get(reverse("v1:admin:user-list")).status_code == 403


def test_deactivated_staff_token_stops_working(as_user, admin_user):
    api = as_user(admin_user)
    admin_user.is_active = False
    admin_user.save()
    assert api.get(reverse("v1:admin:user-list")).status_code == 401


def test_admin_changes_a_role_and_it_is_audited(as_user, admin_user, client_user):
    response = as_user(admin_user).patch(
        reverse("v1:admin:user-detail", args=[client_user.pk]),
        {"role": "staff", "groups": ["Sales"]},
    )
    assert response.status_code == 200, response.json()
    assert response.json()["role"] == "staff"
    assert response.json()["groups"] == ["Sales"]
    entry = AuditLog.objects.get(action="user.access_changed")
    assert entry.actor == admin_user
    assert entry.changes["role"] == ["client", "staff"]


def test_admin_cannot_demote_or_deactivate_themselves(as_user, admin_user):
    url = reverse("v1:admin:user-detail", args=[admin_user.pk])
    response = as_user(admin_user).patch(url, {"is_active": False})
    assert response.status_code == 400
    assert "role" in response.json()["errors"]


def test_unknown_group_is_named(as_user, admin_user, client_user):
    response = as_user(admin_user).patch(
        reverse("v1:admin:user-detail", args=[client_user.pk]), {"groups": ["Wizards"]}
    )
    assert response.status_code == 400
    assert "groups" in response.json()["errors"]


def test_unknown_user_is_404_in_the_error_shape(as_user, admin_user):
    response = as_user(admin_user).get(
        reverse("v1:admin:user-detail", args=["00000000-0000-0000-0000-000000000000"])
    )
    assert response.status_code == 404
    assert response.json() == {
        "detail": response.json()["detail"],
        "code": "not_found",
        "errors": {},
    }
