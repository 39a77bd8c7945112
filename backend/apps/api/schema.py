"""OpenAPI generation helpers."""

from __future__ import annotations

from typing import Any

METHOD_ORDER = {"GET": 0, "POST": 1, "PUT": 2, "PATCH": 3, "DELETE": 4}
_path_index: dict[str, int] = {}


def keep_path_order(endpoint: tuple[str, str, str, Any]) -> tuple[int, int]:
    """Sort key for SPECTACULAR_SETTINGS["SORT_OPERATIONS"]: paths stay in URL
    order and methods get a fixed order. drf-spectacular reads a view set's
    methods from a ``set``, whose order changes between runs, which made
    ``openapi.yaml`` differ from one generation to the next."""
    path, _regex, method, _callback = endpoint
    index = _path_index.setdefault(path, len(_path_index))
    return index, METHOD_ORDER.get(method, len(METHOD_ORDER))
