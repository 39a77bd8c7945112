from django.urls import path

app_name = "notifications_admin"

urlpatterns: list = []
