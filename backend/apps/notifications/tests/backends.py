"""E-mail back-ends for tests: one that refuses, one that counts per notification."""

from __future__ import annotations

import smtplib
import threading
import time

from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    """Like an SMTP server that answers 554 to everything."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPDataError(554, b"Transaction failed: relay refused")


class CountingBackend(BaseEmailBackend):
    """Counts messages per X-Notification-Id; slow enough that two workers overlap."""

    lock = threading.Lock()
    sent: dict[str, int] = {}
    delay = 0.002

    def send_messages(self, email_messages):
        for message in email_messages:
            time.sleep(self.delay)
            key = message.extra_headers.get("X-Notification-Id", "")
            with self.lock:
                self.sent[key] = self.sent.get(key, 0) + 1
        return len(email_messages)
