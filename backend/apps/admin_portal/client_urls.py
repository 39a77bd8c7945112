"""URLs of the client pages, included by apps.admin_portal.urls (names in
the ``admin_portal`` namespace)."""

from django.urls import path

from apps.admin_portal import client_merge
from apps.admin_portal import clients as c

urlpatterns = [
    path("clients/", c.ClientListView.as_view(), name="clients"),
    path("clients/export.csv", c.ClientExportView.as_view(), name="clients-export"),
    path("clients/new/", c.NewClientView.as_view(), name="client-new"),
    path("clients/<uuid:client_id>/", c.ClientDetailView.as_view(), name="client-detail"),
    path("clients/<uuid:client_id>/edit/", c.ClientEditView.as_view(), name="client-edit"),
    path("clients/<uuid:client_id>/tags/", c.ClientTagsView.as_view(), name="client-tags"),
    path("clients/<uuid:client_id>/notes/", c.ClientNotesView.as_view(), name="client-notes"),
    path(
        "clients/<uuid:client_id>/preferences/",
        c.ClientPreferencesView.as_view(),
        name="client-preferences",
    ),
    path(
        "clients/<uuid:client_id>/sites/", c.ClientSiteCreateView.as_view(), name="client-site-new"
    ),
    path(
        "clients/<uuid:client_id>/sites/<uuid:site_id>/",
        c.ClientSiteEditView.as_view(),
        name="client-site-edit",
    ),
    path(
        "clients/<uuid:client_id>/sites/<uuid:site_id>/delete/",
        c.ClientSiteDeleteView.as_view(),
        name="client-site-delete",
    ),
    path(
        "clients/<uuid:client_id>/merge/",
        client_merge.ClientMergeView.as_view(),
        name="client-merge",
    ),
    path(
        "clients/<uuid:client_id>/merge/<uuid:duplicate_id>/",
        client_merge.ClientMergeConfirmView.as_view(),
        name="client-merge-confirm",
    ),
]
