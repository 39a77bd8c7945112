from django.urls import include, path

from apps.admin_portal import bookings, views
from apps.admin_portal.navigation import PLACEHOLDERS

app_name = "admin_portal"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("styleguide/", views.StyleguideView.as_view(), name="styleguide"),
    path("users/", views.UserListView.as_view(), name="users"),
    path("users/invite/", views.InviteStaffView.as_view(), name="user-invite"),
    path("users/<uuid:user_id>/", views.UserDetailView.as_view(), name="user-detail"),
    path(
        "users/<uuid:user_id>/deactivate/",
        views.UserActiveView.as_view(activate=False),
        name="user-deactivate",
    ),
    path(
        "users/<uuid:user_id>/reactivate/",
        views.UserActiveView.as_view(activate=True),
        name="user-reactivate",
    ),
    path("audit-log/", views.AuditLogView.as_view(), name="audit-log"),
    path("settings/", views.SettingsView.as_view(), name="settings"),
    # Bookings, the schedule and availability (issue 6).
    path("bookings/", bookings.BookingListView.as_view(), name="bookings"),
    path("bookings/export.csv", bookings.BookingExportView.as_view(), name="bookings-export"),
    path("bookings/new/", bookings.NewBookingView.as_view(), name="booking-new"),
    path("bookings/slots/", bookings.SlotPickerView.as_view(), name="booking-slots"),
    path("bookings/<str:reference>/", bookings.BookingDetailView.as_view(), name="booking-detail"),
    path(
        "bookings/<str:reference>/confirm/",
        bookings.BookingConfirmView.as_view(),
        name="booking-confirm",
    ),
    path(
        "bookings/<str:reference>/technicians/",
        bookings.BookingTechniciansView.as_view(),
        name="booking-technicians",
    ),
    path(
        "bookings/<str:reference>/status/<str:to_status>/",
        bookings.BookingStatusView.as_view(),
        name="booking-status",
    ),
    path(
        "bookings/<str:reference>/cancel/",
        bookings.BookingCancelView.as_view(),
        name="booking-cancel",
    ),
    path(
        "bookings/<str:reference>/reschedule/",
        bookings.BookingRescheduleView.as_view(),
        name="booking-reschedule",
    ),
    path(
        "bookings/<str:reference>/notes/", bookings.BookingNotesView.as_view(), name="booking-notes"
    ),
    path("schedule/", bookings.ScheduleView.as_view(), name="schedule"),
    path("availability/", bookings.AvailabilityView.as_view(), name="availability"),
    path("availability/rules/", bookings.BookingRulesView.as_view(), name="availability-rules"),
    path(
        "availability/windows/",
        bookings.ArrivalWindowCreateView.as_view(),
        name="availability-window-new",
    ),
    path(
        "availability/windows/<uuid:window_id>/",
        bookings.ArrivalWindowEditView.as_view(),
        name="availability-window",
    ),
    path(
        "availability/windows/<uuid:window_id>/deactivate/",
        bookings.ArrivalWindowActiveView.as_view(active=False),
        name="availability-window-deactivate",
    ),
    path(
        "availability/windows/<uuid:window_id>/reactivate/",
        bookings.ArrivalWindowActiveView.as_view(active=True),
        name="availability-window-reactivate",
    ),
    path("availability/limits/", bookings.CategoryLimitView.as_view(), name="availability-limit"),
    path(
        "availability/closed/", bookings.ClosedDateCreateView.as_view(), name="availability-closed"
    ),
    path(
        "availability/closed/<uuid:closed_id>/delete/",
        bookings.ClosedDateDeleteView.as_view(),
        name="availability-closed-delete",
    ),
    path(
        "availability/holidays/", bookings.HolidayLoadView.as_view(), name="availability-holidays"
    ),
    # Inquiries and follow-ups (issue 7).
    path("", include("apps.admin_portal.inquiry_urls")),
    # Website content: catalog, portfolio, media library, CMS (issue 5).
    path("", include("apps.admin_portal.content.urls")),
    # Clients (CRM-lite, issue 7).
    path("", include("apps.admin_portal.client_urls")),
    # Quotations: list, builder, detail and actions (issue 7).
    path("", include("apps.admin_portal.quotation_urls")),
]

# Sections other issues build: a placeholder page each until then. An issue
# that builds one removes its line from navigation.PLACEHOLDERS' source.
urlpatterns += [
    path(f"{key}/", views.PlaceholderView.as_view(section=key), name=key) for key in PLACEHOLDERS
]
