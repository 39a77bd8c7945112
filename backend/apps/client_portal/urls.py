from django.urls import path

from apps.client_portal import booking_views, inquiry_views, quote_views, views

app_name = "client_portal"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("profile/details/", views.ProfileDetailsView.as_view(), name="profile-details"),
    path("profile/email/", views.ProfileEmailView.as_view(), name="profile-email"),
    path(
        "profile/preferences/",
        views.ProfilePreferencesView.as_view(),
        name="profile-preferences",
    ),
]
# Bookings (apps/client_portal/booking_views.py); the detail path is the one
# apps.leads.links puts in e-mails.
urlpatterns += [
    path("bookings/", booking_views.BookingListView.as_view(), name="bookings"),
    path(
        "bookings/<str:reference>/",
        booking_views.BookingDetailView.as_view(),
        name="booking-detail",
    ),
    path(
        "bookings/<str:reference>/reschedule/",
        booking_views.BookingActionView.as_view(action="reschedule"),
        name="booking-reschedule",
    ),
    path(
        "bookings/<str:reference>/cancel/",
        booking_views.BookingActionView.as_view(action="cancel"),
        name="booking-cancel",
    ),
    path(
        "bookings/<str:reference>/photos/",
        booking_views.BookingActionView.as_view(action="photos"),
        name="booking-photos",
    ),
    path(
        "bookings/<str:reference>/feedback/",
        booking_views.BookingActionView.as_view(action="feedback"),
        name="booking-feedback",
    ),
]
# Requests (inquiries) and quotes (inquiry_views.py, quote_views.py); the
# detail paths are the ones apps.leads.links puts in e-mails.
urlpatterns += [
    path("inquiries/", inquiry_views.InquiryListView.as_view(), name="inquiries"),
    path(
        "inquiries/<str:reference>/",
        inquiry_views.InquiryDetailView.as_view(),
        name="inquiry-detail",
    ),
    path(
        "inquiries/<str:reference>/reply/",
        inquiry_views.InquiryReplyView.as_view(),
        name="inquiry-reply",
    ),
    path(
        "inquiries/<str:reference>/files/<uuid:attachment_id>/",
        inquiry_views.InquiryAttachmentView.as_view(),
        name="inquiry-attachment",
    ),
    path("quotes/", quote_views.QuoteListView.as_view(), name="quotes"),
    path("quotes/<uuid:pk>/", quote_views.QuoteDetailView.as_view(), name="quote-detail"),
    path("quotes/<uuid:pk>/pdf/", quote_views.QuotePdfView.as_view(), name="quote-pdf"),
]
# Sections the billing and sites issues build.
urlpatterns += [
    path(f"{key}/", views.SectionView.as_view(section=key), name=key)
    for key in views.SECTIONS
    if key not in ("bookings", "inquiries", "quotes")
]
