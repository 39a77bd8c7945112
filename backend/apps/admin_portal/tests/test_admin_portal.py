"""Admin portal: only staff, only with the page's permission; users & roles,
audit log, settings and search work through the services."""

import datetime as dt
import re
from email.utils import parseaddr

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.core.models import AuditLog
from apps.core.selectors import company_settings
from apps.users.models import Role, User
from tests.factories import ClientUserFactory, StaffUserFactory

pytestmark = pytest.mark.django_db

# Every page of the portal, with the permission it needs (None: any staff).
PAGES = [
    ("admin_portal:dashboard", None),
    ("admin_portal:search", None),
    ("admin_portal:styleguide", None),
    ("admin_portal:users", "users.view_user"),
    ("admin_portal:user-invite", "users.add_user"),
    ("admin_portal:audit-log", "core.view_auditlog"),
    ("admin_portal:settings", "core.change_companysettings"),
    ("admin_portal:clients", "leads.view_client"),
    ("admin_portal:bookings", "leads.view_booking"),
]


def _user_pages(subject):
    return [
        reverse("admin_portal:user-detail", args=[subject.pk]),
        reverse("admin_portal:user-deactivate", args=[subject.pk]),
        reverse("admin_portal:user-reactivate", args=[subject.pk]),
    ]


@pytest.mark.parametrize(("name", "_perm"), PAGES)
def test_anonymous_is_sent_to_sign_in(client, name, _perm):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.parametrize(("name", "_perm"), PAGES)
def test_client_is_refused_and_pointed_to_their_portal(client, client_user, name, _perm):
    client.force_login(client_user)
    response = client.get(reverse(name))
    assert response.status_code == 403
    assert reverse("client_portal:dashboard") in response.content.decode()


def test_client_refused_on_user_pages_and_posts(client, client_user, admin_user):
    client.force_login(client_user)
    for url in _user_pages(admin_user):
        assert client.get(url).status_code == 403
        assert client.post(url).status_code == 403
    admin_user.refresh_from_db()
    assert admin_user.is_active


@pytest.mark.parametrize(("name", "perm"), PAGES)
def test_admin_opens_every_page_they_hold_the_permission_for(client, admin_user, name, perm):
    # Sections whose models do not exist yet (bookings) have no permission to
    # hold, so only superusers see their placeholders.
    client.force_login(admin_user)
    expected = 200 if perm is None or admin_user.has_perm(perm) else 403
    assert client.get(reverse(name)).status_code == expected


def test_superuser_sees_every_section(client, admin_user):
    admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    html = client.get(reverse("admin_portal:dashboard")).content.decode()
    for key in (
        "bookings",
        "schedule",
        "inquiries",
        "quotations",
        "invoices",
        "clients",
        "services",
        "categories",
        "portfolio",
        "media",
        "pages",
        "posts",
        "banners",
        "testimonials",
        "faq",
        "notifications",
        "campaigns",
        "reports",
        "users",
        "audit",
        "settings",
        "styleguide",
    ):
        assert f'data-nav="{key}"' in html, key
    assert client.get(reverse("admin_portal:bookings")).status_code == 200


def test_technician_without_permissions_is_refused_and_sidebar_hides_entries(
    client, technician_user
):
    client.force_login(technician_user)
    for name, perm in PAGES:
        expected = 200 if perm is None or technician_user.has_perm(perm) else 403
        assert client.get(reverse(name)).status_code == expected, name
    html = client.get(reverse("admin_portal:dashboard")).content.decode()
    assert 'data-nav="bookings"' in html  # the visits they go to
    # No client list, no inquiries inbox (issue 11): a visit carries what it needs.
    for hidden in ("users", "audit", "settings", "clients", "inquiries"):
        assert f'data-nav="{hidden}"' not in html


def test_sales_sees_users_but_cannot_change_them(client, sales_user, client_user):
    client.force_login(sales_user)
    assert client.get(reverse("admin_portal:users")).status_code == 200
    assert client.get(reverse("admin_portal:user-invite")).status_code == 403
    detail = reverse("admin_portal:user-detail", args=[client_user.pk])
    assert client.get(detail).status_code == 200
    assert client.post(detail, {"role": "admin"}).status_code == 403
    deactivate = reverse("admin_portal:user-deactivate", args=[client_user.pk])
    assert client.post(deactivate).status_code == 403
    client_user.refresh_from_db()
    assert client_user.is_active and client_user.role == Role.CLIENT


def test_users_list_query_count_does_not_grow(client, admin_user, django_assert_max_num_queries):
    client.force_login(admin_user)
    url = reverse("admin_portal:users")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    ClientUserFactory.create_batch(15)
    StaffUserFactory.create_batch(5, groups=["Sales"])
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    # session, user, company settings, count, page of users, their groups,
    # and the sidebar's permission look-ups: the same however many rows.
    assert len(many) == len(few)


def test_users_list_search_filter_and_pagination(client, admin_user):
    ClientUserFactory.create_batch(30)
    ClientUserFactory(email="zawadi@example.co.ke", full_name="Zawadi Mutua")
    client.force_login(admin_user)
    response = client.get(reverse("admin_portal:users"), {"q": "zawadi"})
    html = response.content.decode()
    assert "Zawadi Mutua" in html and 'value="zawadi"' in html
    page_two = client.get(reverse("admin_portal:users"), {"role": "client", "page": 2})
    assert page_two.context["page"].number == 2
    assert 'rel="prev"' in page_two.content.decode()
    inactive = client.get(reverse("admin_portal:users"), {"status": "inactive"})
    assert "No one matches these filters" in inactive.content.decode()


