"""Local development: embedded SQLite, tasks run in-process, mail to files."""

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
