"""Local development: embedded SQLite, tasks run in-process, mail to files."""

import sys

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
# A fixed key is fine here: local data is demo data, and production refuses to
# start without its own key.
SECRET_KEY = env.str(
    "SECRET_KEY", default="local-dev-only-not-secret-9f8e7d6c5b4a-3e1d0c9b8a7f6e5d"
)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
INTERNAL_IPS = ["127.0.0.1"]


def _served_site_url(argv: list[str]) -> str | None:
    """``http://host:port`` that ``manage.py runserver [addr:]port`` serves,
    so e-mailed links lead back to it; None for any other command."""
    if len(argv) < 2 or argv[1] != "runserver":
        return None
    addrport = next((arg for arg in argv[2:] if not arg.startswith("-")), "")
    host, port = "127.0.0.1", "8000"
    if addrport.isdigit():
        port = addrport
    elif addrport:
        head, sep, tail = addrport.rpartition(":")
        if not sep or not tail.isdigit():
            return None
        host, port = head or host, tail
    if host in ("0.0.0.0", "::", "[::]", "0"):  # noqa: S104 (a wildcard bind is reached on 127.0.0.1)
        host = "127.0.0.1"
    return f"http://{host}:{port}"


# E-mailed links follow the port actually served (`make run PORT=8090`, or
# `runserver 8090` by hand) unless SITE_URL is set. Local settings only:
# production always has its own SITE_URL.
if "SITE_URL" not in env.ENVIRON:
    SITE_URL = _served_site_url(sys.argv) or SITE_URL  # noqa: F405
