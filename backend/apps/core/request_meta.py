"""Who is making the current request, available to code far from the view.

The request-id middleware stores the request's id, client address, user agent
and user here, so log lines and audit entries written by domain services carry
them without every service taking a ``request`` argument.
"""

from __future__ import annotations

import contextvars
import ipaddress
import re
import uuid
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

# A request id from a proxy is kept only if it is short and plain, so it can
# never smuggle control characters or markup into the logs.
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._\-]{8,128}$")


@dataclass(frozen=True)
class RequestMeta:
    request_id: str
    ip: str | None = None
    user_agent: str = ""
    user_id: str | None = None
    method: str = ""
    path: str = ""


_current: contextvars.ContextVar[RequestMeta | None] = contextvars.ContextVar(
    "request_meta", default=None
)


def current() -> RequestMeta | None:
    return _current.get()


def bind(meta: RequestMeta) -> contextvars.Token[RequestMeta | None]:
    return _current.set(meta)


def reset(token: contextvars.Token[RequestMeta | None]) -> None:
    _current.reset(token)


def set_user_id(user_id: str | None) -> None:
    meta = _current.get()
    if meta is not None and meta.user_id != user_id:
        _current.set(
            RequestMeta(
                request_id=meta.request_id,
                ip=meta.ip,
                user_agent=meta.user_agent,
                user_id=user_id,
                method=meta.method,
                path=meta.path,
            )
        )


def request_id_from(incoming: str | None) -> str:
    if incoming and _SAFE_REQUEST_ID.match(incoming):
        return incoming
    return uuid.uuid4().hex


def client_ip(request: HttpRequest) -> str | None:
    """The client's address. Behind our own proxy REMOTE_ADDR is the proxy, so
    the right-most X-Forwarded-For entry (set by nginx) is used when the
    NUM_PROXIES setting says there is one."""
    from django.conf import settings

    num_proxies = getattr(settings, "NUM_PROXIES", 0)
    candidate: str | None = request.META.get("REMOTE_ADDR")
    if num_proxies:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= num_proxies:
            candidate = forwarded[-num_proxies]
    try:
        return str(ipaddress.ip_address(candidate)) if candidate else None
    except ValueError:
        return None


def client_ip_for_axes(request: Any, *args: Any, **kwargs: Any) -> str:
    return client_ip(request) or "0.0.0.0"  # noqa: S104 - a placeholder key, never bound


def user_agent(request: HttpRequest) -> str:
    return request.META.get("HTTP_USER_AGENT", "")[:512]
