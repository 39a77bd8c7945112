"""Races that only PostgreSQL's row locks can prove: quotation numbers with
neither duplicates nor gaps, fair round-robin routing, and one invoice for a
double accept."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from apps.billing.models import Invoice
from apps.leads.models import Quotation, QuotationStatus
from apps.leads.tests.conftest import LINES
from apps.users import roles
from tests.factories import StaffUserFactory

THREADS = 24


def _fire(count: int, work) -> list:
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def worker(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[i] = work(i)
        except Exception as exc:  # collected and asserted on below
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


@pytest.fixture
def sales_team(db):
    Group.objects.get_or_create(name=roles.SALES)
    return [
        StaffUserFactory(email=f"sales{i}@coollight.test", groups=[roles.SALES]) for i in range(4)
    ]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_quotations_get_consecutive_unique_numbers(lead_client, sales_team, monkeypatch):
    from apps.leads.services import create_quotation
    from apps.leads.services import quotations as module

    real_write_lines = module._write_lines

    def failing_write_lines(quotation, lines):
        if quotation.title == "fail":  # after the number was taken: it must be released
            raise RuntimeError("simulated failure")
        return real_write_lines(quotation, lines)

    monkeypatch.setattr(module, "_write_lines", failing_write_lines)

    def make(i: int):
        title = "fail" if i % 6 == 5 else f"Quote {i}"
        return create_quotation(
            client=lead_client, lines=[LINES[0]], actor=sales_team[0], title=title
        ).number

    results = _fire(THREADS, make)
    numbers = [r for r in results if isinstance(r, str)]
    assert len(numbers) == THREADS - THREADS // 6
    unexpected = [r for r in results if not isinstance(r, str) and "simulated" not in str(r)]
    assert not unexpected, unexpected
    assert len(numbers) == len(set(numbers)), Counter(numbers).most_common(3)
    sequence = sorted(int(n.rsplit("-", 1)[1]) for n in numbers)
    assert sequence == list(range(1, len(numbers) + 1))  # no gaps, no duplicates
    assert Quotation.objects.count() == len(numbers)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_round_robin_is_fair_under_concurrency(sales_team):
    from apps.leads.services import create_inquiry

    results = _fire(
        THREADS,
        lambda i: (
            create_inquiry(
                name=f"Customer {i}", email=f"c{i}@example.com", message="Please call me"
            ).assignee_id
        ),
    )
    assert all(not isinstance(r, Exception) for r in results), results
    counts = Counter(results)
    assert set(counts) == {u.pk for u in sales_team}
    assert set(counts.values()) == {THREADS // len(sales_team)}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_double_accept_makes_one_invoice(lead_client, sales_team, monkeypatch):
    from apps.leads.services import accept_quotation, create_quotation, send_quotation

    monkeypatch.setattr("apps.leads.services.quotations._enqueue_pdf", lambda quotation: None)
    quotation = create_quotation(client=lead_client, lines=list(LINES), actor=sales_team[0])
    send_quotation(quotation=quotation, actor=sales_team[0])

    def accept(i: int):
        return accept_quotation(
            quotation=Quotation.objects.get(pk=quotation.pk), signer_name=f"Signer {i}"
        ).status

    results = _fire(10, accept)
    accepted = [r for r in results if r == QuotationStatus.ACCEPTED]
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(accepted) == 1
    assert len(refused) == 9 and all(getattr(e, "conflict", False) for e in refused)
    assert Invoice.objects.filter(quotation=quotation).count() == 1
