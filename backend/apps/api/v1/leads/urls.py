# Bookings, inquiries and quotations are added here by the leads issues.
app_name = "leads"

urlpatterns: list = []
