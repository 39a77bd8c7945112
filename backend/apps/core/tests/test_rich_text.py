"""Rich text written by staff is sanitised by the services before it is stored."""

from __future__ import annotations

import pytest

from apps.cms import services as cms
from apps.core.rich_text import sanitize_html

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>Hi<script>alert(1)</script></p>", "<p>Hi</p>"),
        ('<p onclick="steal()">Hi</p>', "<p>Hi</p>"),
        ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'),
        (
            '<a href="https://coollight.co.ke" target="_blank">x</a>',
            '<a href="https://coollight.co.ke" rel="noopener noreferrer">x</a>',
        ),
        ('<img src="x" onerror="alert(1)">', ""),
        ("<iframe src='https://evil.example'></iframe><p>ok</p>", "<p>ok</p>"),
        ("<style>body{display:none}</style><h2>Title</h2>", "<h2>Title</h2>"),
        ("<!-- note --><ul><li>One</li></ul>", "<ul><li>One</li></ul>"),
        ('<table><tr><th scope="col">BTU</th></tr></table>', "<table>"),
        ("", ""),
    ],
)
def test_sanitize_html_keeps_the_allow_list_only(dirty, clean):
    assert sanitize_html(dirty).startswith(clean)


def test_services_sanitise_on_create_and_update(editor_user):
    page = cms.create_page(
        actor=editor_user, title="About", body="<p>We <b>cool</b></p><script>x()</script>"
    )
    assert page.body == "<p>We <b>cool</b></p>"
    cms.update_page(
        page=page, actor=editor_user, body='<p style="color:red" onmouseover="x">Hi</p>'
    )
    page.refresh_from_db()
    assert page.body == "<p>Hi</p>"
    faq = cms.create_faq(actor=editor_user, question="Q?", answer="<p>A</p><object></object>")
    assert faq.answer == "<p>A</p>"


def test_save_alone_does_not_sanitise(db):
    """Sanitising is a rule of the write services, not of ``save()``."""
    from apps.cms.models import Page

    page = Page.objects.create(title="Raw", slug="raw", body="<script>x</script>")
    assert page.body == "<script>x</script>"
