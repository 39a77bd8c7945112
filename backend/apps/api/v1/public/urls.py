from django.urls import path

from apps.api.v1.public import availability, notifications, views

app_name = "public"

urlpatterns = [
    path("company/", views.CompanyView.as_view(), name="company"),
    path(
        "services/<slug:slug>/availability/",
        availability.ServiceAvailabilityView.as_view(),
        name="service-availability",
    ),
    path(
        "sms/delivery-reports/",
        notifications.SmsDeliveryReportView.as_view(),
        name="sms-delivery-report",
    ),
    path("unsubscribe/", notifications.UnsubscribeView.as_view(), name="unsubscribe"),
]
