"""Demo people, one per role. Passwords are printed by ``make run``."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.utils import timezone

from apps.users import roles
from apps.users.models import Role, User

DEMO_PASSWORD_NOTE = "demo only; change them on any shared machine"

DEMO_USERS = (
    # email, password, full name, phone, role, group
    (
        "admin@coollight.demo",
        "CoolLight-Admin-2026",
        "Amina Wanjiru",
        "+254711000001",
        Role.ADMIN,
        roles.ADMINISTRATOR,
    ),
    (
        "sales@coollight.demo",
        "CoolLight-Sales-2026",
        "Brian Otieno",
        "+254711000002",
        Role.STAFF,
        roles.SALES,
    ),
    (
        "tech@coollight.demo",
        "CoolLight-Tech-2026",
        "Joseph Kamau",
        "+254711000003",
        Role.STAFF,
        roles.TECHNICIAN,
    ),
    # A second technician, so that each demo technician sees their own visits only.
    (
        "tech2@coollight.demo",
        "CoolLight-Tech2-2026",
        "Grace Achieng",
        "+254711000005",
        Role.STAFF,
        roles.TECHNICIAN,
    ),
    (
        "editor@coollight.demo",
        "CoolLight-Editor-2026",
        "Faith Njeri",
        "+254711000004",
        Role.STAFF,
        roles.CONTENT_EDITOR,
    ),
    (
        "client@coollight.demo",
        "CoolLight-Client-2026",
        "David Mwangi",
        "+254722555111",
        Role.CLIENT,
        roles.CLIENT,
    ),
)


def seed(out) -> None:
    created = 0
    for email, password, name, phone, role, group in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(
                email=email,
                full_name=name,
                phone=phone,
                role=role,
                email_verified_at=timezone.now(),
            )
            user.set_password(password)
            user.is_superuser = role == Role.ADMIN
            user.is_staff = role == Role.ADMIN
            user.save()
            user.groups.add(Group.objects.get(name=group))
            created += 1
    out.write(f"  users: {created} created, {len(DEMO_USERS) - created} already there")


def credentials() -> list[tuple[str, str, str]]:
    return [(group, email, password) for email, password, _n, _p, _r, group in DEMO_USERS]
