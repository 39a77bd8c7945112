"""/api/v1/admin/notifications/: the notification log, sending, templates, campaigns.

Views parse input, check permissions and call one service or selector."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.api.params import date_param, uuid_param
from apps.api.permissions import StaffWithPermission
from apps.leads.models import Client
from apps.notifications import segments
from apps.notifications import selectors as sel
from apps.notifications import services as svc
from apps.notifications.catalog import ACCOUNT, CATALOG
from apps.notifications.models import (
    Campaign,
    Channel,
    EmailTemplate,
    Notification,
    NotificationStatus,
)

TAG = ["admin: notifications"]
TAG_TEMPLATES = ["admin: e-mail templates"]
TAG_CAMPAIGNS = ["admin: campaigns"]
HIDDEN = "(hidden: this message holds a secret link)"


# --- Serializers ---------------------------------------------------------------


class NotificationSerializer(serializers.ModelSerializer):
    client_name = serializers.CharField(source="client.name", default="", read_only=True)
    campaign_name = serializers.CharField(source="campaign.name", default="", read_only=True)

    class Meta:
        model = Notification
        fields = (
            "id",
            "created_at",
            "channel",
            "template_key",
            "to_address",
            "to_name",
            "client",
            "client_name",
            "subject",
            "status",
            "attempts",
            "last_error",
            "send_after",
            "next_attempt_at",
            "sent_at",
            "provider_message_id",
            "delivery_status",
            "is_marketing",
            "is_sensitive",
            "related_type",
            "related_id",
            "campaign",
            "campaign_name",
        )
        read_only_fields = fields


class NotificationDetailSerializer(NotificationSerializer):
    body_html = serializers.SerializerMethodField()
    body_text = serializers.SerializerMethodField()
    context = serializers.SerializerMethodField()

    class Meta(NotificationSerializer.Meta):
        fields = (
            *NotificationSerializer.Meta.fields,
            "body_html",
            "body_text",
            "context",
            "idempotency_key",
            "group_key",
        )
        read_only_fields = fields

    def get_body_html(self, obj) -> str:
        return HIDDEN if obj.is_sensitive else obj.body_html

    def get_body_text(self, obj) -> str:
        return HIDDEN if obj.is_sensitive else obj.body_text

    def get_context(self, obj) -> dict:
        return {} if obj.is_sensitive else obj.context


class SendSerializer(serializers.Serializer):
    template_key = serializers.ChoiceField(
        choices=[k for k, v in CATALOG.items() if v.kind != ACCOUNT],
        help_text="Account mail (password reset, verification, invitations) is sent by "
        "its own flow, not from here.",
    )
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.EMAIL)
    client = serializers.PrimaryKeyRelatedField(
        queryset=Client.objects.all(), required=False, allow_null=True
    )
    to = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=254,
        help_text="E-mail address or phone number; defaults to the client's.",
    )
    to_name = serializers.CharField(required=False, allow_blank=True, max_length=150)
    context = serializers.DictField(required=False, default=dict)
    idempotency_key = serializers.CharField(required=False, allow_blank=True, max_length=150)
    send_after = serializers.DateTimeField(required=False, allow_null=True)

    def validate(self, attrs):
        if not attrs.get("client") and not attrs.get("to"):
            raise serializers.ValidationError({"to": ["Give a client or an address."]})
        return attrs


class EmailTemplateSerializer(serializers.ModelSerializer):
    updated_by = serializers.CharField(source="updated_by.email", default="", read_only=True)
    variables = serializers.SerializerMethodField()
    required_variables = serializers.SerializerMethodField(
        help_text="The variables a message of this template cannot go without: "
        "POST notifications/send/ answers 400 naming any that its context lacks."
    )

    class Meta:
        model = EmailTemplate
        fields = (
            "key",
            "name",
            "description",
            "subject",
            "body_html",
            "body_text",
            "sms_text",
            "is_customised",
            "updated_at",
            "updated_by",
            "variables",
            "required_variables",
        )
        read_only_fields = (
            "key",
            "name",
            "description",
            "is_customised",
            "updated_at",
            "updated_by",
            "variables",
            "required_variables",
        )

    def get_variables(self, obj) -> dict[str, str]:
        return sel.template_variables(obj.key)

    def get_required_variables(self, obj) -> list[str]:
        return list(sel.required_template_variables(obj.key))


class EmailTemplateListSerializer(serializers.ModelSerializer):
    class Meta:
        model = EmailTemplate
        fields = ("key", "name", "description", "subject", "is_customised", "updated_at")
        read_only_fields = fields


class TemplateTextsSerializer(serializers.Serializer):
    subject = serializers.CharField(required=False, max_length=255)
    body_html = serializers.CharField(required=False)
    body_text = serializers.CharField(required=False)
    sms_text = serializers.CharField(required=False, allow_blank=True)


class SendTestSerializer(TemplateTextsSerializer):
    to = serializers.EmailField(required=False, help_text="Defaults to your own address.")


class PreviewSerializer(serializers.Serializer):
    subject = serializers.CharField()
    html = serializers.CharField()
    text = serializers.CharField()
    sms = serializers.CharField(required=False)


class CampaignSerializer(serializers.ModelSerializer):
    class Meta:
        model = Campaign
        fields = (
            "id",
            "name",
            "subject",
            "body",
            "segment",
            "segment_params",
            "rate_per_minute",
            "status",
            "created_at",
            "started_at",
            "finished_at",
            "recipients_total",
        )
        read_only_fields = ("id", "status", "created_at", "started_at", "finished_at",
                            "recipients_total")  # fmt: skip
        extra_kwargs = {"rate_per_minute": {"required": False}, "segment": {"required": False}}


class CampaignListSerializer(CampaignSerializer):
    n_queued = serializers.IntegerField(read_only=True)
    n_sending = serializers.IntegerField(read_only=True)
    n_sent = serializers.IntegerField(read_only=True)
    n_failed = serializers.IntegerField(read_only=True)
    n_cancelled = serializers.IntegerField(read_only=True)

    class Meta(CampaignSerializer.Meta):
        fields = (*CampaignSerializer.Meta.fields, "n_queued", "n_sending", "n_sent",
                  "n_failed", "n_cancelled")  # fmt: skip


ProgressSerializer = inline_serializer(
    "CampaignProgress",
    fields={
        "status": serializers.CharField(),
        "recipients": serializers.IntegerField(),
        "expansion_done": serializers.BooleanField(),
        **{s: serializers.IntegerField() for s in NotificationStatus.values},
        "done": serializers.IntegerField(),
        "percent": serializers.IntegerField(),
    },
)


class SegmentParamSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    type = serializers.CharField()
    required = serializers.BooleanField()


class SegmentSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    params = SegmentParamSerializer(many=True)


# --- Notifications ---------------------------------------------------------------


@extend_schema(
    tags=TAG,
    parameters=[
        OpenApiParameter("status", str, enum=NotificationStatus.values),
        OpenApiParameter("channel", str, enum=Channel.values),
        OpenApiParameter("recipient", str, description="Address or name contains"),
        OpenApiParameter("template", str, description="Template key"),
        OpenApiParameter("campaign", str, description="Campaign id"),
        OpenApiParameter("client", str, description="Client id"),
        OpenApiParameter("date_from", str, description="Queued on or after (YYYY-MM-DD)"),
        OpenApiParameter("date_to", str, description="Queued on or before (YYYY-MM-DD)"),
    ],
)
class NotificationListView(generics.ListAPIView):
    """The notification log, newest first."""

    permission_classes = [StaffWithPermission]
    required_permissions = ("notifications.view_notification",)
    serializer_class = NotificationSerializer
    filter_backends: list = []

    def get_queryset(self):
        p = self.request.query_params
        status_ = p.get("status", "")
        if status_ and status_ not in NotificationStatus.values:
            raise serializers.ValidationError({"status": ["Unknown status."]})
        return sel.notifications_for_admin(
            status=status_,
            channel=p.get("channel", ""),
            recipient=p.get("recipient", "").strip(),
            template_key=p.get("template", ""),
            campaign_id=str(uuid_param(p.get("campaign"), "campaign") or ""),
            client_id=str(uuid_param(p.get("client"), "client") or ""),
            date_from=date_param(p.get("date_from"), "date_from"),
            date_to=date_param(p.get("date_to"), "date_to"),
        )


class NotificationSendView(APIView):
    """Send a templated message to a client or an address. Returns the outbox row;
    delivery happens after the request, so its status starts as *queued*."""

    permission_classes = [StaffWithPermission]
    required_permissions = ("notifications.send_notification",)

    @extend_schema(tags=TAG, request=SendSerializer, responses={201: NotificationSerializer})
    def post(self, request):
        data = SendSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        kwargs = {
            "template_key": v["template_key"],
            "channel": v["channel"],
            "client": v.get("client"),
            "to": v.get("to", ""),
            "to_name": v.get("to_name", ""),
            "context": v.get("context") or {},
            "idempotency_key": v.get("idempotency_key", ""),
            "actor": request.user,
        }
        if v.get("send_after"):
            notification = svc.schedule_notification(
                send_at=v["send_after"], group_key=f"manual:{request.user.pk}", **kwargs
            )
        else:
            notification = svc.queue_notification(**kwargs)
        return Response(NotificationSerializer(notification).data, status=status.HTTP_201_CREATED)


class NotificationDetailView(APIView):
    permission_classes = [StaffWithPermission]
    required_permissions = ("notifications.view_notification",)

    @extend_schema(tags=TAG, responses=NotificationDetailSerializer)
    def get(self, request, pk):
        notification = get_object_or_404(
            Notification.objects.select_related("client", "campaign"), pk=pk
        )
        return Response(NotificationDetailSerializer(notification).data)


class NotificationResendView(APIView):
    permission_classes = [StaffWithPermission]
    required_permissions = ("notifications.resend_notification",)

    @extend_schema(tags=TAG, request=None, responses={202: NotificationSerializer})
    def post(self, request, pk):
        notification = get_object_or_404(Notification, pk=pk)
        target = svc.resend_notification(notification=notification, actor=request.user)
        return Response(NotificationSerializer(target).data, status=status.HTTP_202_ACCEPTED)


# --- Templates ---------------------------------------------------------------------


class EmailTemplateListView(generics.ListAPIView):
    permission_classes = [StaffWithPermission]
    required_permissions = ("notifications.view_emailtemplate",)
    serializer_class = EmailTemplateListSerializer
    filter_backends: list = []
    pagination_class = None

    @extend_schema(tags=TAG_TEMPLATES)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return sel.email_templates()


class EmailTemplateDetailView(APIView):
    permission_classes = [StaffWithPermission]
    required_permissions = {
        "GET": ("notifications.view_emailtemplate",),
        "PATCH": ("notifications.change_emailtemplate",),
    }

    @extend_schema(tags=TAG_TEMPLATES, responses=EmailTemplateSerializer)
    def get(self, request, key):
        return Response(EmailTemplateSerializer(get_object_or_404(EmailTemplate, key=key)).data)

    @extend_schema(
        tags=TAG_TEMPLATES, request=TemplateTextsSerializer, responses=EmailTemplateSerializer
    )
    def patch(self, request, key):
        template = get_object_or_404(EmailTemplate, key=key)
        data = TemplateTextsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        template = svc.update_email_template(
            template=template, actor=request.user, **data.validated_data
        )
        return Response(EmailTemplateSerializer(template).data)


class EmailTemplatePreviewView(APIView):
    """Render texts (unsaved edits, or the saved template for fields left out)
    with the template's sample data."""

    permission_classes = [StaffWithPermission]
    required_permissions = ("notifications.view_emailtemplate",)

    @extend_schema(tags=TAG_TEMPLATES, request=TemplateTextsSerializer, responses=PreviewSerializer)
    def post(self, request, key):
        template = get_object_or_404(EmailTemplate, key=key)
        data = TemplateTextsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        texts = {f: getattr(template, f) for f in svc.TEMPLATE_FIELDS}
        texts.update(data.validated_data)
        return Response(svc.preview_email_template(key=key, **texts))


