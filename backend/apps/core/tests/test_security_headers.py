"""Security headers are on every response, in tests as in production."""

import pytest

pytestmark = pytest.mark.django_db


def _directives(header: str) -> dict[str, list[str]]:
    out = {}
    for part in header.split(";"):
        bits = part.split()
        if bits:
            out[bits[0]] = bits[1:]
    return out


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/nope/"])
def test_csp_forbids_inline_and_eval_and_framing(client, path):
    response = client.get(path)
    csp = _directives(response["Content-Security-Policy"])
    for directive in ("script-src", "style-src", "default-src"):
        assert "'unsafe-inline'" not in csp[directive]
        assert "'unsafe-eval'" not in csp[directive]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]


def test_other_security_headers(client):
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_pages_have_no_inline_script_or_style(client, admin_user):
    import re

    client.force_login(admin_user)
    public = ("/", "/services/", "/portfolio/", "/blog/", "/contact/", "/faq/", "/search/?q=ac")
    for path in (*public, "/accounts/login/", "/admin/", "/admin/styleguide/"):
        html = client.get(path).content.decode()
        # JSON-LD is a data block (never run), which CSP does not treat as script.
        inline = r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/ld\+json\")[^>]*>"
        assert not re.search(inline, html), path
        assert "<style" not in html, path
        assert not re.search(r"\sstyle=\"", html), path
        assert not re.search(r"\son(click|load|change|submit)=", html), path


def test_api_docs_still_served(client):
    assert client.get("/api/docs/").status_code == 200
    assert client.get("/api/redoc/").status_code == 200


def test_error_pages_in_site_look_without_details(client, settings):
    response = client.get("/this-does-not-exist/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We could not find that page" in html
    assert "Traceback" not in html and "URLconf" not in html


def test_500_page_renders_without_database(rf):
    from apps.core.errors import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"Something went wrong" in response.content
    assert b"Traceback" not in response.content


def test_400_page(rf):
    from apps.core.errors import bad_request

    request = rf.get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    assert bad_request(request).status_code == 400
