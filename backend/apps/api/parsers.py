"""Request parsers for the API.

DRF's JSONParser turns a ``ValueError`` into a 400 but not the
``RecursionError`` that ``json.load`` raises on deeply nested input (a few
hundred kilobytes of ``[[[[``), which would otherwise end as a 500."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("JSON parse error - the data is nested too deeply.")) from None
