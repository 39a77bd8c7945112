"""The quotation PDF: an HTML template rendered by WeasyPrint.

Everything the document shows is inlined (logo and QR code as data URIs,
fonts from the system), and the URL fetcher refuses anything else, so a
render never reaches the network and a value typed into a quotation cannot
make the renderer fetch a URL."""

from __future__ import annotations

import base64
import mimetypes
from typing import Any

from django.template.loader import render_to_string
from django.utils import formats, timezone

from apps.core.selectors import company_settings
from apps.leads.links import quotation_public_url
from apps.leads.models import Quotation
from apps.leads.services.pricing import format_money, tax_breakdown


def _weasyprint() -> Any:
    """Import WeasyPrint, undoing the one global it changes: on import it sets
    Pillow's ``ImageFile.LOAD_TRUNCATED_IMAGES = True`` for the whole process,
    which would let truncated uploads through the media library's checks."""
    import weasyprint
    from PIL import ImageFile

    ImageFile.LOAD_TRUNCATED_IMAGES = False
    return weasyprint


def _data_only_fetcher() -> Any:
    """Only ``data:`` URLs (the inlined logo and QR code); anything else fails the render."""
    _weasyprint()
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, fail_on_errors=True, timeout=1)


def _logo_data_uri(company: Any) -> str:
    if not company.logo:
        return ""
    try:
        with company.logo.open("rb") as fh:
            data = fh.read()
    except (OSError, ValueError):
        return ""
    mime = mimetypes.guess_type(company.logo.name)[0] or "image/png"
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


def _qr_data_uri(url: str) -> str:
    import segno

    return segno.make(url, error="m").svg_data_uri(scale=4, border=1, dark="#0f172a")


def quotation_pdf_context(quotation: Quotation) -> dict[str, Any]:
    company = company_settings()
    lines = list(quotation.lines.select_related("service"))
    is_draft = quotation.status == "draft"
    # A draft's link would not open (a token works only once sent); a printed
    # preview must not carry it.
    url = "" if is_draft else quotation_public_url(quotation)
    money = lambda amount: format_money(amount, quotation.currency)  # noqa: E731
    return {
        "q": quotation,
        "company": company,
        "logo": _logo_data_uri(company),
        "client": quotation.client,
        "site": quotation.site,
        "lines": [
            {
                "line": line,
                "unit_price": money(line.unit_price),
                "net": money(line.net_amount),
                "total": money(line.line_total),
            }
            for line in lines
            if not line.is_optional
        ],
        "optional_lines": [
            {"line": line, "unit_price": money(line.unit_price), "total": money(line.line_total)}
            for line in lines
            if line.is_optional
        ],
        "taxes": [
            {"rate": rate.normalize(), "net": money(net), "tax": money(tax)}
            for rate, net, tax in tax_breakdown(lines)
        ],
        "subtotal": money(quotation.subtotal),
        "discount": money(quotation.discount_total),
        "has_discount": quotation.discount_total > 0,
        "tax": money(quotation.tax_total),
        "total": money(quotation.total),
        "issued": formats.date_format(
            timezone.localtime(quotation.sent_at) if quotation.sent_at else timezone.localdate(),
            "j F Y",
        ),
        "valid_until": formats.date_format(quotation.valid_until, "j F Y"),
        "accept_url": url,
        "qr": _qr_data_uri(url) if url else "",
        "is_draft": is_draft,
    }


def render_quotation_html(quotation: Quotation) -> str:
    return render_to_string("leads/pdf/quotation.html", quotation_pdf_context(quotation))


def render_quotation_pdf_bytes(quotation: Quotation) -> bytes:
    HTML = _weasyprint().HTML
    html = render_quotation_html(quotation)
    document = HTML(string=html, url_fetcher=_data_only_fetcher(), base_url=None)
    pdf = document.write_pdf(
        pdf_identifier=str(quotation.pk).encode(),
        custom_metadata=False,
    )
    if pdf is None:  # write_pdf returns bytes when no target is given
        raise RuntimeError("WeasyPrint returned no PDF")
    return bytes(pdf)


def warm_up() -> None:
    """Load WeasyPrint, fonts and the font subsetter once per worker process
    (the first render pays ~3 s for it; later ones take under a second)."""
    HTML = _weasyprint().HTML
    HTML(
        string='<p style="font-family: DejaVu Sans">Warm-up 0123 KES</p>',
        url_fetcher=_data_only_fetcher(),
    ).write_pdf()
