"""The CSS and JS a public page loads stay within 60 KB compressed."""

import pytest

from tests.bench_page_weight import BUDGET_BYTES, public_page_weight

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/portfolio/", "/contact/", "/accounts/login/"])
def test_public_page_css_and_js_within_budget(path):
    rows = public_page_weight(path)
    urls = [url for url, _raw, _gz in rows]
    assert any(u.endswith(".css") for u in urls) and any(u.endswith(".js") for u in urls)
    total = sum(compressed for _url, _raw, compressed in rows)
    assert total <= BUDGET_BYTES, f"{total / 1024:.1f} KB gzip > {BUDGET_BYTES // 1024} KB"
