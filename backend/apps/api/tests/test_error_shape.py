"""Every answer under /api/ is JSON in the one error shape, whatever fails:
unknown paths, malformed ids, wrong methods, unhandled exceptions, bodies
too big or with too many fields, and JSON nested too deep to parse."""

from __future__ import annotations

import json
import uuid

import pytest
from django.test import Client, override_settings

from apps.api.v1.public import views
from apps.core import errors

pytestmark = pytest.mark.django_db

NESTED = "[" * 100_000 + "]" * 100_000  # 200 KB of brackets


def assert_error_shape(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert set(body) >= {"detail", "code", "errors"}
    assert isinstance(body["errors"], dict)
    if code is not None:
        assert body["code"] == code
    assert "Traceback" not in response.content.decode()
    return body


@pytest.fixture
def web() -> Client:
    return Client(raise_request_exception=False)


def test_unknown_api_path_is_a_json_404(web):
    assert_error_shape(web.get("/api/v1/no-such-thing/"), 404, "not_found")
    assert_error_shape(web.get("/api/nothing-here"), 404, "not_found")
    assert_error_shape(web.get("/api"), 404, "not_found")
    assert_error_shape(web.post("/api/v1/no-such-thing/", {}), 404, "not_found")


def test_malformed_id_in_the_path_is_a_json_404(web):
    assert_error_shape(web.get("/api/v1/leads/bookings/not-a-uuid/"), 404, "not_found")
    # An id of the right form that matches nothing: Http404 inside the view.
    assert_error_shape(web.get(f"/api/v1/public/projects/{uuid.uuid4()}/"), 404, "not_found")
    assert_error_shape(web.get("/api/v1/public/services/no-such-service/"), 404, "not_found")


@override_settings(DEBUG=True)
def test_unknown_api_path_is_a_json_404_under_debug_too(web):
    """``make run`` serves DEBUG=True, where Django answers a path no route
    matches with its technical (HTML) 404 page and never calls handler404."""
    assert_error_shape(web.get("/api/v1/no-such-thing/"), 404, "not_found")
    assert_error_shape(web.get("/api/nothing-here"), 404, "not_found")
    assert_error_shape(web.get("/api"), 404, "not_found")
    assert_error_shape(web.post("/api/v1/no-such-thing/", {}), 404, "not_found")
    assert_error_shape(web.get("/api/v1/leads/bookings/not-a-uuid/"), 404, "not_found")
    page = web.get("/no-such-page/")
    assert page.status_code == 404
    assert page["Content-Type"].startswith("text/html")


def test_a_known_api_path_without_its_slash_is_still_redirected(web):
    """The catch-all must not hide a real route behind a 404: APPEND_SLASH
    still sends a GET to the slashed path."""
    response = web.get("/api/v1/public/services")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/public/services/"


def test_unknown_page_outside_the_api_stays_html(web):
    response = web.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_wrong_method_is_a_json_405(web):
    body = assert_error_shape(web.delete("/api/v1/auth/login/"), 405, "method_not_allowed")
    assert body["detail"]


def test_unhandled_exception_is_a_json_500_without_details(web, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("secret internals /srv/app/settings.py")

    monkeypatch.setattr(views, "company_settings", explode)
    response = web.get("/api/v1/public/company/")
    assert_error_shape(response, 500, "server_error")
    assert b"secret internals" not in response.content


@pytest.mark.parametrize("path", ["/api/v1/auth/login/", "/api/v1/leads/bookings/"])
def test_a_body_too_big_is_a_json_400(web, settings, path):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # Django's default, 2.5 MB
    body = '{"email": "a@example.com", "password": "' + "x" * (5 * 1024 * 1024) + '"}'
    response = web.post(path, body, content_type="application/json")
    assert_error_shape(response, 400, "request_too_big")


@pytest.mark.parametrize("path", ["/api/v1/leads/inquiries/", "/api/v1/auth/login/"])
def test_a_form_with_too_many_fields_is_a_json_400(web, path):
    data = {f"field{i}": "x" for i in range(3000)}
    response = web.post(path, data)
    body = assert_error_shape(response, 400)
    assert body["code"] in ("too_many_fields", "bad_request")


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/auth/login/",
        "/api/v1/auth/register/",
        "/api/v1/leads/bookings/",
        "/api/v1/leads/inquiries/",
    ],
)
def test_deeply_nested_json_is_a_400_for_anyone(web, path):
    response = web.post(path, NESTED, content_type="application/json")
    assert_error_shape(response, 400, "parse_error")


@pytest.mark.parametrize(
    "path", ["/api/v1/leads/quotations/", "/api/v1/leads/bookings/", "/api/v1/auth/profile/"]
)
def test_deeply_nested_json_is_a_400_for_signed_in_staff(as_user, sales_user, path):
    api = as_user(sales_user)
    method = api.patch if path.endswith("profile/") else api.post
    response = method(path, NESTED, content_type="application/json")
    assert_error_shape(response, 400, "parse_error")


@pytest.mark.parametrize(
    ("handler", "status", "code"),
    [("bad_request", 400, "bad_request"), ("permission_denied", 403, "permission_denied")],
)
def test_django_handlers_answer_json_under_the_api_and_html_elsewhere(rf, handler, status, code):
    """What Django itself refuses before any API view runs (a suspicious
    request, a PermissionDenied from middleware) is JSON under /api/ too."""
    response = getattr(errors, handler)(rf.get("/api/v1/anything/"), Exception())
    assert_error_shape(response, status, code)
    page = getattr(errors, handler)(rf.get("/services/"), Exception())
    assert page.status_code == status
    assert page["Content-Type"].startswith("text/html")
