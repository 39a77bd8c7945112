"""Photos and PDFs sent with an inquiry: judged by their content, stored in
the private storage under random names.

Accepted: JPEG, PNG and WebP images (opened and fully decoded by Pillow with
the media library's checks, then re-encoded so no EXIF/GPS or trailing data
survives) and PDFs (``%PDF-`` at byte 0, parsed by pypdf, at least one page,
and no JavaScript, launch actions or embedded files). The extension must
agree with the content: an HTML page or SVG named ``photo.jpg`` and a PNG
named ``plan.pdf`` are both refused. Errors name the ``attachments`` field
and the file."""

from __future__ import annotations

import hashlib
import io
import re
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from apps.core.exceptions import DomainError
from apps.leads.models import AttachmentKind, Inquiry, InquiryAttachment
from apps.media.services import ACCEPTED_FORMATS, _clean_copy, _encode, validate_image_upload

FIELD = "attachments"
IMAGE_EXTENSIONS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}
PDF_EXTENSIONS = {"pdf"}
# Active content a PDF viewer might run: refused outright.
_PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia|XFA)\b")


class AttachmentError(DomainError):
    code = "invalid_attachment"


@dataclass
class CleanAttachment:
    original_name: str
    data: bytes
    ext: str
    content_type: str
    kind: str


def private_storage():
    return storages["private"]


def _name(upload: Any) -> str:
    name = str(getattr(upload, "name", "") or "file").replace("\\", "/").rsplit("/", 1)[-1]
    return name[:200] or "file"


def _check_pdf(data: bytes, name: str) -> None:
    not_pdf = _("“%(name)s” is not a valid PDF.") % {"name": name}
    if not data.startswith(b"%PDF-"):
        raise AttachmentError(FIELD, not_pdf)
    if _PDF_ACTIVE.search(data):
        raise AttachmentError(
            FIELD,
            _("“%(name)s” contains scripts or embedded files; send a plain PDF.") % {"name": name},
        )
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise AttachmentError(
                FIELD,
                _("“%(name)s” is password-protected; send it without a password.") % {"name": name},
            )
        if len(reader.pages) < 1:
            raise AttachmentError(FIELD, not_pdf)
    except AttachmentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        raise AttachmentError(FIELD, not_pdf) from exc


def _clean_image(upload: Any, name: str, expected_format: str) -> tuple[bytes, str, str]:
    try:
        image = validate_image_upload(upload)
    except ValidationError as exc:
        reason = " ".join(exc.message_dict.get("file", [])) or _("Not an accepted image.")
        raise AttachmentError(FIELD, f"“{name}”: {reason}") from exc
    fmt = image.format or ""
    if fmt != expected_format:
        raise AttachmentError(
            FIELD,
            _("“%(name)s” is a %(real)s image but its name says otherwise; rename it and retry.")
            % {"name": name, "real": fmt},
        )
    data = _encode(_clean_copy(image, fmt), fmt)
    ext, content_type = ACCEPTED_FORMATS[fmt]
    return data, ext, content_type


def validate_attachments(files: list[Any], *, already: int = 0) -> list[CleanAttachment]:
    """Check every file before anything is saved; the first problem is raised."""
    files = [f for f in files if f]
    limit = settings.INQUIRY_MAX_ATTACHMENTS
    if len(files) + already > limit:
        raise AttachmentError(
            FIELD, _("Attach at most %(limit)s files (photos or PDFs).") % {"limit": limit}
        )
    max_bytes = settings.INQUIRY_MAX_ATTACHMENT_BYTES
    clean: list[CleanAttachment] = []
    for upload in files:
        name = _name(upload)
        size = getattr(upload, "size", None) or 0
        if not size:
            raise AttachmentError(FIELD, _("“%(name)s” is empty.") % {"name": name})
        if size > max_bytes:
            raise AttachmentError(
                FIELD,
                _("“%(name)s” is %(size).1f MB; the limit is %(limit).0f MB per file.")
                % {"name": name, "size": size / 1_048_576, "limit": max_bytes / 1_048_576},
            )
        ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if ext in PDF_EXTENSIONS:
            upload.seek(0)
            data = upload.read()
            upload.seek(0)
            _check_pdf(data, name)
            clean.append(CleanAttachment(name, data, "pdf", "application/pdf", AttachmentKind.PDF))
        elif ext in IMAGE_EXTENSIONS:
            data, real_ext, content_type = _clean_image(upload, name, IMAGE_EXTENSIONS[ext])
            clean.append(CleanAttachment(name, data, real_ext, content_type, AttachmentKind.IMAGE))
        else:
            raise AttachmentError(
                FIELD,
                _("“%(name)s”: attach JPEG, PNG or WebP photos, or PDF documents.")
                % {"name": name},
            )
    return clean


def store_attachments(
    *, inquiry: Inquiry, files: list[CleanAttachment], actor: Any = None, response: Any = None
) -> list[InquiryAttachment]:
    """Write checked files to the private storage (random, unguessable names)
    and record them. Call inside the inquiry's transaction."""
    storage = private_storage()
    made = []
    for item in files:
        path = f"inquiries/{inquiry.pk}/{secrets.token_urlsafe(18)}.{item.ext}"
        saved = storage.save(path, ContentFile(item.data))
        made.append(
            InquiryAttachment.objects.create(
                inquiry=inquiry,
                response=response,
                file_name=saved,
                original_name=item.original_name,
                content_type=item.content_type,
                kind=item.kind,
                size=len(item.data),
                sha256=hashlib.sha256(item.data).hexdigest(),
                uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
        )
    return made


def open_attachment(attachment: InquiryAttachment):
    return private_storage().open(attachment.file_name, "rb")
