"""HTTP responses for the private files of inquiries and quotations, shared by
the API, the public token pages and both portals so that every door serves a
file with the same headers. Callers decide who may see the file; these only
decide how it is sent."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpResponse
from django.utils.translation import gettext as _

from apps.leads.models import PdfStatus, QuotationStatus
from apps.leads.services.attachments import open_attachment, private_storage


def _private(response: HttpResponse) -> HttpResponse:
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def attachment_response(attachment: Any) -> HttpResponse:
    """The file, never rendered by the browser as a page: images inline,
    everything else as a download, under a sandbox CSP."""
    response = FileResponse(
        open_attachment(attachment),
        content_type=attachment.content_type,
        as_attachment=not attachment.is_image,
        filename=attachment.original_name,
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return _private(response)


def quotation_pdf_response(quotation: Any, *, preview_allowed: bool) -> HttpResponse:
    """The stored PDF of a sent version. A draft has none: staff
    (``preview_allowed``) get it rendered on the fly, anyone else a 404. While
    the background task is still writing it, a 503 with Retry-After."""
    if quotation.status == QuotationStatus.DRAFT:
        if not preview_allowed:
            raise Http404
        from apps.leads.quotation_pdf import render_quotation_pdf_bytes

        response = HttpResponse(
            render_quotation_pdf_bytes(quotation), content_type="application/pdf"
        )
        response["Content-Disposition"] = f'inline; filename="{quotation.number}-draft.pdf"'
    elif quotation.pdf_file and quotation.pdf_status == PdfStatus.READY:
        response = FileResponse(
            private_storage().open(quotation.pdf_file, "rb"),
            content_type="application/pdf",
            as_attachment=False,
            filename=quotation.pdf_filename,
        )
    else:
        response = HttpResponse(
            _("The PDF is being prepared; try again in a minute."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = "30"
    return _private(response)
