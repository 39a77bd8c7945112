"""Environment reading that fails loudly.

django-environ raises a bare ValueError for a malformed value (``int("abc")``),
which does not say which variable was wrong. Every read goes through
``StrictEnv`` so a bad deployment stops with the variable's name.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured

BACKEND_DIR = Path(__file__).resolve().parent.parent
ROOT_DIR = BACKEND_DIR.parent


class StrictEnv(environ.Env):
    def get_value(
        self,
        var: str,
        cast: Any = None,
        default: Any = environ.Env.NOTSET,
        parse_default: bool = False,
    ) -> Any:
        try:
            return super().get_value(var, cast=cast, default=default, parse_default=parse_default)
        except ImproperlyConfigured:
            raise
        except (ValueError, TypeError) as exc:
            raise ImproperlyConfigured(f"Environment variable {var} is malformed: {exc}") from exc


env = StrictEnv()