class EmailTemplateSendTestView(APIView):
    permission_classes = [StaffWithPermission]
    required_permissions = ("notifications.change_emailtemplate",)

    @extend_schema(
        tags=TAG_TEMPLATES, request=SendTestSerializer, responses={202: NotificationSerializer}
    )
    def post(self, request, key):
        get_object_or_404(EmailTemplate, key=key)
        data = SendTestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        v.pop("sms_text", None)
        notification = svc.send_test_email(
            key=key, to=v.pop("to", "") or request.user.email, actor=request.user, **v
        )
        return Response(NotificationSerializer(notification).data, status=status.HTTP_202_ACCEPTED)


# --- Campaigns ---------------------------------------------------------------------


class SegmentListView(APIView):
    permission_classes = [StaffWithPermission]
    required_permissions = ("notifications.view_campaign",)

    @extend_schema(tags=TAG_CAMPAIGNS, responses=SegmentSerializer(many=True))
    def get(self, request):
        return Response(
            [
                {
                    "key": s.key,
                    "label": s.label,
                    "params": [
                        {"name": p.name, "label": p.label, "type": p.type, "required": p.required}
                        for p in s.params
                    ],
                }
                for s in segments.all_segments()
            ]
        )


class CampaignListView(generics.ListCreateAPIView):
    permission_classes = [StaffWithPermission]
    required_permissions = {
        "GET": ("notifications.view_campaign",),
        "POST": ("notifications.add_campaign",),
    }
    filter_backends: list = []

    def get_serializer_class(self):
        return CampaignListSerializer if self.request.method == "GET" else CampaignSerializer

    def get_queryset(self):
        return sel.campaigns_for_admin()

    @extend_schema(tags=TAG_CAMPAIGNS)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=TAG_CAMPAIGNS, request=CampaignSerializer, responses={201: CampaignSerializer}
    )
    def post(self, request, *args, **kwargs):
        data = CampaignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        campaign = svc.create_campaign(actor=request.user, **data.validated_data)
        return Response(CampaignSerializer(campaign).data, status=status.HTTP_201_CREATED)


