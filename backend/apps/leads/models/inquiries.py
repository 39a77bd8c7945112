"""Questions and quote requests from customers, their message thread, who
handles them (routing), and the follow-ups staff set themselves."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import BaseModel


class InquiryStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_PROGRESS = "in_progress", _("In progress")
    QUOTED = "quoted", _("Quoted")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")


OPEN_INQUIRY_STATUSES = (InquiryStatus.NEW, InquiryStatus.IN_PROGRESS, InquiryStatus.QUOTED)


class InquirySource(models.TextChoices):
    WEBSITE_FORM = "website_form", _("Quote request form")
    CONTACT_PAGE = "contact_page", _("Contact page")
    API = "api", _("API")
    PHONE = "phone", _("Phone call")
    EMAIL = "email", _("E-mail")
    PORTAL = "portal", _("Client portal")


class Inquiry(BaseModel):
    reference = models.CharField(_("reference"), max_length=12, unique=True)
    client = models.ForeignKey(
        "leads.Client", verbose_name=_("client"), on_delete=models.PROTECT, related_name="inquiries"
    )
    service = models.ForeignKey(
        "services.Service",
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inquiries",
    )
    # The details as the person gave them (the client record keeps the first ones).
    contact_name = models.CharField(_("contact name"), max_length=150)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    message = models.TextField(_("message"))
    site_address = models.TextField(_("site address"), blank=True)
    source = models.CharField(
        _("source"),
        max_length=16,
        choices=InquirySource.choices,
        default=InquirySource.WEBSITE_FORM,
        db_index=True,
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=InquiryStatus.choices,
        default=InquiryStatus.NEW,
        db_index=True,
    )
    lost_reason = models.CharField(_("reason lost"), max_length=300, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_inquiries",
    )
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Bumped to revoke every link sent so far.
    token_version = models.PositiveSmallIntegerField(default=1)
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True)
    in_progress_at = models.DateTimeField(_("taken up at"), null=True, blank=True)
    quoted_at = models.DateTimeField(_("quoted at"), null=True, blank=True)
    won_at = models.DateTimeField(_("won at"), null=True, blank=True)
    lost_at = models.DateTimeField(_("lost at"), null=True, blank=True)

    class Meta:
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="inquiry_status_created_idx"),
            models.Index(fields=["assignee", "status"], name="inquiry_assignee_status_idx"),
        ]

    def __str__(self) -> str:
        return self.reference


class AttachmentKind(models.TextChoices):
    IMAGE = "image", _("Image")
    PDF = "pdf", _("PDF")


class InquiryAttachment(BaseModel):
    """A photo or PDF sent with an inquiry. The file lives in the private
    storage under a random name and is served only through permission-checked
    views (never a public URL)."""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="attachments")
    response = models.ForeignKey(
        "leads.InquiryResponse",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file_name = models.CharField(_("stored as"), max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=64)
    kind = models.CharField(_("kind"), max_length=8, choices=AttachmentKind.choices)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("inquiry attachment")
        verbose_name_plural = _("inquiry attachments")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.kind == AttachmentKind.IMAGE


class ResponseKind(models.TextChoices):
    STAFF_REPLY = "staff_reply", _("Reply to the client")
    CLIENT_REPLY = "client_reply", _("Client's reply")
    INTERNAL_NOTE = "internal_note", _("Internal note")


# What a client may ever see of the thread.
CLIENT_VISIBLE_KINDS = (ResponseKind.STAFF_REPLY, ResponseKind.CLIENT_REPLY)


class InquiryResponse(BaseModel):
    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="responses")
    kind = models.CharField(_("kind"), max_length=16, choices=ResponseKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    author_name = models.CharField(_("author name"), max_length=150, blank=True)
    body = models.TextField(_("message"))

    class Meta:
        verbose_name = _("inquiry response")
        verbose_name_plural = _("inquiry responses")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.inquiry_id} {self.kind}"


class InquiryRoutingRule(BaseModel):
    """New inquiries about this service category go to this salesperson."""

    category = models.OneToOneField(
        "services.ServiceCategory",
        verbose_name=_("service category"),
        on_delete=models.CASCADE,
        related_name="routing_rule",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assign to"),
        on_delete=models.CASCADE,
        related_name="routing_rules",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("inquiry routing rule")
        verbose_name_plural = _("inquiry routing rules")

    def __str__(self) -> str:
        return f"{self.category_id} → {self.assignee_id}"


class RoutingCursor(models.Model):
    """Who got the last round-robin inquiry. One row, locked while choosing
    the next person, so two inquiries arriving together go to two people."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"round-robin after {self.last_assignee_id}"


class FollowUp(BaseModel):
    """Something a staff member must do by a given time about an inquiry or a client."""

    inquiry = models.ForeignKey(
        Inquiry, null=True, blank=True, on_delete=models.CASCADE, related_name="follow_ups"
    )
    client = models.ForeignKey(
        "leads.Client", null=True, blank=True, on_delete=models.CASCADE, related_name="follow_ups"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="follow_ups",
    )
    note = models.CharField(_("what to do"), max_length=300)
    due_at = models.DateTimeField(_("due"), db_index=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_at"]
        indexes = [
            models.Index(fields=["owner", "done_at", "due_at"], name="followup_owner_due_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(inquiry__isnull=False) | models.Q(client__isnull=False),
                name="followup_about_something",
            )
        ]

    def __str__(self) -> str:
        return self.note

    @property
    def is_done(self) -> bool:
        return self.done_at is not None
