"""Streamed CSV downloads of staff lists, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse
from django.utils import timezone


class _Echo:
    def write(self, value: str) -> str:
        return value


def safe_cell(value: object) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    text = str(value if value is not None else "")
    # A phone number like +254712345678 is only digits: harmless.
    is_phone = text[:1] == "+" and text[1:].replace(" ", "").isdigit()
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not is_phone:
        return "'" + text
    return text


def _lines(header: Iterable[str], rows: Iterable[Iterable[object]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(header)  # the BOM makes Excel read UTF-8
    for row in rows:
        yield writer.writerow([safe_cell(v) for v in row])


def csv_download(
    name: str, header: Iterable[str], rows: Iterable[Iterable[object]]
) -> StreamingHttpResponse:
    """``rows`` streamed as ``<name>-<today>.csv``; pass a generator over a
    chunked ``.iterator()`` so a long list never sits in memory."""
    response = StreamingHttpResponse(_lines(header, rows), content_type="text/csv; charset=utf-8")
    filename = f"{name}-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