class CampaignDetailView(APIView):
    permission_classes = [StaffWithPermission]
    required_permissions = {
        "GET": ("notifications.view_campaign",),
        "PATCH": ("notifications.change_campaign",),
    }

    @extend_schema(tags=TAG_CAMPAIGNS, responses=CampaignSerializer)
    def get(self, request, pk):
        return Response(CampaignSerializer(get_object_or_404(Campaign, pk=pk)).data)

    @extend_schema(tags=TAG_CAMPAIGNS, request=CampaignSerializer, responses=CampaignSerializer)
    def patch(self, request, pk):
        campaign = get_object_or_404(Campaign, pk=pk)
        data = CampaignSerializer(campaign, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        campaign = svc.update_campaign(campaign=campaign, actor=request.user, **data.validated_data)
        return Response(CampaignSerializer(campaign).data)


class CampaignPreviewView(APIView):
    permission_classes = [StaffWithPermission]
    required_permissions = ("notifications.view_campaign",)

    @extend_schema(tags=TAG_CAMPAIGNS, request=None, responses=PreviewSerializer)
    def post(self, request, pk):
        rendered = svc.preview_campaign(campaign=get_object_or_404(Campaign, pk=pk))
        return Response({"subject": rendered.subject, "html": rendered.html, "text": rendered.text})


class CampaignSendTestView(APIView):
    permission_classes = [StaffWithPermission]
    required_permissions = ("notifications.change_campaign",)

    @extend_schema(
        tags=TAG_CAMPAIGNS,
        request=inline_serializer("CampaignTest", {"to": serializers.EmailField(required=False)}),
        responses={202: NotificationSerializer},
    )
    def post(self, request, pk):
        campaign = get_object_or_404(Campaign, pk=pk)
        to = serializers.EmailField(required=False).run_validation(
            request.data.get("to") or request.user.email
        )
        notification = svc.send_campaign_test(campaign=campaign, actor=request.user, to=to)
        return Response(NotificationSerializer(notification).data, status=status.HTTP_202_ACCEPTED)


class CampaignSendView(APIView):
    """Start sending: recipients are queued in batches and sent at the campaign's rate."""

    permission_classes = [StaffWithPermission]
    required_permissions = ("notifications.send_campaign",)

    @extend_schema(tags=TAG_CAMPAIGNS, request=None, responses={202: CampaignSerializer})
    def post(self, request, pk):
        campaign = svc.start_campaign(
            campaign=get_object_or_404(Campaign, pk=pk), actor=request.user
        )
        return Response(CampaignSerializer(campaign).data, status=status.HTTP_202_ACCEPTED)


class CampaignCancelView(APIView):
    permission_classes = [StaffWithPermission]
    required_permissions = ("notifications.send_campaign",)

    @extend_schema(tags=TAG_CAMPAIGNS, request=None, responses=CampaignSerializer)
    def post(self, request, pk):
        campaign = svc.cancel_campaign(
            campaign=get_object_or_404(Campaign, pk=pk), actor=request.user
        )
        return Response(CampaignSerializer(campaign).data)


class CampaignProgressView(APIView):
    """Live counts; poll it. Per-recipient status: the notification list with ?campaign=<id>."""

    permission_classes = [StaffWithPermission]
    required_permissions = ("notifications.view_campaign",)

    @extend_schema(tags=TAG_CAMPAIGNS, responses=ProgressSerializer)
    def get(self, request, pk):
        return Response(sel.campaign_progress(campaign=get_object_or_404(Campaign, pk=pk)))


@extend_schema(
    tags=TAG_CAMPAIGNS,
    parameters=[OpenApiParameter("status", str, enum=NotificationStatus.values)],
)
class CampaignRecipientListView(generics.ListAPIView):
    """Per-recipient status of a campaign."""

    permission_classes = [StaffWithPermission]
    required_permissions = ("notifications.view_campaign",)
    serializer_class = NotificationSerializer
    filter_backends: list = []

    def get_queryset(self):
        campaign = get_object_or_404(Campaign, pk=self.kwargs["pk"])
        status_ = self.request.query_params.get("status", "")
        if status_ and status_ not in NotificationStatus.values:
            raise serializers.ValidationError({"status": ["Unknown status."]})
        return sel.notifications_for_admin(campaign_id=str(campaign.pk), status=status_)
