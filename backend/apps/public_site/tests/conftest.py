"""The quotation page tests use the leads app's quotation fixtures."""

from apps.leads.tests.conftest import *  # noqa: F403
