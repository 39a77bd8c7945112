"""How long the PDF of a 30-line quotation takes to render (target: < 2 s).

Runs on a throw-away in-memory database (the test settings), renders the
same 30-line quotation ``N`` times (default 10) in one process, as a Celery
worker would, and prints the first (cold: fonts loaded) and the warm
renders' median and worst time. Exits 1 when the warm median is over 2 s.

    cd backend && .venv/bin/python ../bench/quote_pdf.py [N]
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "backend"))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ.pop("DATABASE_URL", None)  # in-memory SQLite: nothing to set up or clean

import django  # noqa: E402

django.setup()

from django.test.utils import setup_databases, setup_test_environment  # noqa: E402

TARGET_SECONDS = 2.0


def main(runs: int) -> int:
    setup_test_environment()
    setup_databases(verbosity=0, interactive=False)
    from apps.core.models import CompanySettings
    from apps.leads.models import Client
    from apps.leads.quotation_pdf import render_quotation_pdf_bytes
    from apps.leads.services import create_quotation
    from apps.leads.tests.test_quotation_pdf import thirty_lines
    from apps.users.models import User

    company = CompanySettings.get_solo()
    company.kra_pin = "P051234567X"
    company.quote_terms = "50% deposit on acceptance, balance on commissioning.\n" * 3
    company.save()
    client = Client.objects.create(
        name="Hassan Ali", company="Nyali Fresh Produce Ltd", address="Nyali, Mombasa"
    )
    staff = User.objects.create_user("bench@example.com", None, role="staff")
    quotation = create_quotation(client=client, lines=thirty_lines(), actor=staff, title="Bench")
    times = []
    size = 0
    for _ in range(runs):
        started = time.perf_counter()
        size = len(render_quotation_pdf_bytes(quotation))
        times.append(time.perf_counter() - started)
    warm = times[1:] or times
    median = statistics.median(warm)
    print(
        f"30-line quotation PDF ({size / 1024:.0f} KB): cold {times[0]:.2f} s, "
        f"warm median {median:.2f} s, worst {max(warm):.2f} s over {len(warm)} runs "
        f"({'within' if median < TARGET_SECONDS else 'OVER'} the {TARGET_SECONDS:.0f} s target)"
    )
    return 0 if median < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10))
