"""SMS back-ends behind one small interface.

``settings.SMS_BACKEND`` names the class. Local development writes messages
to files under ``var/sms/`` (and the log), tests keep them in memory, and
production uses Africa's Talking. A back-end raises ``SmsError`` when the
message was not accepted; ``permanent=True`` means retrying will not help.
"""

from __future__ import annotations

import json
import logging
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import africastalking
from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SmsError(Exception):
    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


@dataclass(frozen=True)
class SmsResult:
    message_id: str
    status: str = ""


class BaseSmsBackend:
    def send(self, *, to: str, message: str, sender_id: str = "") -> SmsResult:
        raise NotImplementedError


class ConsoleSmsBackend(BaseSmsBackend):
    """Logs the message and appends it to ``var/sms/messages.jsonl``."""

    _lock = threading.Lock()

    def send(self, *, to: str, message: str, sender_id: str = "") -> SmsResult:
        message_id = f"local-{uuid.uuid4()}"
        directory = Path(getattr(settings, "SMS_FILE_PATH", settings.VAR_DIR / "sms"))
        line = json.dumps(
            {
                "id": message_id,
                "to": to,
                "from": sender_id,
                "message": message,
                "at": timezone.now().isoformat(),
            }
        )
        with self._lock:
            directory.mkdir(parents=True, exist_ok=True)
            with open(directory / "messages.jsonl", "a", encoding="utf-8") as fh:
                fh.write(line + "\n")
        logger.info("SMS to %s written to %s", to, directory)
        return SmsResult(message_id=message_id, status="Success")


class LocmemSmsBackend(BaseSmsBackend):
    """For tests: messages collect in ``LocmemSmsBackend.outbox``."""

    outbox: list[dict[str, Any]] = []

    def send(self, *, to: str, message: str, sender_id: str = "") -> SmsResult:
        message_id = f"mem-{uuid.uuid4()}"
        type(self).outbox.append(
            {"id": message_id, "to": to, "message": message, "from": sender_id}
        )
        return SmsResult(message_id=message_id, status="Success")


# Africa's Talking per-recipient status codes that retrying will not fix.
_AT_PERMANENT = {403, 404, 406, 407, 409}  # invalid number, blacklisted, etc.


class AfricasTalkingSmsBackend(BaseSmsBackend):
    """Sends through the ``africastalking`` SDK (username, API key and sender
    id from the environment). Delivery reports arrive later at the callback
    view and update the notification by its provider message id."""

    def __init__(self) -> None:
        self._service = africastalking.SMSService(
            settings.AFRICASTALKING_USERNAME, settings.AFRICASTALKING_API_KEY
        )

    def send(self, *, to: str, message: str, sender_id: str = "") -> SmsResult:
        sender = sender_id or settings.AFRICASTALKING_SENDER_ID or None
        try:
            response = self._service.send(message, [to], sender_id=sender)
        except Exception as exc:  # network errors and the SDK's own exception
            raise SmsError(f"Africa's Talking refused the request: {exc}") from exc
        if isinstance(response, str):
            raise SmsError(f"Africa's Talking answered unexpectedly: {response[:200]}")
        recipients = (response.get("SMSMessageData") or {}).get("Recipients") or []
        if not recipients:
            detail = (response.get("SMSMessageData") or {}).get("Message", "no recipients")
            raise SmsError(f"Africa's Talking did not accept the message: {detail}")
        first = recipients[0]
        code = int(first.get("statusCode", 0) or 0)
        status = str(first.get("status", ""))
        if code not in (100, 101, 102):
            raise SmsError(
                f"Africa's Talking rejected the message: {status} ({code})",
                permanent=code in _AT_PERMANENT,
            )
        return SmsResult(message_id=str(first.get("messageId", "")), status=status)


def get_sms_backend() -> BaseSmsBackend:
    return import_string(settings.SMS_BACKEND)()
