"""Addresses of the admin portal's quotation pages (issue 7). The detail
address is the contract of apps.leads.links.ADMIN_QUOTATION_PATH."""

from django.urls import path

from apps.admin_portal import quotations as views

urlpatterns = [
    path("quotations/", views.QuotationListView.as_view(), name="quotations"),
    path("quotations/new/", views.QuotationNewView.as_view(), name="quotation-new"),
    path("quotations/totals/", views.QuotationTotalsView.as_view(), name="quotation-totals"),
    path("quotations/catalog/", views.QuotationCatalogView.as_view(), name="quotation-catalog"),
    path(
        "quotations/clients/",
        views.QuotationClientSearchView.as_view(),
        name="quotation-clients",
    ),
    path("quotations/<uuid:pk>/", views.QuotationDetailView.as_view(), name="quotation-detail"),
    path("quotations/<uuid:pk>/edit/", views.QuotationEditView.as_view(), name="quotation-edit"),
    path("quotations/<uuid:pk>/pdf/", views.QuotationPdfView.as_view(), name="quotation-pdf"),
    path(
        "quotations/<uuid:pk>/pdf/status/",
        views.QuotationPdfStatusView.as_view(),
        name="quotation-pdf-status",
    ),
    path("quotations/<uuid:pk>/send/", views.QuotationSendView.as_view(), name="quotation-send"),
    path(
        "quotations/<uuid:pk>/resend/",
        views.QuotationResendView.as_view(),
        name="quotation-resend",
    ),
    path(
        "quotations/<uuid:pk>/revise/",
        views.QuotationReviseView.as_view(),
        name="quotation-revise",
    ),
    path(
        "quotations/<uuid:pk>/expire/",
        views.QuotationExpireView.as_view(),
        name="quotation-expire",
    ),
    path(
        "quotations/<uuid:pk>/retry-pdf/",
        views.QuotationRetryPdfView.as_view(),
        name="quotation-retry-pdf",
    ),
]
