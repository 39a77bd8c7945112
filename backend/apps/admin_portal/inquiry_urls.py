"""Inquiries and follow-ups in the admin portal (issue 7)."""

from django.urls import path

from apps.admin_portal import follow_ups, inquiries, inquiry_detail

urlpatterns = [
    path("inquiries/", inquiries.InquiryListView.as_view(), name="inquiries"),
    path("inquiries/new/", inquiries.NewInquiryView.as_view(), name="inquiry-new"),
    path(
        "inquiries/find-client/",
        inquiries.ClientSearchView.as_view(),
        name="inquiry-client-search",
    ),
    path("inquiries/<str:key>/", inquiry_detail.InquiryDetailView.as_view(), name="inquiry-detail"),
    path(
        "inquiries/<str:key>/reply/",
        inquiry_detail.InquiryReplyView.as_view(),
        name="inquiry-reply",
    ),
    path(
        "inquiries/<str:key>/note/", inquiry_detail.InquiryNoteView.as_view(), name="inquiry-note"
    ),
    path(
        "inquiries/<str:key>/status/",
        inquiry_detail.InquiryStatusView.as_view(),
        name="inquiry-status",
    ),
    path(
        "inquiries/<str:key>/assign/",
        inquiry_detail.InquiryAssignView.as_view(),
        name="inquiry-assign",
    ),
    path(
        "inquiries/<str:key>/follow-ups/",
        inquiry_detail.InquiryFollowUpView.as_view(),
        name="inquiry-follow-up",
    ),
    path(
        "inquiries/<str:key>/files/<uuid:attachment_id>/",
        inquiries.InquiryAttachmentView.as_view(),
        name="inquiry-attachment",
    ),
    path("follow-ups/", follow_ups.FollowUpListView.as_view(), name="follow-ups"),
    path(
        "follow-ups/<uuid:follow_up_id>/done/",
        follow_ups.FollowUpCompleteView.as_view(),
        name="follow-up-complete",
    ),
]
