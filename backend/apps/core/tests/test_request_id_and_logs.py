"""Request ids and the JSON log lines that carry them."""

from __future__ import annotations

import json
import logging

import pytest

from apps.core.logging import JsonFormatter, RequestContextFilter

pytestmark = pytest.mark.django_db


def test_safe_incoming_request_id_is_echoed(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="edge-abc123-XYZ")
    assert response["X-Request-ID"] == "edge-abc123-XYZ"


@pytest.mark.parametrize(
    "bad", ["short", "has spaces in it", "<script>alert(1)</script>", "x" * 300]
)
def test_unsafe_incoming_request_id_is_replaced(client, bad):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=bad)
    assert response["X-Request-ID"] != bad
    assert len(response["X-Request-ID"]) == 32


def test_request_id_is_made_when_missing(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert first and second and first != second


def test_request_log_line_carries_request_fields(client, caplog, admin_user):
    client.force_login(admin_user)
    with caplog.at_level(logging.INFO, logger="apps.request"):
        client.get("/healthz?token=secret-value", HTTP_X_REQUEST_ID="req-1234567890")
    record = next(r for r in caplog.records if r.name == "apps.request")
    assert record.status == 200
    assert record.method == "GET"
    assert record.path == "/healthz"
    assert record.user_id == str(admin_user.pk)
    assert record.duration_ms >= 0
    assert "secret-value" not in record.getMessage()


def test_json_formatter_emits_one_object_with_the_context():
    record = logging.LogRecord("apps.request", logging.INFO, __file__, 1, "GET /x 200", None, None)
    record.request_id = "req-1234567890"
    record.status = 200
    record.duration_ms = 12.5
    record.user_id = "u-1"
    record.method = "GET"
    record.path = "/x"
    RequestContextFilter().filter(record)
    line = JsonFormatter().format(record)
    data = json.loads(line)
    assert data["level"] == "INFO"
    assert data["request_id"] == "req-1234567890"
    assert data["status"] == 200
    assert data["duration_ms"] == 12.5
    assert data["user_id"] == "u-1"
    assert data["method"] == "GET" and data["path"] == "/x"
    assert "time" in data


def test_log_lines_inside_a_request_get_its_id(client, caplog):
    with caplog.at_level(logging.INFO):
        client.get("/healthz", HTTP_X_REQUEST_ID="trace-me-0001")
    assert any(getattr(r, "request_id", None) == "trace-me-0001" for r in caplog.records)
