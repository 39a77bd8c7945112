"""Log records that carry the request they belong to."""

from __future__ import annotations

import logging

from pythonjsonlogger.json import JsonFormatter as _BaseJsonFormatter

from apps.core import request_meta


class RequestContextFilter(logging.Filter):
    """Adds request_id, user_id, method and path to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        meta = request_meta.current()
        record.request_id = getattr(record, "request_id", None) or (
            meta.request_id if meta else "-"
        )
        record.user_id = getattr(record, "user_id", None) or (meta.user_id if meta else None)
        if meta:
            record.method = getattr(record, "method", None) or meta.method
            record.path = getattr(record, "path", None) or meta.path
        return True


class JsonFormatter(_BaseJsonFormatter):
    """One JSON object a line: time, level, logger, message and the request's fields."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("fmt", "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s")
        kwargs.setdefault(
            "rename_fields", {"asctime": "time", "levelname": "level", "name": "logger"}
        )
        kwargs.setdefault("timestamp", False)
        super().__init__(*args, **kwargs)

    def add_fields(self, log_record, record, message_dict):
        super().add_fields(log_record, record, message_dict)
        for key in ("user_id", "method", "path", "status", "duration_ms"):
            value = getattr(record, key, None)
            if value is not None:
                log_record[key] = value
