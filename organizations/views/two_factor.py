"""The second step of signing in, and setting up the authenticator app."""

from base64 import b32encode

import segno
from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..bounds import BoundedForm
from ..http import AuthedRequest
from ..services import two_factor

ENROLLING = "two_factor_enrolling"


class CodeForm(BoundedForm):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=16,
        help_text=gettext_lazy(
            "The six digits the authenticator app shows, or one of your backup codes."
        ),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}
        ),
    )


def two_factor_verify(request: AuthedRequest) -> HttpResponse:
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = ""
    if not two_factor.must_verify(request.user):
        return redirect(target or "reports:dashboard")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.verify(request, request.user, form.cleaned_data["code"]):
            return redirect(target or "reports:dashboard")
        form.add_error("code", _("The code is wrong or has expired. Try the next one."))
    return render(request, "registration/two_factor_verify.html", {"form": form})


def _qr(device: TOTPDevice) -> str:
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=4, title=_("Scan with the authenticator app")
    )
    return mark_safe(svg)


def two_factor_setup(request: AuthedRequest) -> HttpResponse:
    """Turn the second factor on (scan, type a code, keep the backup codes),
    or off where it is not required. With the app already set up, only a
    session that gave its code reaches this page: the password alone never
    turns the second factor off."""
    user = request.user
    if two_factor.must_verify(user):
        return redirect(f"{reverse('two_factor_verify')}?next={request.path}")
    if request.method == "POST" and request.POST.get("action") == "off":
        if two_factor.required_for(user):
            messages.error(request, _("Two-factor sign-in is required for your role."))
        else:
            two_factor.turn_off(user)
            messages.success(request, _("Two-factor sign-in is off."))
        return redirect("two_factor_setup")
    active = two_factor.confirmed_device(user)
    pending = TOTPDevice.objects.filter(
        user=user, confirmed=False, pk=request.session.get(ENROLLING, 0)
    ).first()
    if active is None and pending is None:
        pending = two_factor.start_enrolment(user)
        request.session[ENROLLING] = pending.pk
    form = CodeForm(request.POST or None)
    if request.method == "POST" and pending is not None and form.is_valid():
        codes = two_factor.confirm_enrolment(
            request, user, pending, form.cleaned_data["code"]
        )
        if codes is not None:
            request.session.pop(ENROLLING, None)
            return render(
                request, "organizations/two_factor_codes.html", {"codes": codes}
            )
        form.add_error("code", _("The code is wrong or has expired. Try the next one."))
    context = {
        "active": active,
        "pending": pending,
        "qr": _qr(pending) if pending else "",
        "secret": _spaced(pending.key) if pending else "",
        "form": form,
        "required": two_factor.required_for(user),
    }
    return render(request, "organizations/two_factor_setup.html", context)


def _spaced(hex_key: str) -> str:
    """The secret in base32, in groups of four, for typing into the app."""
    secret = b32encode(bytes.fromhex(hex_key)).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
