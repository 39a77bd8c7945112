"""Celery application.

Tasks take primary keys, never model instances, and are enqueued with
``transaction.on_commit`` (see apps.core.tasks.enqueue_on_commit). Delivery is
at-least-once: acks_late plus reject_on_worker_lost means a task whose worker
dies is redelivered, so every task is written to be safe to run twice.
"""

import os

from celery import Celery
from celery.schedules import crontab
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("coollight")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    task_time_limit=300,
    task_soft_time_limit=240,
    broker_connection_retry_on_startup=True,
    # A broker that is down must not hang a web request that enqueues a task:
    # fail fast, and let the periodic sweepers pick the work up later.
    # enqueue_on_commit publishes with retry=False (one attempt); the redis
    # transport's connect timeout bounds that attempt when the broker host
    # does not answer at all (a LAN Redis connects in milliseconds).
    broker_connection_timeout=3,
    broker_transport_options={
        "max_retries": 1,
        "interval_start": 0,
        "interval_step": 0.2,
        "socket_connect_timeout": 1,
    },
    task_ignore_result=True,
)

# The one place where periodic work is declared.
app.conf.beat_schedule = {
    "flush-expired-jwt": {
        "task": "apps.users.tasks.flush_expired_tokens",
        "schedule": crontab(hour=3, minute=10),
    },
    "prune-login-attempts": {
        "task": "apps.users.tasks.prune_login_attempts",
        "schedule": crontab(hour=3, minute=20),
    },
    "load-public-holidays": {
        "task": "apps.leads.tasks.load_public_holidays",
        "schedule": crontab(hour=2, minute=0, day_of_month=1),
    },
    # The outbox safety net: retries, scheduled messages (reminders), campaigns,
    # rows whose enqueue failed at commit and rows stuck with a dead worker.
    "notifications-sweep-outbox": {
        "task": "apps.notifications.tasks.sweep_outbox",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "mark-due-posts-published": {
        "task": "apps.cms.tasks.mark_due_posts_published",
        "schedule": crontab(minute="*/5"),
    },
    # Quotations past their validity date become expired.
    "expire-quotations": {
        "task": "apps.leads.tasks.expire_quotations",
        "schedule": crontab(hour=0, minute=15),
    },
    "requeue-stuck-quotation-pdfs": {
        "task": "apps.leads.tasks.requeue_stuck_quotation_pdfs",
        "schedule": crontab(minute="*/10"),
    },
    # Owners get one e-mail per follow-up that falls due.
    "follow-up-reminders": {
        "task": "apps.leads.tasks.send_follow_up_reminders",
        "schedule": crontab(minute="*/5"),
    },
    "prune-audit-log": {
        "task": "apps.core.tasks.prune_audit_log",
        "schedule": crontab(hour=3, minute=30, day_of_week="sun"),
    },
}

app.autodiscover_tasks()


@worker_process_init.connect
def _warm_up_pdf_rendering(**kwargs):
    """Quotation PDFs: pay WeasyPrint's font loading at worker start, not on
    the first customer's quotation."""
    try:
        from apps.leads.quotation_pdf import warm_up

        warm_up()
    except Exception:  # never stop a worker from starting over a warm-up
        import logging

        logging.getLogger(__name__).warning("PDF warm-up failed", exc_info=True)
