"""Local e-mailed links lead to the address actually served: `make run
PORT=8090` (and `runserver 8090` by hand) put that port in SITE_URL, while an
exported SITE_URL, and production's, are kept."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from config.tests.django_process import run_django

BACKEND = Path(__file__).resolve().parents[2]
ROOT = BACKEND.parent


def _site_url_under(argv: list[str], **env_overrides: str) -> str:
    result = run_django(
        "config.settings.local",
        "from django.conf import settings; print(settings.SITE_URL)",
        env=env_overrides,
        drop=("SITE_URL",),
        argv=argv,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["runserver", "8090"], "http://127.0.0.1:8090"),
        (["runserver", "127.0.0.1:8090", "--noreload"], "http://127.0.0.1:8090"),
        (["runserver", "0.0.0.0:8091"], "http://127.0.0.1:8091"),
        (["runserver", "localhost:8092"], "http://localhost:8092"),
        (["runserver"], "http://127.0.0.1:8000"),
        (["process_outbox", "--loop", "5"], "http://127.0.0.1:8000"),
    ],
)
def test_local_links_follow_the_port_runserver_serves(argv, expected):
    assert _site_url_under(argv) == expected


def test_an_exported_site_url_is_kept_locally():
    assert _site_url_under(["runserver", "8090"], SITE_URL="http://tunnel.test") == (
        "http://tunnel.test"
    )


def _make_run_dry(*args: str, **env_overrides: str) -> str:
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    env.update(env_overrides)
    result = subprocess.run(
        [make, "--dry-run", "--always-make", "run", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _served_command(output: str) -> str:
    return next(line for line in output.split("\n") if "export SITE_URL=" in line)


def test_make_run_on_another_port_hands_that_port_to_the_server_and_the_sweeper():
    output = _make_run_dry("PORT=8090")
    # The server and the outbox sweeper (which sends the scheduled e-mails)
    # both start after SITE_URL is exported on the port served.
    assert "export SITE_URL='http://127.0.0.1:8090'" in _served_command(output)
    tail = output[output.index("export SITE_URL=") :]
    assert "process_outbox" in tail
    assert "runserver 127.0.0.1:8090" in tail
    assert "demo_logins --base-url http://127.0.0.1:8090" in output


def test_make_run_keeps_an_exported_site_url():
    output = _make_run_dry("PORT=8090", SITE_URL="https://tunnel.test")
    assert "export SITE_URL='https://tunnel.test'" in _served_command(output)
