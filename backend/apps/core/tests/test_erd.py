"""docs/erd.svg is redrawn (`make erd`) whenever a domain model is added."""

from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.conf import settings


def test_erd_shows_every_domain_model():
    svg = (Path(settings.BASE_DIR).parent / "docs" / "erd.svg").read_text()
    missing = [
        f"{model._meta.label}"
        for model in apps.get_models()
        if model.__module__.startswith("apps.")
        # graph_models titles each node with the model's dotted path.
        and f"<title>{model.__module__.replace('.', '_')}_{model.__name__}</title>" not in svg
    ]
    assert not missing, f"run `make erd`: {missing} missing from docs/erd.svg"
