"""Load the demo company: people for every role, the service catalog, and
whatever each domain app adds. Safe to run again: records are matched by
their natural keys and left alone when present."""

from __future__ import annotations

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

# Each module has ``seed(out) -> None``; order matters (people before bookings).
DEMO_MODULES = (
    "apps.core.demo",
    "apps.users.demo",
    "apps.media.demo",
    "apps.catalog.demo",
    "apps.portfolio.demo",
    "apps.cms.demo",
    "apps.leads.demo",
    "apps.notifications.demo",
    "apps.leads.booking_demo",
    "apps.leads.quote_demo",
    "apps.leads.portal_demo",
    "apps.leads.client_demo",
)


class Command(BaseCommand):
    help = "Create or complete the demo data (idempotent)."

    def handle(self, *args, **options):
        for dotted in DEMO_MODULES:
            with transaction.atomic():
                import_module(dotted).seed(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
