"""Settings as a fresh process loads them: the tests of what start-up reads
from the environment and the command line run Python in a child process."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

BACKEND = Path(__file__).resolve().parents[2]


def run_django(
    settings_module: str,
    code: str,
    *,
    env: Mapping[str, str | None] | None = None,
    drop: Iterable[str] = (),
    argv: list[str] | None = None,
) -> subprocess.CompletedProcess:
    """Runs ``django.setup()`` then ``code`` under ``settings_module``, in
    this environment less ``drop``, with ``env`` on top (None removes), as
    ``manage.py <argv>`` would when ``argv`` is given."""
    removed = {"DJANGO_SETTINGS_MODULE", *drop}
    child = {k: v for k, v in os.environ.items() if k not in removed}
    for key, value in (env or {}).items():
        if value is None:
            child.pop(key, None)
        else:
            child[key] = value
    child["DJANGO_SETTINGS_MODULE"] = settings_module
    before = f"import sys; sys.argv = {['manage.py', *argv]!r}; " if argv is not None else ""
    return subprocess.run(
        [sys.executable, "-c", f"{before}import django; django.setup(); {code}"],
        cwd=BACKEND,
        env=child,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
