app_name = "notifications_admin"

urlpatterns: list = []
