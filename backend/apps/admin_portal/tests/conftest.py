"""The booking fixtures of apps.leads (a bookable service, the default
windows, a frozen Monday morning), shared with the admin portal's tests."""

# Quotations (issue 7): the leads quotation fixtures, and the quick PDF
# stand-in (autouse) so that page tests never wait for WeasyPrint.
from apps.leads.tests.conftest import (  # noqa: F401  # noqa: E402, F401
    _quick_pdf,
    book,
    booking_rules,
    category,
    dispatch_snapshot,
    first_window,
    frozen_now,
    lead_client,
    make_quotation,
    run_on_commit,
    send,
    sent_quotation,
    service,
    tech_a,
    tech_b,
    visits,
    windows,
)
