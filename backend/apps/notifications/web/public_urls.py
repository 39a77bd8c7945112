from django.urls import path

from apps.notifications.web import public_views

app_name = "notifications"

urlpatterns = [
    path("unsubscribe/<str:token>/", public_views.unsubscribe_view, name="unsubscribe"),
]
