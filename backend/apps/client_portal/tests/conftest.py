"""The bookings fixtures (a bookable service, the default windows, a fixed
Monday morning) for the booking pages' tests, and the quotation fixtures
(with the signed-in client as the quotation's client) for the requests and
quotes pages' tests."""

import pytest

from apps.leads.tests.conftest import (  # noqa: F401
    NOW,
    SATURDAY,
    SUNDAY,
    TUESDAY,
    _quick_pdf,
    book,
    booking_rules,
    category,
    first_window,
    frozen_now,
    image_bytes,
    make_quotation,
    pdf_bytes,
    run_on_commit,
    send,
    service,
    upload,
    windows,
)

# --- requests (inquiries) and quotes --------------------------------------------


@pytest.fixture
def lead_client(client_user):
    """The quotation fixtures' client: here the signed-in client's own record."""
    from apps.leads.models import Client

    return Client.objects.create(
        name="Wanjiku Kariuki", email=client_user.email, phone="+254722555111", user=client_user
    )


@pytest.fixture
def their_client(other_client_user):
    from apps.leads.models import Client

    return Client.objects.create(
        name="Otieno Outsider", email=other_client_user.email, user=other_client_user
    )


@pytest.fixture
def ask():
    """``ask(user, **overrides)`` makes an inquiry through ``create_inquiry``."""
    from apps.leads.services import create_inquiry

    def _ask(user, **overrides):
        values = {
            "name": user.full_name,
            "email": user.email,
            "phone": "+254722555111",
            "message": "The bedroom unit drips water onto the floor.",
            "user": user,
        }
        values.update(overrides)
        return create_inquiry(**values)

    return _ask
