from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from stretchwise.accounts.forms import ResetPasswordForm, SignInForm, TokenForm
from stretchwise.accounts.models import FailedSignIn, User, email_digest
from stretchwise.accounts.throttling import SignInLock, sign_in_lock
from stretchwise.accounts.tokens import create_token, get_own_token, revoke_token, tokens_of
from stretchwise.audit.log import client_address
from stretchwise.clinics.access import ClinicRequest, member_required


def lock_for(email: str, address: str | None) -> SignInLock:
    """Locked when one address (e-mail) or one network address has failed too often: the first
    stops guessing one password, the second stops trying one password on many accounts."""
    window = timedelta(minutes=settings.SIGN_IN_LOCKOUT_MINUTES)
    now = timezone.now()
    recent = FailedSignIn.objects.filter(at__gt=now - window)
    by_email = recent.filter(email_digest=email_digest(email)).values_list("at", flat=True)
    lock = sign_in_lock(by_email, now, settings.SIGN_IN_MAX_FAILURES, window)
    if lock.locked or not address:
        return lock
    by_address = recent.filter(ip_address=address).values_list("at", flat=True)
    return sign_in_lock(by_address, now, settings.SIGN_IN_MAX_FAILURES_PER_ADDRESS, window)


@sensitive_post_parameters("password")
def sign_in(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = ""
    form = SignInForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        lock = lock_for(email, client_address(request))
        if lock.locked:
            form.add_error(
                None,
                f"Too many failed attempts for this address. Try again in {lock.minutes_left} "
                f"minute{pluralize(lock.minutes_left)}, or reset your password.",
            )
            status = 429
        else:
            user = authenticate(request, username=email, password=form.cleaned_data["password"])
            if user is None:
                FailedSignIn.objects.create(
                    email_digest=email_digest(email), ip_address=client_address(request)
                )
                form.add_error(None, "That e-mail address and password do not match. Try again.")
                status = 401
            else:
                FailedSignIn.objects.filter(email_digest=email_digest(email)).delete()
                login(request, user)
                return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    elif request.method == "POST":
        status = 400
    return render(request, "accounts/sign_in.html", {"form": form, "next": next_url}, status=status)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, "You have signed out.")
    return redirect("accounts:sign-in")


class PasswordResetView(auth_views.PasswordResetView):
    def form_invalid(self, form: PasswordResetForm) -> HttpResponse:
        # Every form here answers 400 when it sends the person back with problems.
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ChoosePasswordView(auth_views.PasswordResetConfirmView):
    def form_invalid(self, form: SetPasswordForm[User]) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)


password_reset = PasswordResetView.as_view(
    form_class=ResetPasswordForm,
    template_name="accounts/password_reset.html",
    email_template_name="accounts/password_reset_email.txt",
    subject_template_name="accounts/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password-reset-sent"),
)
password_reset_sent = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_sent.html"
)
choose_password = ChoosePasswordView.as_view(
    template_name="accounts/choose_password.html",
    success_url=reverse_lazy("accounts:password-chosen"),
)
password_chosen = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_chosen.html"
)


@never_cache  # the new secret is on this page once; no cache may keep it
@member_required
def tokens(request: ClinicRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        _token, secret = create_token(request.user, request.membership, form.cleaned_data["name"])
        form = TokenForm()
    context = {
        "form": form,
        "secret": secret,
        "tokens": tokens_of(request.user),
    }
    return render(request, "accounts/tokens.html", context, status=400 if form.errors else 200)


@require_POST
@member_required
def token_revoke(request: ClinicRequest, token_id: uuid.UUID) -> HttpResponse:
    token = get_own_token(request.user, token_id)
    revoke_token(token)
    messages.success(request, f"The token “{token.name}” is revoked and no longer works.")
    return redirect("accounts:tokens")
