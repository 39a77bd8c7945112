from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from apps.catalog.models import Service, ServiceCategory
from apps.leads.models import Booking, Client
from apps.leads.selectors import bookings_visible_to
from apps.users import roles
from apps.users.models import Role, User

pytestmark = pytest.mark.django_db


def test_groups_are_seeded_with_their_permissions():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ALL_GROUPS)
    admin_perms = Group.objects.get(name=roles.ADMINISTRATOR).permissions
    assert admin_perms.filter(codename="change_companysettings").exists()
    assert admin_perms.filter(codename="change_user").exists()
    sales = set(Group.objects.get(name=roles.SALES).permissions.values_list("codename", flat=True))
    assert "view_user" in sales and "change_user" not in sales
    assert not Group.objects.get(name=roles.CLIENT).permissions.exists()


def test_every_permission_in_the_role_map_exists():
    for group, dotted_names in roles.GROUP_PERMISSIONS.items():
        for dotted in dotted_names:
            app_label, codename = dotted.split(".")
            assert Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).exists(), f"{group}: {dotted} does not exist"


def test_seed_demo_is_idempotent():
    call_command("seed_demo", stdout=StringIO())
    counts = (
        User.objects.count(),
        ServiceCategory.objects.count(),
        Service.objects.count(),
        Client.objects.count(),
    )
    hashes = dict(User.objects.values_list("email", "password"))
    call_command("seed_demo", stdout=StringIO())
    assert counts == (
        User.objects.count(),
        ServiceCategory.objects.count(),
        Service.objects.count(),
        Client.objects.count(),
    )
    assert hashes == dict(User.objects.values_list("email", "password"))
    assert ServiceCategory.objects.count() >= 8 and Service.objects.count() >= 20
    for role in Role.values:
        assert User.objects.filter(role=role).exists()
    assert Client.objects.filter(user__email="client@coollight.demo").exists()
    # Each demo technician has visits of their own, and not everyone's.

    for email in ("tech@coollight.demo", "tech2@coollight.demo"):
        own = bookings_visible_to(User.objects.get(email=email))
        assert 0 < own.count() < Booking.objects.count(), email


def test_demo_logins_print_every_role():
    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    for group in roles.ALL_GROUPS:
        assert group in text
    assert "/api/docs/" in text and "/admin/" in text


def test_email_is_unique_whatever_its_case():
    from django.db import IntegrityError, transaction

    User.objects.create_user("Mixed@Example.co.ke", "Some-Long-Pass-1")
    assert User.objects.get(email="mixed@example.co.ke")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="MIXED@example.co.ke")


def test_django_admin_is_for_superusers_only(client, admin_user, sales_user):
    client.force_login(sales_user)
    assert client.get("/django-admin/").status_code == 302
    admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    assert client.get("/django-admin/").status_code == 200
    for path in (
        "/django-admin/users/user/",
        "/django-admin/core/auditlog/",
        "/django-admin/services/service/",
        "/django-admin/leads/client/",
        "/django-admin/core/companysettings/",
    ):
        assert client.get(path).status_code == 200, path


def test_technicians_see_their_visits_and_nothing_of_the_office():
    tech = set(
        Group.objects.get(name=roles.TECHNICIAN).permissions.values_list(
            "content_type__app_label", "codename"
        )
    )
    assert {("leads", "view_booking"), ("leads", "change_booking")} <= tech
    for codename in (
        "view_client",
        "view_clientsite",
        "view_inquiry",
        "view_inquiryattachment",
        *(dotted.split(".")[1] for dotted in roles.BOOKING_DISPATCH_PERMISSIONS),
    ):
        assert ("leads", codename) not in tech, codename
    sales = set(Group.objects.get(name=roles.SALES).permissions.values_list("codename", flat=True))
    assert {"view_all_bookings", "export_booking", "cancel_booking", "assign_booking"} <= sales
    admin = Group.objects.get(name=roles.ADMINISTRATOR).permissions
    assert admin.filter(codename="view_all_bookings").exists()


def test_an_existing_database_gets_the_new_permission_set_on_migrate():
    """Groups are synced after every ``migrate``: a database whose Technician
    group still holds what it had before (clients, inquiries) loses it, and a
    Sales group without the new dispatch permissions gains them."""
    technician = Group.objects.get(name=roles.TECHNICIAN)
    before = Permission.objects.filter(
        content_type__app_label="leads",
        codename__in=("view_client", "view_clientsite", "view_inquiry", "view_inquiryattachment"),
    )
    technician.permissions.add(*before)
    sales = Group.objects.get(name=roles.SALES)
    sales.permissions.remove(*Permission.objects.filter(codename="export_booking"))
    call_command("migrate", verbosity=0)
    assert not technician.permissions.filter(pk__in=before).exists()
    assert sales.permissions.filter(codename="export_booking").exists()
