from __future__ import annotations

import pytest

from apps.leads.models import Client
from apps.leads.services import match_or_create_client

pytestmark = pytest.mark.django_db


def test_same_customer_by_email_or_phone_is_one_client():
    first = match_or_create_client(name="Achieng", email="Achieng@Example.com")
    by_email = match_or_create_client(
        name="A. Otieno", email="achieng@example.com", phone="+254722000111"
    )
    by_phone = match_or_create_client(name="Achieng O", phone="+254722000111")
    assert first.pk == by_email.pk == by_phone.pk
    first.refresh_from_db()
    assert first.name == "Achieng"  # details on file are kept
    assert str(first.phone) == "+254722000111"  # blanks are filled in
    assert Client.objects.count() == 1


def test_signed_in_customer_is_matched_by_account(client_user):
    own = match_or_create_client(name="Wanjiku", email="other@example.com", user=client_user)
    again = match_or_create_client(name="W", email="different@example.com", user=client_user)
    assert own.pk == again.pk and own.user == client_user


def test_a_shared_phone_with_another_name_makes_a_new_client():
    """A stranger typing a number that is on file (a household, an office, a
    typo) must not land on that client's record, or in their portal."""
    david = match_or_create_client(name="David Mwangi", email="", phone="+254722555111")
    joseph = match_or_create_client(name="Joseph Mutua", phone="+254722555111")
    assert joseph.pk != david.pk
    assert Client.objects.count() == 2


def test_a_phone_match_never_overrides_a_different_email():
    on_file = match_or_create_client(name="Amina Hassan", email="amina@example.com")
    on_file.phone = "+254733000222"
    on_file.save()
    other = match_or_create_client(
        name="Amina Hassan", email="amina.h@example.org", phone="+254733000222"
    )
    assert other.pk != on_file.pk


@pytest.mark.parametrize(
    ("on_file", "typed", "agree"),
    [
        ("David Mwangi", "David", True),
        ("David Mwangi", "mwangi  david", True),
        ("J. Otieno", "J Otieno", True),
        ("David Mwangi", "Joseph Mutua", False),
        ("David Mwangi", "", False),
    ],
)
def test_names_agree(on_file, typed, agree):
    from apps.leads.services.clients import names_agree

    assert names_agree(on_file, typed) is agree


def test_verifying_the_email_claims_the_records_kept_under_it():
    """Requests made without an account, then an account whose empty record
    exists before the address is verified: verifying brings the history in."""
    from apps.core.models import AuditLog
    from apps.leads.models import Inquiry
    from apps.leads.selectors import inquiries_for_client
    from apps.leads.services import create_inquiry
    from apps.users.services import make_email_verification_token, verify_email
    from tests.factories import ClientUserFactory

    first = create_inquiry(name="Late Comer", email="late@example.co.ke", message="Quote pls")
    # A second record under the same address (an import, a phone booking).
    other = Client.objects.create(name="Late C.", email="late@example.co.ke")
    second = create_inquiry(client=other, name="Late C.", email=other.email, message="Again")
    user = ClientUserFactory(email="late@example.co.ke", email_verified_at=None)
    empty = match_or_create_client(name="Late Comer", email=user.email, user=user)
    assert empty.user == user and not inquiries_for_client(user).exists()

    verify_email(token=make_email_verification_token(user))

    assert set(inquiries_for_client(user)) == {first, second}
    assert Client.objects.filter(email__iexact="late@example.co.ke").count() == 1
    assert Inquiry.objects.filter(client__user=user).count() == 2
    assert AuditLog.objects.filter(action="client.merged").exists()


def test_an_unverified_or_staff_account_claims_nothing(sales_user):
    from apps.leads.services import claim_client_history, create_inquiry
    from tests.factories import ClientUserFactory

    create_inquiry(name="Someone", email="someone@example.co.ke", message="Hi")
    create_inquiry(name="Staff Twin", email=sales_user.email, message="Hi")
    unverified = ClientUserFactory(email="someone@example.co.ke", email_verified_at=None)
    assert claim_client_history(user=unverified) is None
    assert claim_client_history(user=sales_user) is None
    assert not Client.objects.filter(user__isnull=False).exists()
