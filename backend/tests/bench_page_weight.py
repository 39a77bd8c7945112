"""How much CSS and JavaScript a public page makes a phone download.

Run ``.venv/bin/python tests/bench_page_weight.py`` (after ``make assets``):
prints each file the home page links, raw and gzip-compressed, and the
total against the 60 KB budget. tests/test_page_weight.py asserts it."""

from __future__ import annotations

import gzip
import os
import re
import sys
from pathlib import Path

BUDGET_BYTES = 60 * 1024
BACKEND = Path(__file__).resolve().parent.parent
ASSET_RE = re.compile(
    r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="(?P<url>/static/[^"]+)"'
)


def assets_of(html: str) -> list[str]:
    return [m.group("url") for m in ASSET_RE.finditer(html)]


def weigh(urls: list[str]) -> list[tuple[str, int, int]]:
    from django.conf import settings
    from django.contrib.staticfiles import finders

    rows = []
    for url in urls:
        path = finders.find(url.removeprefix(settings.STATIC_URL).split("?")[0])
        if not path:
            raise FileNotFoundError(f"{url} is not built: run `make assets`")
        data = Path(path).read_bytes()
        rows.append((url, len(data), len(gzip.compress(data, compresslevel=9))))
    return rows


def public_page_weight(path: str = "/") -> list[tuple[str, int, int]]:
    from django.test import Client

    response = Client().get(path, HTTP_HOST="localhost")
    assert response.status_code == 200, response.status_code
    return weigh(assets_of(response.content.decode()))


def main() -> int:
    sys.path.insert(0, str(BACKEND))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    rows = public_page_weight("/")
    for url, raw, compressed in rows:
        print(f"{url:<40} {raw / 1024:7.1f} KB raw {compressed / 1024:6.1f} KB gzip")
    total = sum(c for _u, _r, c in rows)
    verdict = "within" if total <= BUDGET_BYTES else "OVER"
    print(
        f"{'total':<40} {sum(r for _u, r, _c in rows) / 1024:7.1f} KB raw "
        f"{total / 1024:6.1f} KB gzip ({verdict} the {BUDGET_BYTES // 1024} KB budget)"
    )
    return 0 if total <= BUDGET_BYTES else 1


if __name__ == "__main__":
    raise SystemExit(main())
