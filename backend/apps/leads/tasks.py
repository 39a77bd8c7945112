from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from apps.leads.services import holidays, inquiries, quotations

logger = logging.getLogger(__name__)


@shared_task(name="apps.leads.tasks.load_public_holidays")
def load_public_holidays() -> int:
    """Keep this year's and next year's public holidays in the closed dates."""
    year = timezone.localdate().year
    return holidays.load_public_holidays(years=[year, year + 1])


@shared_task(
    bind=True,
    name="apps.leads.tasks.render_quotation_pdf",
    max_retries=None,  # bounded below, so the last failure is recorded
    acks_late=True,
)
def render_quotation_pdf(self, quotation_id: str) -> str:
    """Render and store a quotation's PDF, then queue its e-mail when it is
    sent. Retried with exponential backoff (30 s, 60 s, 120 s…); after
    QUOTATION_PDF_MAX_RETRIES the quotation shows "PDF failed — retry"."""
    try:
        quotations.store_quotation_pdf(quotation_id=quotation_id)
    except Exception as exc:
        retries = self.request.retries or 0
        if retries >= settings.QUOTATION_PDF_MAX_RETRIES:
            logger.exception(
                "quotation %s: PDF failed after %s attempts", quotation_id, retries + 1
            )
            quotations.mark_pdf_failed(
                quotation_id=quotation_id, error=f"{type(exc).__name__}: {exc}"
            )
            return "failed"
        logger.warning("quotation %s: PDF attempt %s failed; retrying", quotation_id, retries + 1)
        raise self.retry(exc=exc, countdown=30 * (2**retries)) from exc
    return "ready"


@shared_task(name="apps.leads.tasks.expire_quotations")
def expire_quotations() -> int:
    return quotations.expire_quotations()


@shared_task(name="apps.leads.tasks.requeue_stuck_quotation_pdfs")
def requeue_stuck_quotation_pdfs() -> int:
    """Safety net: a render whose task was lost (broker down at commit) starts again."""
    return quotations.requeue_stuck_pdfs()


@shared_task(name="apps.leads.tasks.send_follow_up_reminders")
def send_follow_up_reminders() -> int:
    return inquiries.send_follow_up_reminders()
