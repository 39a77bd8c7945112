"""Public booking pages: "Book a service", its confirmation, the visit as
an .ics file, and the tracking page a guest opens from the e-mailed link.

"Book a service" is one page and one form. Each step posts everything
answered so far (earlier answers ride along in hidden fields); the server
checks every step up to the one submitted and renders the next, or the
first step with an error, with all input kept. Without JavaScript that is
a full page per step; with htmx the form swaps in place and the calendar
pages through weeks on its own (``AvailabilityPartialView``). The booking
is made only by ``create_booking``, which checks everything once more."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache

from apps.catalog.models import Service
from apps.catalog.selectors import public_services
from apps.core.throttles import AnonWriteThrottle, UserWriteThrottle
from apps.leads import selectors as lead_selectors
from apps.leads import services as lead_services
from apps.leads.models import Booking, BookingSource
from apps.leads.services import BookingError, SlotTaken
from apps.leads.tokens import booking_access_token
from apps.public_site import booking_detail
from apps.public_site.booking_calendar import (
    availability_week,
    booking_ics,
    parse_slot_value,
    parse_week,
    slot_value,
)
from apps.public_site.booking_forms import (
    DetailsStepForm,
    ReviewStepForm,
    ServiceStepForm,
    SlotForm,
)

STEPS = ("service", "slot", "details", "review")
STEP_LABELS = {
    "service": gettext_lazy("Service"),
    "slot": gettext_lazy("Date and time"),
    "details": gettext_lazy("Your details"),
    "review": gettext_lazy("Check and confirm"),
}
STEP_FIELDS = {
    "service": ("service",),
    "slot": ("preferred_date", "window"),
    "details": ("name", "phone", "email", "address", "location_notes", "description"),
    "review": (),
}
# Everything the flow carries from step to step ("again": the booking a
# signed-in client is repeating, for the prefill).
CARRIED = (*(name for step in STEPS for name in STEP_FIELDS[step]), "again")
MAX_VALUE = 4000

no_cache = method_decorator(never_cache, name="dispatch")


class WebBookingThrottle(AnonWriteThrottle):
    """Anonymous writes on the booking pages, per client address: the shared
    ``anon_write`` rule and rate, counted apart from the API."""

    cache_format = "throttle_web_%(scope)s_%(ident)s"


class WebBookingUserThrottle(UserWriteThrottle):
    """Signed-in writes on the booking pages, per account: the shared
    ``user_write`` rule and rate, counted apart from the API."""

    cache_format = "throttle_web_%(scope)s_%(ident)s"


def throttled(request: HttpRequest) -> bool:
    """True when a visitor has used up their writes for now: anonymous ones
    per address, signed-in ones per account."""
    # DRF's throttles read only request.user and request.META: a Django request will do.
    return not (
        WebBookingThrottle().allow_request(request, None)  # type: ignore[arg-type]
        and WebBookingUserThrottle().allow_request(request, None)  # type: ignore[arg-type]
    )


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true" and not request.headers.get("HX-Boosted")


def signed_in_client(request: HttpRequest):
    user = request.user
    return user if user.is_authenticated and user.is_active and user.is_client else None


def flow_data(source: QueryDict) -> QueryDict:
    """The flow's answers from a request, trimmed; a slot button's value is
    split into its date and window."""
    data = QueryDict(mutable=True)
    for name in (*CARRIED, "idempotency_key"):
        value = source.get(name)
        if value is not None:
            data[name] = value.strip()[:MAX_VALUE]
    for key in ("slot", "pick"):
        if source.get(key):
            data["preferred_date"], data["window"] = parse_slot_value(str(source.get(key, "")))
    return data


def _details_initial(request: HttpRequest, data: QueryDict) -> dict[str, Any]:
    """What the details step starts with: the answers so far, else the
    repeated booking's site, else the signed-in client's record."""
    if any(data.get(name) for name in STEP_FIELDS["details"]):
        return {name: data.get(name, "") for name in STEP_FIELDS["details"]}
    user = signed_in_client(request)
    if user is None:
        return {}
    initial: dict[str, Any] = {"name": user.full_name, "email": user.email, "phone": user.phone}
    client = lead_selectors.client_of_user(user=user)
    if client is not None:
        initial.update(
            name=client.name or user.full_name,
            email=client.email or user.email,
            phone=client.phone or user.phone,
            address=client.address,
        )
    again = data.get("again")
    if again:
        previous = lead_selectors.bookings_for_client(user).filter(reference=again).first()
        if previous is not None:
            initial.update(
                name=previous.contact_name or initial["name"],
                email=previous.contact_email or initial["email"],
                phone=previous.contact_phone or initial["phone"],
                address=previous.site_address,
                location_notes=previous.location_notes,
                description=previous.description,
            )
    phone = initial.get("phone")
    if getattr(phone, "as_national", None):
        initial["phone"] = phone.as_national  # "0722 555111", as people type it here
    return {key: value for key, value in initial.items() if value}


@no_cache
class BookView(View):
    """``/book/``: choose a service, a free window, give contact and site
    details, review, confirm. ``?service=<slug>`` starts at the calendar."""

    template_name = "public_site/booking/book.html"
    fragment_name = "public_site/booking/_flow.html"

    # --- entry points -------------------------------------------------------

    def get(self, request: HttpRequest) -> HttpResponse:
        data = flow_data(request.GET)
        if not data.get("service"):
            return self.render_step(request, "service", data)
        service_form = ServiceStepForm(data)
        if not service_form.is_valid():
            return self.render_step(
                request, "service", data, forms={"service": service_form}, status=200
            )
        if data.get("preferred_date") and request.GET.get("slot"):
            slot_form = SlotForm(data, service=service_form.bookable_service)
            if slot_form.is_valid():
                return self.render_step(request, "details", data)
            return self.render_step(request, "slot", data, forms={"slot": slot_form}, status=200)
        return self.render_step(request, "slot", data)

    def post(self, request: HttpRequest) -> HttpResponse:
        data = flow_data(request.POST)
        step = request.POST.get("step", "")
        step = step if step in STEPS else "service"
        goto = request.POST.get("goto", "")
        if goto in STEPS[:-1]:
            # "Change" on an earlier answer: that step again, answers kept.
            return self.render_step(request, goto, data)
        if request.POST.get("week") and step == "slot":
            return self.render_step(request, "slot", data)
        if request.POST.get("pick"):
            # One tap on a suggested window after "just taken": review again.
            step = "details"
        failed = self.first_invalid_step(data, through=step)
        if failed is not None:
            failed_step, form = failed
            return self.render_step(request, failed_step, data, forms={failed_step: form})
        if step == "review":
            return self.confirm(request, data)
        return self.render_step(request, STEPS[STEPS.index(step) + 1], data)

    # --- checking -----------------------------------------------------------

    def step_form(self, step: str, data: QueryDict, service: Service | None, *, booking: bool):
        if step == "service":
            return ServiceStepForm(data)
        if step == "slot":
            assert service is not None
            return SlotForm(data, service=service, check_capacity=not booking)
        if step == "details":
            return DetailsStepForm(data)
        return ReviewStepForm(data)

    def first_invalid_step(self, data: QueryDict, *, through: str):
        """``(step, bound form)`` of the first step up to ``through`` whose
        answers do not hold, or None when they all do."""
        service = None
        for step in STEPS[: STEPS.index(through) + 1]:
            form = self.step_form(step, data, service, booking=through == "review")
            if not form.is_valid():
                return step, form
            if step == "service":
                service = form.bookable_service
        return None

    def confirm(self, request: HttpRequest, data: QueryDict) -> HttpResponse:
        service_form = ServiceStepForm(data)
        service_form.is_valid()
        slot_form = SlotForm(data, service=service_form.bookable_service, check_capacity=False)
        slot_form.is_valid()
        details = DetailsStepForm(data)
        details.is_valid()
        review = ReviewStepForm(data)
        review.is_valid()
        if throttled(request):
            review.add_error(
                None,
                _(
                    "Too many bookings from your connection just now. Please wait a few "
                    "minutes and confirm again, or call us."
                ),
            )
            return self.render_step(request, "review", data, forms={"review": review}, status=429)
        user = signed_in_client(request)
        try:
            booking = lead_services.create_booking(
                service=service_form.bookable_service,
                name=details.cleaned_data["name"],
                email=details.cleaned_data["email"],
                phone=details.cleaned_data["phone"],
                address=details.cleaned_data["address"],
                preferred_date=slot_form.cleaned_data["preferred_date"],
                window=slot_form.cleaned_data["window"],
                description=details.cleaned_data["description"],
                location_notes=details.cleaned_data["location_notes"],
                source=BookingSource.PORTAL if user else BookingSource.WEB,
                user=user,
                actor=user,
                idempotency_key=f"web:{review.cleaned_data['idempotency_key']}",
            )
        except SlotTaken as exc:
            return self.render_step(
                request,
                "review",
                data,
                status=409,
                extra={"slot_taken": exc.message, "alternatives": self.alternatives(exc)},
            )
        except BookingError as exc:
            step, form = {
                "service_slug": ("service", service_form),
                "preferred_date": ("slot", slot_form),
                "preferred_time_slot": ("slot", slot_form),
                "email": ("details", details),
            }.get(exc.field, ("review", review))
            name = {"preferred_time_slot": "window", "service_slug": "service"}.get(
                exc.field, exc.field
            )
            form.add_error(name if name in form.fields else None, exc.message)
            return self.render_step(request, step, data, forms={step: form})
        target = reverse("public_site:booking-confirmed", args=[booking_access_token(booking)])
        if is_htmx(request):
            return HttpResponse(status=204, headers={"HX-Redirect": target})
        return redirect(target)

    @staticmethod
    def alternatives(exc: SlotTaken) -> list[dict[str, Any]]:
        return [
            {"value": slot_value(slot.start.date(), slot.window_id), "start": slot.start}
            | {"label": slot.label}
            for slot in exc.alternatives
        ]

    # --- rendering ----------------------------------------------------------

    def render_step(
        self,
        request: HttpRequest,
        step: str,
        data: QueryDict,
        *,
        forms: dict[str, Any] | None = None,
        status: int | None = None,
        extra: dict[str, Any] | None = None,
    ) -> HttpResponse:
        forms = forms or {}
        service = self._service(data)
        if service is None and step != "service":
            step = "service"
        context: dict[str, Any] = {
            "step": step,
            "step_number": STEPS.index(step) + 1,
            "step_count": len(STEPS),
            "step_label": STEP_LABELS[step],
            "service": service,
            "data": data,
            "carried": [
                (name, data[name])
                for name in CARRIED
                if data.get(name) and name not in STEP_FIELDS[step]
            ],
            "page_title": _("Book a service"),
            "crumbs": [(_("Home"), reverse("public_site:home")), (_("Book a service"), None)],
        }
        slot = self._slot(data, service) if service is not None else None
        context["slot"] = slot
        has_errors = any(form.is_bound and form.errors for form in forms.values())
        if step == "service":
            context.update(
                service_form=forms.get("service"),
                services=list(public_services()),
            )
        elif step == "slot":
            assert service is not None
            week_of = parse_week(request.POST.get("week") or request.GET.get("week")) or (
                slot[0] if slot else None
            )
            context.update(
                slot_form=forms.get("slot"),
                week=availability_week(service, week_of),
                selected_slot=slot_value(slot[0], slot[1].id) if slot else "",
                availability_url=self.availability_url(service),
            )
        elif step == "details":
            context["details_form"] = forms.get("details") or DetailsStepForm(
                initial=_details_initial(request, data)
            )
        else:
            context.update(
                review_form=forms.get("review"),
                idempotency_key=uuid.uuid4().hex,
                details=self._details_summary(data),
            )
        context.update(extra or {})
        if status is None:
            status = 400 if has_errors else 200
        if is_htmx(request):
            # htmx swaps only 2xx answers; the errors are in the fragment.
            return render(request, self.fragment_name, context)
        return render(request, self.template_name, context, status=status)

    @staticmethod
    def availability_url(service: Service, booking: Booking | None = None) -> str:
        query = QueryDict(mutable=True)
        query["service"] = service.slug
        if booking is not None:
            query["booking"] = booking_access_token(booking)
        return f"{reverse('public_site:booking-availability')}?{query.urlencode()}"

    @staticmethod
    def _service(data: QueryDict) -> Service | None:
        form = ServiceStepForm(data)
        return form.bookable_service if data.get("service") and form.is_valid() else None

    @staticmethod
    def _slot(data: QueryDict, service: Service):
        """``(date, window)`` answered so far, if it parses (not re-checked)."""
        try:
            day = dt.date.fromisoformat(data.get("preferred_date", ""))
        except ValueError:
            return None
        from apps.leads.services.windows import window_from_label

        window = window_from_label(data.get("window", ""))
        return (day, window) if window is not None else None

    @staticmethod
    def _details_summary(data: QueryDict) -> DetailsStepForm | None:
        form = DetailsStepForm(data)
        return form if form.is_valid() else None


@no_cache
class AvailabilityPartialView(View):
    """The calendar fragment for one service and week (htmx), also used by
    the reschedule forms. ``booking`` (a tracking token) leaves that
    booking's own place out of the count."""

    def get(self, request: HttpRequest) -> HttpResponse:
        service = ServiceStepForm(request.GET)
        if not service.is_valid():
            raise Http404("no such bookable service")
        exclude, current = None, ""
        token = request.GET.get("booking", "")
        if token:
            booking = lead_selectors.booking_for_token(token)
            if booking is None or booking.service_id != service.bookable_service.pk:
                raise Http404("no such booking")
            exclude = booking.pk
            current = slot_value(booking.preferred_date, booking.window_id)
        mode = "radio" if request.GET.get("mode") == "radio" else "pick"
        week = availability_week(
            service.bookable_service,
            parse_week(request.GET.get("week")),
            exclude_booking_id=exclude,
        )
        query = request.GET.copy()
        query.pop("week", None)
        query.pop("slot", None)
        query.pop("mode", None)
        return render(
            request,
            "public_site/booking/_availability.html",
            {
                "week": week,
                "mode": mode,
                "selected_slot": request.GET.get("slot", ""),
                "current_slot": current,
                "availability_url": f"{request.path}?{query.urlencode()}",
            },
        )


