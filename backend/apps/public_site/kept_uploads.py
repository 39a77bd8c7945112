"""Photos chosen on "Request a quote" that survive an error in another field.

A browser cannot put files back into a file input, so when the form comes
back with an error (a missing phone number, say) the files the customer
chose would be lost and, on a slow connection, sent all over again. Instead
the files that passed the attachment checks (``validate_attachments``:
content, size, count; images re-encoded) are written to the private storage
under a random name and listed in the visitor's session. The page shows them
as "kept" with a tick box each; the next successful submission sends them to
``create_inquiry`` (which checks them once more) and deletes the copies.

Only this browser's session can name them back (the list lives in the
session, never in the page), nothing here is ever served, a fresh visit to
the form starts empty, and copies left behind by abandoned forms are deleted
after a day (folders are named by day; every new copy sweeps old folders)."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest
from django.utils import timezone

from apps.leads.services.attachments import CleanAttachment, private_storage

SESSION_KEY = "quote_request_uploads"
FOLDER = "inquiry-drafts"
KEEP_DAYS = 1


@dataclass(frozen=True)
class KeptUpload:
    token: str
    name: str
    size: int
    is_image: bool


def _entries(request: HttpRequest) -> list[dict[str, Any]]:
    entries = request.session.get(SESSION_KEY) or []
    return [e for e in entries if isinstance(e, dict) and e.get("token") and e.get("path")]


def kept(request: HttpRequest) -> list[KeptUpload]:
    """The files this visitor has waiting, oldest first."""
    return [
        KeptUpload(e["token"], e["name"], int(e.get("size") or 0), e.get("kind") == "image")
        for e in _entries(request)
    ]


def keep(request: HttpRequest, files: list[CleanAttachment]) -> list[KeptUpload]:
    """Store checked files for this session; returns the new entries."""
    if not files:
        return []
    storage = private_storage()
    _sweep(storage)
    day = timezone.now().strftime("%Y%m%d")
    entries = _entries(request)
    added = []
    for item in files:
        token = secrets.token_urlsafe(12)
        path = storage.save(
            f"{FOLDER}/{day}/{secrets.token_urlsafe(18)}.{item.ext}", ContentFile(item.data)
        )
        entries.append(
            {
                "token": token,
                "path": path,
                "name": item.original_name,
                "size": len(item.data),
                "content_type": item.content_type,
                "kind": item.kind,
            }
        )
        added.append(KeptUpload(token, item.original_name, len(item.data), item.kind == "image"))
    request.session[SESSION_KEY] = entries
    return added


def reopen(request: HttpRequest, tokens: list[str]) -> list[SimpleUploadedFile]:
    """The kept files named by ``tokens``, as uploads again (for the service
    to check and store). Unknown tokens are ignored."""
    wanted = set(tokens)
    storage = private_storage()
    uploads = []
    for entry in _entries(request):
        if entry["token"] not in wanted:
            continue
        try:
            with storage.open(entry["path"], "rb") as handle:
                data = handle.read()
        except (FileNotFoundError, OSError):
            continue  # swept meanwhile: the page asks for the file again
        uploads.append(SimpleUploadedFile(entry["name"], data, entry["content_type"]))
    return uploads


def forget(request: HttpRequest, *, keep_tokens: list[str] | None = None) -> None:
    """Delete the kept files, except those named in ``keep_tokens``."""
    survivors = set(keep_tokens or [])
    storage = private_storage()
    remaining = []
    for entry in _entries(request):
        if entry["token"] in survivors:
            remaining.append(entry)
            continue
        storage.delete(entry["path"])
    if remaining:
        request.session[SESSION_KEY] = remaining
    elif SESSION_KEY in request.session:
        del request.session[SESSION_KEY]


def _sweep(storage: Any) -> None:
    """Delete the day folders older than KEEP_DAYS (abandoned forms)."""
    cutoff = (timezone.now() - dt.timedelta(days=KEEP_DAYS)).strftime("%Y%m%d")
    try:
        days, _files = storage.listdir(FOLDER)
    except (FileNotFoundError, OSError):
        return
    for day in days:
        if day.isdigit() and day < cutoff:
            _dirs, names = storage.listdir(f"{FOLDER}/{day}")
            for name in names:
                storage.delete(f"{FOLDER}/{day}/{name}")
