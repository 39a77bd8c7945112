"""Addresses of the admin portal's quotation pages (issue 7). The detail
address is the contract of apps.leads.links.ADMIN_QUOTATION_PATH."""

from django.urls import path

from apps.admin_portal import quotation_builder as builder
from apps.admin_portal import quotation_detail as detail
from apps.admin_portal import quotations

urlpatterns = [
    path("quotations/", quotations.QuotationListView.as_view(), name="quotations"),
    path("quotations/new/", builder.QuotationNewView.as_view(), name="quotation-new"),
    path("quotations/totals/", builder.QuotationTotalsView.as_view(), name="quotation-totals"),
    path("quotations/catalog/", builder.QuotationCatalogView.as_view(), name="quotation-catalog"),
    path(
        "quotations/clients/",
        builder.QuotationClientSearchView.as_view(),
        name="quotation-clients",
    ),
    path("quotations/<uuid:pk>/", detail.QuotationDetailView.as_view(), name="quotation-detail"),
    path("quotations/<uuid:pk>/edit/", builder.QuotationEditView.as_view(), name="quotation-edit"),
    path("quotations/<uuid:pk>/pdf/", detail.QuotationPdfView.as_view(), name="quotation-pdf"),
    path(
        "quotations/<uuid:pk>/pdf/status/",
        detail.QuotationPdfStatusView.as_view(),
        name="quotation-pdf-status",
    ),
    path("quotations/<uuid:pk>/send/", detail.QuotationSendView.as_view(), name="quotation-send"),
    path(
        "quotations/<uuid:pk>/resend/",
        detail.QuotationResendView.as_view(),
        name="quotation-resend",
    ),
    path(
        "quotations/<uuid:pk>/revise/",
        detail.QuotationReviseView.as_view(),
        name="quotation-revise",
    ),
    path(
        "quotations/<uuid:pk>/expire/",
        detail.QuotationExpireView.as_view(),
        name="quotation-expire",
    ),
    path(
        "quotations/<uuid:pk>/retry-pdf/",
        detail.QuotationRetryPdfView.as_view(),
        name="quotation-retry-pdf",
    ),
]
