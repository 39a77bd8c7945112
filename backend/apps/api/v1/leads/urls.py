from django.urls import path

from apps.api.v1.leads import quote_views as q
from apps.api.v1.leads import views

app_name = "leads"

urlpatterns = [
    path("bookings/", views.BookingCreateView.as_view(), name="booking-create"),
    path("bookings/<uuid:pk>/", views.BookingDetailView.as_view(), name="booking-detail"),
    path("bookings/<uuid:pk>/photos/", views.BookingPhotosView.as_view(), name="booking-photos"),
    path("inquiries/", q.InquiryCreateView.as_view(), name="inquiry-create"),
    path("inquiries/<uuid:pk>/", q.InquiryDetailView.as_view(), name="inquiry-detail"),
    path("inquiries/<uuid:pk>/replies/", q.InquiryReplyView.as_view(), name="inquiry-replies"),
    path(
        "inquiries/<uuid:pk>/attachments/<uuid:attachment_id>/",
        q.InquiryAttachmentView.as_view(),
        name="inquiry-attachment",
    ),
    path("quotations/", q.QuotationListCreateView.as_view(), name="quotation-list"),
    path("quotations/<uuid:pk>/", q.QuotationDetailView.as_view(), name="quotation-detail"),
    path("quotations/<uuid:pk>/accept/", q.QuotationAcceptView.as_view(), name="quotation-accept"),
    path("quotations/<uuid:pk>/reject/", q.QuotationRejectView.as_view(), name="quotation-reject"),
    path(
        "quotations/<uuid:pk>/request-changes/",
        q.QuotationChangesView.as_view(),
        name="quotation-changes",
    ),
    path("quotations/<uuid:pk>/pdf/", q.QuotationPdfView.as_view(), name="quotation-pdf"),
]
