from django.urls import path

from apps.public_site import views

app_name = "public_site"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
]
