"""Booking photos, served only to whoever may see the booking (staff with the
right, the owning client, or the holder of the booking's tracking token)."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.views import View

from apps.leads.selectors import booking_photo_for


class BookingPhotoView(View):
    def get(self, request, photo_id):
        photo = booking_photo_for(
            photo_id=photo_id, user=request.user, token=request.GET.get("token", "")
        )
        if photo is None:
            raise Http404
        response = FileResponse(photo.file.open("rb"), content_type=photo.content_type)
        extension = photo.file.name.rsplit(".", 1)[-1]
        response["Content-Disposition"] = (
            f'inline; filename="{photo.booking.reference}-{photo.pk}.{extension}"'
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, max-age=3600"
        return response
