"""How many messages per second the notification delivery path sends.

Runs a local SMTP sink (aiosmtpd) on 127.0.0.1, then measures, on PostgreSQL
and Redis:

1. the task path: N messages queued in business transactions, each
   delivery task travelling through Redis to one Celery worker process
   (solo pool, as one prefork child runs), one SMTP connection per message;
2. the sweeper path: N due rows, each claimed just before it is sent (FOR UPDATE SKIP LOCKED),
   over one SMTP connection for the whole sweep.

Usage (from backend/):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coollight_bench \\
    REDIS_URL=redis://127.0.0.1:6379/13 .venv/bin/python ../bench/notifications_throughput.py [N]

The database is created/migrated if needed and its notifications emptied.
Bounded: N messages (default 1000) to 127.0.0.1 only, stops by itself.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "backend"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "false"
os.environ.setdefault("LOG_LEVEL", "WARNING")
if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get("REDIS_URL"):
    sys.exit("Set DATABASE_URL (postgres://…) and REDIS_URL (redis://…).")

from aiosmtpd.controller import Controller


class CountingHandler:
    def __init__(self) -> None:
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
        return "250 OK"


def main(n: int) -> None:
    handler = CountingHandler()
    sink = Controller(handler, hostname="127.0.0.1", port=8025)
    sink.start()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 8025
    settings.EMAIL_USE_TLS = False
    settings.NOTIFICATIONS_GRACE_SECONDS = 0

    import psycopg

    dbname = settings.DATABASES["default"]["NAME"]
    admin_url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname=%s", [dbname]).fetchone():
            admin.execute(f'CREATE DATABASE "{dbname}"')
    call_command("migrate", verbosity=0)

    from celery.contrib.testing.worker import start_worker

    from apps.notifications.models import Notification, NotificationStatus
    from apps.notifications.services import queue_notification, sweep_outbox
    from config.celery import app

    app.conf.task_always_eager = False
    Notification.objects.all().delete()
    app.control.purge()
    context = {"booking": {"reference": "BK-1", "service": "AC servicing", "date": "Tue"}}

    # 1. Task path through Redis.
    t0 = time.perf_counter()
    for i in range(n):
        with transaction.atomic():
            queue_notification(
                template_key="booking_confirmed",
                to=f"bench{i}@example.test",
                context=context,
                idempotency_key=f"bench:task:{i}",
            )
    queued_s = time.perf_counter() - t0
    start = time.perf_counter()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        while handler.count < n and time.perf_counter() - start < 600:
            time.sleep(0.05)
    task_s = time.perf_counter() - start
    task_sent = Notification.objects.filter(status=NotificationStatus.SENT).count()

    # 2. Sweeper path.
    Notification.objects.all().delete()
    before = handler.count
    with transaction.atomic():
        for i in range(n):
            queue_notification(
                template_key="booking_confirmed",
                to=f"sweep{i}@example.test",
                context=context,
                idempotency_key=f"bench:sweep:{i}",
            )
    app.control.purge()  # only the sweeper sends these
    start = time.perf_counter()
    counts = sweep_outbox(time_budget=600)
    sweep_s = time.perf_counter() - start
    sweep_sent = handler.count - before
    connection.close()
    sink.stop()

    print(f"queueing (one transaction each): {n / queued_s:,.0f} messages/s")
    print(
        f"task path, 1 worker process: {task_sent}/{n} sent in {task_s:.1f}s "
        f"= {task_sent / task_s:,.0f} messages/s"
    )
    print(
        f"sweeper path, one claim per row: {counts['sent']}/{n} sent in {sweep_s:.1f}s "
        f"= {sweep_sent / sweep_s:,.0f} messages/s"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
