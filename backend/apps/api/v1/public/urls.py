from django.urls import path

from apps.api.v1.public import views

app_name = "public"

urlpatterns = [
    path("company/", views.CompanyView.as_view(), name="company"),
]