def test_invite_staff_sends_a_set_password_link(
    client, admin_user, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin_portal:user-invite"),
            {
                "email": "New.Tech@CoolLight.test",
                "full_name": "Njoroge",
                "role": "staff",
                "groups": ["Technician"],
            },
        )
    assert response.status_code == 302
    invited = User.objects.get(email="new.tech@coollight.test")
    assert invited.role == Role.STAFF and not invited.has_usable_password()
    assert list(invited.groups.values_list("name", flat=True)) == ["Technician"]
    assert AuditLog.objects.filter(action="user.invited", actor=admin_user).exists()
    assert [parseaddr(a)[1] for a in mail.outbox[0].to] == ["new.tech@coollight.test"]
    link = re.search(r"/accounts/reset/[^/]+/[^/]+/", mail.outbox[0].body).group(0)
    done = client.post(
        link,
        {"new_password": "Tsavo-Elephant-Trail-7", "new_password_again": "Tsavo-Elephant-Trail-7"},
    )
    assert done.status_code == 302
    invited.refresh_from_db()
    assert invited.has_usable_password() and invited.email_verified_at is not None


def test_invite_errors_keep_input(client, admin_user, client_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin_portal:user-invite"),
        {
            "email": client_user.email,
            "full_name": "Kept Name",
            "role": "staff",
            "groups": ["Sales"],
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "already exists" in html and 'value="Kept Name"' in html


def test_change_role_and_groups(client, admin_user, sales_user):
    client.force_login(admin_user)
    url = reverse("admin_portal:user-detail", args=[sales_user.pk])
    response = client.post(url, {"role": "staff", "groups": ["Sales", "Content editor"]})
    assert response.status_code == 302
    assert set(sales_user.groups.values_list("name", flat=True)) == {"Sales", "Content editor"}
    assert AuditLog.objects.filter(action="user.access_changed").exists()


def test_deactivate_has_a_confirmation_page_and_dialog(client, admin_user, client_user):
    client.force_login(admin_user)
    detail = client.get(reverse("admin_portal:user-detail", args=[client_user.pk]))
    assert 'data-dialog-open="confirm-deactivate"' in detail.content.decode()
    url = reverse("admin_portal:user-deactivate", args=[client_user.pk])
    assert "Deactivate this person?" in client.get(url).content.decode()
    client_user.refresh_from_db()
    assert client_user.is_active  # GET changes nothing
    client.post(url)
    client_user.refresh_from_db()
    assert not client_user.is_active
    client.post(reverse("admin_portal:user-reactivate", args=[client_user.pk]))
    client_user.refresh_from_db()
    assert client_user.is_active


def test_admin_cannot_deactivate_themselves(client, admin_user):
    client.force_login(admin_user)
    client.post(reverse("admin_portal:user-deactivate", args=[admin_user.pk]))
    admin_user.refresh_from_db()
    assert admin_user.is_active


def test_audit_log_filters(client, admin_user, sales_user):
    from apps.core.services import record_audit

    record_audit(actor=admin_user, action="user.invited", target=sales_user)
    record_audit(actor=sales_user, action="client.created", target=sales_user)
    client.force_login(admin_user)
    url = reverse("admin_portal:audit-log")
    by_action = client.get(url, {"action": "client.created"})
    assert [e.action for e in by_action.context["page"].object_list] == ["client.created"]
    by_actor = client.get(url, {"actor": "boss@"})
    assert {e.actor_label for e in by_actor.context["page"].object_list} == {admin_user.email}
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    future = client.get(url, {"date_from": tomorrow.isoformat()})
    assert "No entries match" in future.content.decode()
    bad = client.get(url, {"date_from": "2026-03-05", "date_to": "2026-03-01"})
    assert "The end date is before the start date." in bad.content.decode()


def test_settings_edit_business_hours_per_weekday(client, admin_user):
    client.force_login(admin_user)
    url = reverse("admin_portal:settings")
    page = client.get(url)
    assert page.status_code == 200
    data = {k: v for k, v in page.context["form"].initial.items() if v is not None}
    data = {k: str(v) for k, v in data.items()}
    data.update(
        {
            "mon_open": "08:00",
            "mon_close": "12:30",
            "mon_open2": "14:00",
            "mon_close2": "17:00",
            "sun_open": "",
            "sun_close": "",
            "name": "Global Cool-Light E.A LTD",
            "currency": "KES",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    hours = company_settings().business_hours
    assert hours["mon"] == [["08:00", "12:30"], ["14:00", "17:00"]]
    assert hours["sun"] == []
    assert AuditLog.objects.filter(action="company_settings.updated").exists()


def test_settings_reject_closing_before_opening(client, admin_user):
    client.force_login(admin_user)
    url = reverse("admin_portal:settings")
    initial = client.get(url).context["form"].initial
    data = {k: str(v) for k, v in initial.items() if v is not None}
    data.update({"tue_open": "17:00", "tue_close": "08:00", "tagline": "Typed tagline"})
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "opening must be before closing" in html
    assert 'value="Typed tagline"' in html


def test_global_search_finds_people_and_clients(client, admin_user, client_user):
    from apps.leads.models import Client

    Client.objects.create(name="Serena Hotel", email="facilities@serena.test")
    client.force_login(admin_user)
    full = client.get(reverse("admin_portal:search"), {"q": "serena"})
    assert "Serena Hotel" in full.content.decode()
    partial = client.get(reverse("admin_portal:search"), {"q": "wanjiku"}, HTTP_HX_REQUEST="true")
    html = partial.content.decode()
    assert "Wanjiku Kariuki" in html and "<html" not in html


def test_search_only_shows_sources_the_person_may_see(client, editor_user, client_user):
    client.force_login(editor_user)
    response = client.get(reverse("admin_portal:search"), {"q": "wanjiku"})
    assert "Wanjiku" not in response.content.decode()