# --- after booking: confirmation, calendar file, tracking ------------------


def _booking_or_404(token: str) -> Booking:
    booking = lead_selectors.booking_for_token(token)
    if booking is None:
        raise LinkNotValid()
    return booking


class LinkNotValid(Http404):
    """A tracking link that is forged, mistyped or revoked."""


def link_not_valid(request: HttpRequest) -> HttpResponse:
    return render(request, "public_site/booking/link_invalid.html", status=404)


class TokenPageMixin:
    """Pages reached with a booking's tracking token; a bad token is a
    friendly 404 that says how to find the booking, never another booking."""

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        except LinkNotValid:
            return link_not_valid(request)


@no_cache
class BookingConfirmedView(TokenPageMixin, View):
    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        booking = _booking_or_404(token)
        return render(
            request,
            "public_site/booking/confirmed.html",
            {
                "booking": booking,
                "token": token,
                "track_url": reverse("public_site:booking-track", args=[token]),
                "calendar_url": reverse("public_site:booking-calendar", args=[token]),
                "portal_url": (
                    reverse("client_portal:booking-detail", args=[booking.reference])
                    if booking.client.user_id
                    else ""
                ),
            },
        )


class BookingCalendarView(TokenPageMixin, View):
    """The visit as an .ics file for the phone's calendar."""

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        from apps.core.selectors import company_settings

        booking = _booking_or_404(token)
        url = request.build_absolute_uri(reverse("public_site:booking-track", args=[token]))
        body = booking_ics(
            booking, company_name=company_settings().name, url=url, host=request.get_host()
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{booking.reference}.ics"'
        response["Cache-Control"] = "private, no-store"
        return response


@no_cache
class TrackBookingView(TokenPageMixin, View):
    """``/bookings/track/<token>/``: status, timeline, reschedule, cancel,
    feedback. The POST actions live on their own URLs below."""

    template_name = "public_site/booking/track.html"

    def urls(self, token: str) -> dict[str, str]:
        return {
            "self": reverse("public_site:booking-track", args=[token]),
            "reschedule": reverse("public_site:booking-track-reschedule", args=[token]),
            "cancel": reverse("public_site:booking-track-cancel", args=[token]),
            "feedback": reverse("public_site:booking-track-feedback", args=[token]),
            "photos": reverse("public_site:booking-track-photos", args=[token]),
        }

    def render_page(self, request, token: str, booking: Booking, status: int = 200, **forms):
        context = booking_detail.booking_detail_context(
            request,
            booking,
            urls=self.urls(token),
            week_of=parse_week(request.POST.get("week")) if request.method == "POST" else None,
            **forms,
        )
        context.update(
            availability_url=BookView.availability_url(booking.service, booking),
            portal_url=(
                reverse("client_portal:booking-detail", args=[booking.reference])
                if booking.client.user_id
                else ""
            ),
        )
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        return self.render_page(request, token, _booking_or_404(token))


class TrackActionView(TrackBookingView):
    action = ""

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        return redirect("public_site:booking-track", token=token)

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        booking = _booking_or_404(token)
        if self.action == "reschedule" and request.POST.get("week"):
            # Paging the calendar without JavaScript.
            return self.render_page(request, token, booking)
        if throttled(request):
            return self._throttled(request, token, booking)
        handler = {
            "reschedule": booking_detail.reschedule,
            "cancel": booking_detail.cancel,
            "feedback": booking_detail.leave_feedback,
            "photos": booking_detail.add_photos,
        }[self.action]
        ok, form = handler(request, booking)
        if ok:
            anchor = {"feedback": "#feedback", "photos": "#photos"}.get(self.action, "")
            return redirect(reverse("public_site:booking-track", args=[token]) + anchor)
        booking.refresh_from_db()
        return self.render_page(
            request, token, booking, status=400, **{f"{self.action}_form": form}
        )

    def _throttled(self, request, token: str, booking: Booking) -> HttpResponse:
        from django.contrib import messages

        messages.error(
            request,
            _(
                "Too many changes from your connection just now. "
                "Please wait a few minutes, or call us."
            ),
        )
        return self.render_page(request, token, booking, status=429)
