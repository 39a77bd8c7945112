"""Fixtures of the public site's tests: a warm cache record and company row,
so a measured request runs only the page's own queries."""

from __future__ import annotations

import pytest

from apps.core.public_cache import content_version
from apps.core.selectors import company_settings


@pytest.fixture
def warm():
    """Call after creating the rows and before measuring: computing the
    content version looks up the next scheduled change once per content
    change (not per request), and the company row is created on first use."""

    def _warm():
        company_settings()
        content_version()

    return _warm
