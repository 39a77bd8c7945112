"""A duplicate client for staff to merge: Lakeview Hotel again, as its
reservations desk wrote to us from another address. Runs after the bookings
demo so it takes none of the randomly spread demo visits."""

from __future__ import annotations

from apps.leads.models import Client, InquirySource
from apps.users.models import User

DUPLICATE_EMAIL = "reservations@lakeview.example"


def seed(out) -> None:
    from apps.leads.services import create_client, create_inquiry

    if Client.objects.filter(email__iexact=DUPLICATE_EMAIL).exists():
        out.write("  duplicate client: already there")
        return
    admin = User.objects.filter(email="admin@coollight.demo").first()
    create_client(
        name="Grace Achieng",
        email=DUPLICATE_EMAIL,
        town="Kisumu",
        tags="kisumu",
        notes="Reservations desk; ask for Grace in the mornings.",
        allow_duplicate=True,
        actor=admin,
    )
    create_inquiry(
        name="Grace Achieng",
        email=DUPLICATE_EMAIL,
        subject="Kitchen cold room",
        message="The kitchen cold room at the hotel needs a service before the high season.",
        source=InquirySource.EMAIL,
        actor=admin,
    )
    out.write("  duplicate client: Lakeview Hotel's reservations desk, to merge")
