"""The client's bookings: upcoming and past, one booking with its timeline,
and the changes a client may make (reschedule, cancel, feedback). Every
read goes through ``bookings_for_client(request.user)``, so another
client's reference is a 404."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from apps.client_portal.access import ClientPortalMixin
from apps.leads import selectors as lead_selectors
from apps.leads.models import Booking, BookingStatus
from apps.leads.models.bookings import ACTIVE_STATUSES
from apps.public_site import booking_detail
from apps.public_site.booking_calendar import parse_week
from apps.public_site.booking_views import BookView

PAGE_SIZE = 10
SHOW = {"upcoming": gettext_lazy("Upcoming"), "past": gettext_lazy("Past")}


def _upcoming() -> Q:
    """Visits still to come, and the one the crew is at now."""
    return Q(status=BookingStatus.IN_PROGRESS) | Q(
        status__in=ACTIVE_STATUSES, preferred_date__gte=timezone.localdate()
    )


def upcoming_bookings(user) -> QuerySet[Booking]:
    return lead_selectors.bookings_for_client(user).filter(_upcoming()).order_by("scheduled_start")


def past_bookings(user) -> QuerySet[Booking]:
    return (
        lead_selectors.bookings_for_client(user).exclude(_upcoming()).order_by("-scheduled_start")
    )


def book_again_url(booking: Booking) -> str:
    query = QueryDict(mutable=True)
    query["service"] = booking.service.slug
    query["again"] = booking.reference
    return f"{reverse('public_site:book')}?{query.urlencode()}"


class BookingListView(ClientPortalMixin, TemplateView):
    """``/portal/bookings/?show=upcoming|past``: a page of one list, with
    both lists' sizes on the tabs. Queries (after the session and user):
    company settings, the two counts in one, the page, its technicians."""

    template_name = "client_portal/bookings/list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        show = self.request.GET.get("show", "upcoming")
        show = show if show in SHOW else "upcoming"
        counts = Booking.objects.filter(client__user=user).aggregate(
            upcoming=Count("pk", filter=_upcoming()), total=Count("pk")
        )
        counts["past"] = counts["total"] - counts["upcoming"]
        qs = upcoming_bookings(user) if show == "upcoming" else past_bookings(user)
        paginator = Paginator(qs, PAGE_SIZE)
        # The count is known already: no COUNT query for the paginator.
        paginator.count = counts[show]  # type: ignore[misc]
        page = paginator.get_page(self.request.GET.get("page"))
        return super().get_context_data(
            nav_active="bookings",
            show=show,
            tabs=[(key, label, counts[key]) for key, label in SHOW.items()],
            page=page,
            bookings=list(page.object_list),
            crumbs=[
                (gettext_lazy("My account"), reverse("client_portal:dashboard")),
                (_("Bookings"), None),
            ],
            **kwargs,
        )


class BookingDetailView(ClientPortalMixin, View):
    """``/portal/bookings/<reference>/`` (the address the e-mails use)."""

    template_name = "client_portal/bookings/detail.html"

    def get_booking(self, request: HttpRequest, reference: str) -> Booking:
        booking = (
            lead_selectors.bookings_for_client(request.user).filter(reference=reference).first()
        )
        if booking is None:
            raise Http404("no such booking of yours")
        return booking

    def urls(self, reference: str) -> dict[str, str]:
        return {
            "self": reverse("client_portal:booking-detail", args=[reference]),
            "reschedule": reverse("client_portal:booking-reschedule", args=[reference]),
            "cancel": reverse("client_portal:booking-cancel", args=[reference]),
            "feedback": reverse("client_portal:booking-feedback", args=[reference]),
            "photos": reverse("client_portal:booking-photos", args=[reference]),
        }

    def render_page(self, request: HttpRequest, booking: Booking, status: int = 200, **forms):
        context = booking_detail.booking_detail_context(
            request,
            booking,
            urls=self.urls(booking.reference),
            week_of=parse_week(request.POST.get("week")) if request.method == "POST" else None,
            **forms,
        )
        context.update(
            nav_active="bookings",
            availability_url=BookView.availability_url(booking.service, booking),
            book_again_url=book_again_url(booking) if booking.service.can_be_booked else "",
            crumbs=[
                (gettext_lazy("My account"), reverse("client_portal:dashboard")),
                (_("Bookings"), reverse("client_portal:bookings")),
                (booking.reference, None),
            ],
        )
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, reference: str) -> HttpResponse:
        return self.render_page(request, self.get_booking(request, reference))


class BookingActionView(BookingDetailView):
    action = ""

    def get(self, request: HttpRequest, reference: str) -> HttpResponse:
        return redirect("client_portal:booking-detail", reference=reference)

    def post(self, request: HttpRequest, reference: str) -> HttpResponse:
        booking = self.get_booking(request, reference)
        if self.action == "reschedule" and request.POST.get("week"):
            # Paging the calendar without JavaScript.
            return self.render_page(request, booking)
        handler = {
            "reschedule": booking_detail.reschedule,
            "cancel": booking_detail.cancel,
            "feedback": booking_detail.leave_feedback,
            "photos": booking_detail.add_photos,
        }[self.action]
        ok, form = handler(request, booking)
        if ok:
            anchor = {"feedback": "#feedback", "photos": "#photos"}.get(self.action, "")
            return redirect(reverse("client_portal:booking-detail", args=[reference]) + anchor)
        booking.refresh_from_db()
        return self.render_page(request, booking, status=400, **{f"{self.action}_form": form})
