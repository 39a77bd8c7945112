"""Demo data for the client portal's requests and quotes: the demo client
(client@coollight.demo) gets a request with a photo and a thread (staff
replies, an internal note they never see, their own reply), and a quotation
they asked to change, revised and sent again (v1 replaced, v2 awaiting their
answer). Through the services, like the rest of the demo.

Idempotent: skipped when the request exists."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from apps.leads.models import Inquiry, InquirySource
from apps.leads.quote_demo import _line, _send, _service
from apps.leads.services import (
    add_internal_note,
    client_reply,
    create_inquiry,
    create_quotation,
    reply_to_inquiry,
    request_changes,
    revise_quotation,
    update_draft_quotation,
)
from apps.users import roles
from apps.users.models import User

CLIENT_EMAIL = "client@coollight.demo"
SUBJECT = "Cooling for the home office server cupboard"


def _photo() -> SimpleUploadedFile:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 480), (226, 232, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((200, 120, 440, 400), fill=(71, 85, 105))
    draw.rectangle((230, 150, 410, 180), fill=(34, 197, 94))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return SimpleUploadedFile("server-cupboard.jpg", buffer.getvalue(), "image/jpeg")


def seed(out) -> None:
    user = User.objects.filter(email__iexact=CLIENT_EMAIL, is_active=True).first()
    sales = User.objects.filter(groups__name=roles.SALES, is_active=True).order_by("email").first()
    if user is None or sales is None:
        out.write("  portal requests and quotes: skipped (no demo client or sales user)")
        return
    if Inquiry.objects.filter(client__user=user, subject=SUBJECT).exists():
        out.write("  portal requests and quotes: already there")
        return
    split = _service("split", "install")
    inquiry = create_inquiry(
        name=user.full_name or "David Mwangi",
        email=user.email,
        phone=user.phone or "+254722555111",
        subject=SUBJECT,
        message="The cupboard with our router and a small server gets very hot in "
        "the afternoon. Can you quote a small unit to keep it cool? Photo attached.",
        service=split,
        site_address="Runda, Nairobi",
        source=InquirySource.WEBSITE_FORM,
        attachments=[_photo()],
        user=user,
        actor=user,
    )
    reply_to_inquiry(
        inquiry=inquiry,
        body="Thank you, David. How big is the cupboard (width × depth × height) and is "
        "there an outside wall we can use for the outdoor unit?",
        actor=sales,
    )
    add_internal_note(
        inquiry=inquiry,
        body="Repeat client; happy to offer 5% on the unit. Do not mention before the survey.",
        actor=sales,
    )
    client_reply(
        inquiry=inquiry,
        body="About 1.2 m wide, 0.6 m deep and 2 m high. Yes, the back wall is an outside wall.",
        user=user,
    )
    lines = [
        _line(split, "Split AC 9,000 BTU, supply and installation", "1", "52000"),
        _line(None, "Copper piping and wall sleeve (per metre)", "4", "1450", unit="m"),
        _line(None, "Condensate pump", "1", "6500"),
        _line(None, "Annual maintenance plan (2 visits)", "1", "9000", tax="0", optional=True),
    ]
    first = _send(
        create_quotation(
            client=inquiry.client,
            inquiry=inquiry,
            lines=lines,
            actor=sales,
            title="Server cupboard cooling, Runda",
        ),
        sales,
    )
    request_changes(
        quotation=first,
        message="Could the unit run on a timer so it is off at night? And is a pump needed?",
        actor=user,
    )
    second = revise_quotation(quotation=first, actor=sales)
    update_draft_quotation(
        quotation=second,
        actor=sales,
        lines=[
            *lines[:3],
            _line(None, "Wi-Fi controller with timer", "1", "7500"),
            lines[3],
        ],
    )
    _send(second, sales)
    reply_to_inquiry(
        inquiry=inquiry,
        body="We have sent version 2 with a Wi-Fi timer. The pump is needed: there is no "
        "drain near the cupboard. The quote is in your account under Quotes.",
        actor=sales,
    )
    out.write("  portal requests and quotes: 1 request with its thread, quote v1 replaced by v2")
