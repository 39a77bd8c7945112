"""Sign-in pages: log in (with a second step for two-factor), log out,
registration and e-mail verification, password reset and change, address
change confirmation, and two-factor enrolment. Each view parses the form,
calls one service in apps.users, and renders."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login

from apps.accounts import forms
from apps.accounts.routing import destination_after_login, safe_next
from apps.core.forms import apply_service_errors
from apps.users import services
from apps.users.authentication import check_credentials
from apps.users.lockout import lockout_message
from apps.users.models import User
from apps.users.throttles import sign_in_retry_after

PENDING_2FA_KEY = "accounts.pending_2fa"
BACKUP_CODES_KEY = "accounts.new_backup_codes"
MAX_CODE_ATTEMPTS = 5

sensitive = method_decorator(sensitive_post_parameters(), name="dispatch")
no_cache = method_decorator(never_cache, name="dispatch")


@sensitive
@no_cache
class LoginView(View):
    template_name = "accounts/login.html"

    def get(self, request):
        if request.user.is_authenticated:
            return redirect(destination_after_login(request, request.user, request.GET.get("next")))
        return self._render(request, forms.LoginForm())

    def post(self, request):
        retry_after = sign_in_retry_after(request)
        if retry_after is not None:
            # Too many attempts from this address (password spraying), whichever accounts.
            minutes = -(-retry_after // 60)
            message = ngettext(
                "Too many sign-in attempts from your connection. Please wait %(minutes)d "
                "minute and try again, or reset your password.",
                "Too many sign-in attempts from your connection. Please wait %(minutes)d "
                "minutes and try again, or reset your password.",
                minutes,
            ) % {"minutes": minutes}
            response = render(request, "users/locked_out.html", {"message": message}, status=429)
            response["Retry-After"] = str(retry_after)
            return response
        form = forms.LoginForm(request.POST)
        next_url = request.POST.get("next") or request.GET.get("next")
        if not form.is_valid():
            return self._render(request, form, status=400)
        result = check_credentials(request, **form.cleaned_data)
        if result.locked_out:
            return render(
                request, "users/locked_out.html", {"message": lockout_message()}, status=429
            )
        if not result.ok:
            form.add_error(None, _("The e-mail or password is not correct."))
            return self._render(request, form, status=400)
        user = result.user
        if services.has_two_factor(user):
            request.session.cycle_key()
            request.session[PENDING_2FA_KEY] = {
                "user_id": str(user.pk),
                "backend": user.backend,
                "next": safe_next(request, next_url) or "",
                "attempts": 0,
            }
            return redirect("accounts:login-verify")
        login(request, user)
        return redirect(destination_after_login(request, user, next_url))

    def _render(self, request, form, status=200):
        context = {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")}
        return render(request, self.template_name, context, status=status)


@sensitive
@no_cache
class LoginVerifyView(View):
    """The second step: a code from the authenticator app or a backup code.

    Serves both a person half-way through signing in and a signed-in person
    whose session has not yet been verified (e.g. after enrolling elsewhere)."""

    template_name = "accounts/login_verify.html"

    def _pending_user(self, request):
        if request.user.is_authenticated:
            return request.user, None
        pending = request.session.get(PENDING_2FA_KEY)
        if not pending:
            return None, None
        user = User.objects.filter(pk=pending["user_id"], is_active=True).first()
        return user, pending

    def get(self, request):
        user, _pending = self._pending_user(request)
        if user is None:
            return redirect("accounts:login")
        return render(request, self.template_name, {"form": forms.OneTimeCodeForm()})

    def post(self, request):
        user, pending = self._pending_user(request)
        if user is None:
            return redirect("accounts:login")
        form = forms.OneTimeCodeForm(request.POST)
        device = None
        if form.is_valid():
            device = services.verify_second_factor(user=user, token=form.cleaned_data["token"])
        if device is None:
            if pending is not None:
                pending["attempts"] += 1
                if pending["attempts"] >= MAX_CODE_ATTEMPTS:
                    del request.session[PENDING_2FA_KEY]
                    messages.error(request, _("Too many wrong codes. Please sign in again."))
                    return redirect("accounts:login")
                request.session[PENDING_2FA_KEY] = pending
            if form.is_valid():
                form.add_error("token", _("That code is not correct or was already used."))
            return render(request, self.template_name, {"form": form}, status=400)
        if pending is not None:
            del request.session[PENDING_2FA_KEY]
            login(request, user, backend=pending["backend"])
        otp_login(request, device)
        target = pending["next"] if pending else request.GET.get("next")
        return redirect(destination_after_login(request, user, target))


@no_cache
class LogoutView(View):
    """GET asks, POST signs out (a link must not sign anyone out)."""

    def get(self, request):
        if not request.user.is_authenticated:
            return redirect("public_site:home")
        return render(request, "accounts/logout.html")

    def post(self, request):
        logout(request)
        messages.success(request, _("You have signed out."))
        return redirect("public_site:home")


@sensitive
@no_cache
class RegisterView(View):
    template_name = "accounts/register.html"

    def get(self, request):
        if request.user.is_authenticated:
            return redirect(destination_after_login(request, request.user, None))
        return render(request, self.template_name, {"form": forms.RegisterForm()})

    def post(self, request):
        form = forms.RegisterForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                user = services.register_client(
                    email=data["email"],
                    password=data["password"],
                    full_name=data["full_name"],
                    phone=data.get("phone") or "",
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(
                    request,
                    _("Welcome! We sent a link to %(email)s: open it to confirm your address.")
                    % {"email": user.email},
                )
                return redirect("client_portal:dashboard")
        return render(request, self.template_name, {"form": form}, status=400)


@no_cache
class VerifyEmailView(View):
    """GET shows a button, POST verifies: mail scanners open links, people click."""

    template_name = "accounts/verify_email.html"

    def get(self, request, token):
        return render(request, self.template_name, {"token": token})

    def post(self, request, token):
        try:
            services.verify_email(token=token)
        except ValidationError as exc:
            return render(
                request,
                self.template_name,
                {"token": token, "error": exc.message_dict.get("token", exc.messages)[0]},
                status=400,
            )
        messages.success(request, _("Thank you: your e-mail address is confirmed."))
        if request.user.is_authenticated:
            return redirect(destination_after_login(request, request.user, None))
        return redirect("accounts:login")


class ResendVerificationView(LoginRequiredMixin, View):
    def post(self, request):
        services.request_email_verification(user=request.user)
        messages.success(
            request, _("We sent a new link to %(email)s.") % {"email": request.user.email}
        )
        return redirect(
            safe_next(request, request.POST.get("next"))
            or destination_after_login(request, request.user, None)
        )


@no_cache
class PasswordResetRequestView(View):
    template_name = "accounts/password_reset.html"

    def get(self, request):
        return render(request, self.template_name, {"form": forms.PasswordResetRequestForm()})

    def post(self, request):
        form = forms.PasswordResetRequestForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        services.request_password_reset(email=form.cleaned_data["email"])
        return render(
            request, "accounts/password_reset_sent.html", {"email": form.cleaned_data["email"]}
        )


@sensitive
@no_cache
class PasswordResetConfirmView(View):
    """The e-mailed link (also used by staff invitations to set a first password)."""

    template_name = "accounts/password_reset_confirm.html"

    def _valid(self, uidb64, token) -> bool:
        user = services.user_from_reset_uid(uidb64)
        return user is not None and default_token_generator.check_token(user, token)

    def get(self, request, uidb64, token):
        if not self._valid(uidb64, token):
            return render(request, "accounts/password_reset_invalid.html", status=400)
        return render(request, self.template_name, {"form": forms.SetPasswordForm()})

    def post(self, request, uidb64, token):
        form = forms.SetPasswordForm(request.POST)
        if form.is_valid():
            try:
                services.confirm_password_reset(
                    uidb64=uidb64, token=token, new_password=form.cleaned_data["new_password"]
                )
            except ValidationError as exc:
                if "token" in getattr(exc, "message_dict", {}):
                    return render(request, "accounts/password_reset_invalid.html", status=400)
                apply_service_errors(form, exc, rename={"password": "new_password"})
            else:
                messages.success(request, _("Your password is set. You can sign in now."))
                return redirect("accounts:login")
        return render(request, self.template_name, {"form": form}, status=400)


@sensitive
@no_cache
class PasswordChangeView(LoginRequiredMixin, View):
    template_name = "accounts/password_change.html"

    def get(self, request):
        return render(request, self.template_name, {"form": forms.PasswordChangeForm()})

    def post(self, request):
        form = forms.PasswordChangeForm(request.POST)
        if form.is_valid():
            try:
                services.change_password(
                    user=request.user,
                    old_password=form.cleaned_data["old_password"],
                    new_password=form.cleaned_data["new_password"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc, rename={"password": "new_password"})
            else:
                update_session_auth_hash(request, request.user)
                messages.success(request, _("Your password has been changed."))
                return redirect(
                    safe_next(request, request.POST.get("next"))
                    or destination_after_login(request, request.user, None)
                )
        return render(request, self.template_name, {"form": form}, status=400)


@no_cache
class EmailChangeConfirmView(View):
    template_name = "accounts/email_change_confirm.html"

    def get(self, request, token):
        return render(request, self.template_name, {"token": token})

    def post(self, request, token):
        try:
            user = services.confirm_email_change(token=token)
        except ValidationError as exc:
            errors = getattr(exc, "message_dict", {})
            error = (errors.get("token") or errors.get("email") or exc.messages)[0]
            return render(request, self.template_name, {"token": token, "error": error}, status=400)
        messages.success(
            request, _("Your e-mail address is now %(email)s.") % {"email": user.email}
        )
        if request.user.is_authenticated:
            return redirect(destination_after_login(request, request.user, None))
        return redirect("accounts:login")


# --- Two-factor authentication ------------------------------------------------


@no_cache
class TwoFactorView(LoginRequiredMixin, View):
    def get(self, request):
        from django_otp.plugins.otp_static.models import StaticToken

        enabled = services.has_two_factor(request.user)
        remaining = StaticToken.objects.filter(device__user=request.user).count() if enabled else 0
        return render(
            request,
            "accounts/two_factor.html",
            {
                "enabled": enabled,
                "backup_codes_left": remaining,
                "form": forms.ConfirmPasswordForm(),
            },
        )


def qr_svg(url: str) -> str:
    """The provisioning URL as an inline SVG QR code (no script, no style)."""
    return segno.make(url, error="m").svg_inline(
        scale=5, dark="#0f172a", light="#ffffff", border=2, title=_("QR code to scan")
    )


@sensitive
@no_cache
class TwoFactorSetupView(LoginRequiredMixin, View):
    template_name = "accounts/two_factor_setup.html"

    def _context(self, request, form):
        from base64 import b32encode

        device = services.start_totp_enrolment(user=request.user)
        secret = b32encode(device.bin_key).decode()
        return {
            "form": form,
            "device_id": device.pk,
            "qr": qr_svg(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        }

    def get(self, request):
        if services.has_two_factor(request.user):
            return redirect("accounts:two-factor")
        return render(request, self.template_name, self._context(request, forms.OneTimeCodeForm()))

    def post(self, request):
        form = forms.OneTimeCodeForm(request.POST)
        if form.is_valid():
            try:
                codes = services.confirm_totp_enrolment(
                    user=request.user,
                    device_id=request.POST.get("device_id"),
                    token=form.cleaned_data["token"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                otp_login(request, services.confirmed_totp_device(request.user))
                request.session[BACKUP_CODES_KEY] = codes
                messages.success(request, _("Two-step sign-in is on."))
                return redirect("accounts:two-factor-backup-codes")
        return render(request, self.template_name, self._context(request, form), status=400)


@no_cache
class BackupCodesView(LoginRequiredMixin, View):
    """Shows freshly made backup codes once; POST makes a new set."""

    def get(self, request):
        codes = request.session.pop(BACKUP_CODES_KEY, None)
        if not codes:
            return redirect("accounts:two-factor")
        return render(request, "accounts/backup_codes.html", {"codes": codes})

    def post(self, request):
        try:
            codes = services.regenerate_backup_codes(user=request.user)
        except ValidationError:
            return redirect("accounts:two-factor-setup")
        request.session[BACKUP_CODES_KEY] = codes
        return redirect("accounts:two-factor-backup-codes")


@sensitive
class TwoFactorDisableView(LoginRequiredMixin, View):
    def post(self, request):
        form = forms.ConfirmPasswordForm(request.POST)
        if form.is_valid():
            try:
                services.disable_two_factor(
                    user=request.user, password=form.cleaned_data["password"]
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Two-step sign-in is off."))
                return redirect("accounts:two-factor")
        return render(
            request,
            "accounts/two_factor.html",
            {"enabled": True, "form": form, "backup_codes_left": None},
            status=400,
        )
