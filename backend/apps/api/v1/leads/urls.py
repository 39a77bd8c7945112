from django.urls import path

from apps.api.v1.leads import views

app_name = "leads"

urlpatterns = [
    path("bookings/", views.BookingCreateView.as_view(), name="booking-create"),
    path("bookings/<uuid:pk>/", views.BookingDetailView.as_view(), name="booking-detail"),
    path("bookings/<uuid:pk>/photos/", views.BookingPhotosView.as_view(), name="booking-photos"),
]
