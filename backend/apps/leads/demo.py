"""Demo clients: the demo client account's record and a few walk-in customers."""

from __future__ import annotations

from django.utils import timezone

from apps.leads.models import Client, ConsentSource
from apps.users.models import User

CLIENTS = (
    (
        "David Mwangi",
        "",
        "client@coollight.demo",
        "+254722555111",
        "Kilimani, Argwings Kodhek Rd, Nairobi",
        "Nairobi",
        True,
    ),
    (
        "Grace Achieng",
        "Lakeview Hotel",
        "grace@lakeview.example",
        "+254733100200",
        "Milimani, Kisumu",
        "Kisumu",
        True,
    ),
    (
        "Hassan Ali",
        "Nyali Fresh Produce Ltd",
        "hassan@nyalifresh.example",
        "+254720300400",
        "Nyali, Links Rd, Mombasa",
        "Mombasa",
        False,
    ),
    (
        "Mercy Chebet",
        "",
        "mercy.chebet@example.com",
        "+254711700800",
        "Milimani, Nakuru",
        "Nakuru",
        True,
    ),
    (
        "Samuel Kiprono",
        "Westlands Dental Clinic",
        "admin@westlandsdental.example",
        "+254701900100",
        "Westlands, Nairobi",
        "Nairobi",
        False,
    ),
)


def seed(out) -> None:
    created = 0
    for name, company, email, phone, address, town, opt_in in CLIENTS:
        if Client.objects.filter(email__iexact=email).exists():
            continue
        Client.objects.create(
            name=name,
            company=company,
            email=email,
            phone=phone,
            address=address,
            town=town,
            user=User.objects.filter(email=email).first(),
            marketing_opt_in=opt_in,
            marketing_opt_in_at=timezone.now() if opt_in else None,
            marketing_opt_in_source=ConsentSource.WEBSITE_FORM if opt_in else "",
        )
        created += 1
    out.write(f"  clients: {created} created")
