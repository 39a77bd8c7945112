"""Caching of anonymous public content, invalidated by a content version.

Every cache key for public content embeds the current *content version*. Each
write service of the content apps (services, portfolio, cms, media) calls
:func:`bump_content_version`, so all public entries written before the change
become unreachable at once; nothing has to know which URLs showed the object.

Two details keep a stale answer from ever being served:

* The version is bumped **now and again after the transaction commits**. A
  reader that fills the cache between the write and the commit reads the old
  rows; the second bump orphans what it stored.
* Content can change without a write: a blog post scheduled for 09:00 or a
  banner whose active window opens. Content apps register a *schedule source*
  (``register_schedule_source``) returning the next such moment; the version
  record carries the earliest one, and the first read after it bumps.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation

VERSION_KEY = "public-content:version"

_schedule_sources: list[Callable[[dt.datetime], dt.datetime | None]] = []


def register_schedule_source(source: Callable[[dt.datetime], dt.datetime | None]) -> None:
    """``source(now)`` returns the next moment after ``now`` at which public
    content changes by itself (or None). Called from an app's ``ready()``."""
    if source not in _schedule_sources:
        _schedule_sources.append(source)


def _next_scheduled_change(now: dt.datetime) -> float | None:
    moments = [m for source in _schedule_sources if (m := source(now)) is not None]
    return min(moments).timestamp() if moments else None


def _new_record() -> dict[str, Any]:
    # A fresh version is never a number used before, even if the cache lost
    # the record (eviction, restart) while entries keyed by it survived.
    return {
        "version": time.time_ns(),
        "next_change": _next_scheduled_change(timezone.now()),
    }


def _write_new_record() -> dict[str, Any]:
    record = _new_record()
    cache.set(VERSION_KEY, record, timeout=None)
    return record


def content_version() -> int:
    """The current version; bumps it when a scheduled change has come due."""
    record = cache.get(VERSION_KEY)
    if record is None or (
        record.get("next_change") is not None and time.time() >= record["next_change"]
    ):
        record = _write_new_record()
    return int(record["version"])


def bump_content_version() -> None:
    """Invalidate every cached public response, now and once more on commit."""
    _write_new_record()
    transaction.on_commit(_write_new_record)


def public_cache_key(namespace: str, *parts: Any) -> str:
    """A cache key for public content under the current content version."""
    raw = "|".join(str(part) for part in parts)
    digest = hashlib.sha256(raw.encode()).hexdigest()[:32]
    return f"public:{content_version()}:{namespace}:{digest}"


def request_cache_key(
    namespace: str,
    request: HttpRequest,
    *,
    vary_cookies: tuple[str, ...] = (),
    vary_headers: tuple[str, ...] = (),
) -> str:
    """Key for one anonymous GET: path, sorted query string and language, plus
    the named cookies and headers whose value changes the answer (the cookie
    banner's answer; htmx's partial requests)."""
    query = "&".join(f"{k}={v}" for k, v in sorted(request.GET.lists()))
    language = getattr(request, "LANGUAGE_CODE", "") or translation.get_language() or ""
    extra = [request.COOKIES.get(name, "") for name in vary_cookies]
    extra += [request.headers.get(name, "") for name in vary_headers]
    return public_cache_key(namespace, request.path, query, language, *extra)


# A cached HTML page must not carry the CSRF token of the visitor it was first
# rendered for: it is stored with a placeholder and every answer gets the
# current visitor's own token (which also sets their CSRF cookie).
_CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_CSRF_PLACEHOLDER = b"__public_cache_csrf_token__"


def _strip_csrf(content: bytes) -> bytes:
    return _CSRF_INPUT.sub(rb"\g<1>" + _CSRF_PLACEHOLDER + rb"\g<2>", content)


def _with_csrf(content: bytes, request: HttpRequest) -> bytes:
    if _CSRF_PLACEHOLDER not in content:
        return content
    return content.replace(_CSRF_PLACEHOLDER, get_token(request).encode())


def _has_pending_messages(request: HttpRequest) -> bool:
    """A flash message ("You have signed out") belongs to one visitor: such a
    page is neither served from nor stored in the cache."""
    if "messages" in request.COOKIES:
        return True
    session = getattr(request, "session", None)
    return bool(session is not None and session.session_key and "_messages" in session)


def cache_public_response(
    namespace: str,
    timeout: int | None = None,
    *,
    vary_cookies: tuple[str, ...] = (),
    vary_headers: tuple[str, ...] = (),
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Cache a view's 200 answers to anonymous GET/HEAD requests.

    Works on a plain Django view function and on ``View.as_view()`` (wrap the
    result, or apply with ``method_decorator`` to ``dispatch``). Requests by a
    signed-in person (staff previewing drafts), with an Authorization header
    or with a flash message waiting are never served from, nor stored in, the
    cache. ``vary_cookies``/``vary_headers`` name request cookies and headers
    that change the answer: they become part of the key. HTML answers get the
    current visitor's CSRF token in every form."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = getattr(request, "user", None)
            if (
                request.method not in ("GET", "HEAD")
                or (user is not None and user.is_authenticated)
                or "HTTP_AUTHORIZATION" in request.META
                or _has_pending_messages(request)
            ):
                return view(request, *args, **kwargs)
            key = request_cache_key(
                namespace, request, vary_cookies=vary_cookies, vary_headers=vary_headers
            )
            hit = cache.get(key)
            if hit is not None:
                content, headers = hit
                response = HttpResponse(_with_csrf(content, request), status=200)
                for name, value in headers:
                    response[name] = value
                response["X-Cache"] = "hit"
                return response
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
            if response.status_code == 200 and not response.streaming:
                headers = [
                    (name, value)
                    for name, value in response.items()
                    if name.lower() in ("content-type", "content-language", "vary", "allow")
                ]
                ttl = settings.PUBLIC_CACHE_TIMEOUT if timeout is None else timeout
                content = response.content
                if response.get("Content-Type", "").startswith("text/html"):
                    content = _strip_csrf(content)
                cache.set(key, (content, headers), ttl)
                response["X-Cache"] = "miss"
            return response

        return wrapped

    return decorator
