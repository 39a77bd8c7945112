"""Run the outbox sweeper once, or in a loop (local development without beat).

``make run`` starts ``process_outbox --loop 5`` next to the web server so
scheduled messages, retries and campaigns are sent without Celery beat.
"""

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from apps.notifications.services import sweep_outbox


class Command(BaseCommand):
    help = "Send due notifications (retries, scheduled, campaigns) and take back stuck ones."

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", type=float, default=0, help="Repeat every N seconds until stopped."
        )

    def handle(self, *args, loop: float, **options):
        while True:
            close_old_connections()
            counts = sweep_outbox()
            if any(counts.values()) or not loop:
                self.stdout.write(
                    "outbox: " + ", ".join(f"{k} {v}" for k, v in counts.items() if v)
                    if any(counts.values())
                    else "outbox: nothing due"
                )
            if not loop:
                return
            time.sleep(loop)
