"""Two-factor sign-in: set up from a code of the authenticator app, asked
after the password before any page, a backup code used once; required of the
organization committee's staff and superusers when the setting says so, and
never bypassed by a temporary password."""

import time

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from organizations.models import AuditEntry

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]

PASSWORD = "mật-khẩu-dài-123"
DASHBOARD = reverse("reports:dashboard")
SETUP = reverse("two_factor_setup")
VERIFY = reverse("two_factor_verify")


def code_of(device: TOTPDevice, *, later: int = 0) -> str:
    """What the app shows now (or `later` steps on)."""
    app = TOTP(device.bin_key, device.step, device.t0, device.digits)
    app.time = time.time() + later * device.step
    return f"{app.token():06d}"


def signed_in(user) -> Client:
    user.set_password(PASSWORD)
    user.save()
    client = Client()
    response = client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    return client


def enrolled(user) -> tuple[Client, TOTPDevice, list[str]]:
    client = signed_in(user)
    page = client.get(SETUP)
    assert "<svg" in page.text
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    done = client.post(SETUP, {"code": code_of(device)})
    codes = done.context["codes"]
    assert len(codes) == 10
    return client, device, codes


def test_set_up_then_asked_after_the_password(hothau_secretary):
    client, device, _codes = enrolled(hothau_secretary)
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    # The session that set it up is verified; a new sign-in is not.
    assert client.get(DASHBOARD).status_code == 200
    fresh = signed_in(hothau_secretary)
    asked = fresh.get(DASHBOARD)
    assert asked.status_code == 302
    assert asked.url.startswith(VERIFY)
    assert fresh.get(reverse("members:list")).url.startswith(VERIFY)
    wrong = fresh.post(asked.url, {"code": "000000"})
    assert wrong.status_code == 200
    assert "Mã không đúng" in wrong.text
    # A wrong guess holds the next one back a second (then two, four…).
    time.sleep(1.1)
    right = fresh.post(asked.url, {"code": code_of(device, later=1)})
    assert right.status_code == 302
    assert fresh.get(DASHBOARD).status_code == 200
    actions = list(
        AuditEntry.objects.filter(action__startswith="auth.otp")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["auth.otp_enrolled", "auth.otp_failed", "auth.otp_verified"]


def test_a_wrong_first_code_does_not_turn_it_on(hothau_secretary):
    client = signed_in(hothau_secretary)
    client.get(SETUP)
    refused = client.post(SETUP, {"code": "123456"})
    assert refused.status_code == 200
    assert not TOTPDevice.objects.filter(user=hothau_secretary, confirmed=True)
    assert signed_in(hothau_secretary).get(DASHBOARD).status_code == 200


def test_a_backup_code_signs_in_once(hothau_secretary):
    _client, _device, codes = enrolled(hothau_secretary)
    first = signed_in(hothau_secretary)
    assert first.post(VERIFY, {"code": codes[0]}).status_code == 302
    assert first.get(DASHBOARD).status_code == 200
    again = signed_in(hothau_secretary)
    assert again.post(VERIFY, {"code": codes[0]}).status_code == 200
    assert again.get(DASHBOARD).status_code == 302
    assert AuditEntry.objects.filter(action="auth.otp_backup_used").count() == 1


def test_required_for_the_organization_committee_staff(
    org_staff, hothau_secretary, settings
):
    settings.TWO_FACTOR_REQUIRED = True
    staff = signed_in(org_staff)
    assert staff.get(DASHBOARD).url == SETUP
    # A secretary is not obliged.
    assert signed_in(hothau_secretary).get(DASHBOARD).status_code == 200
    _client, device, _codes = enrolled(org_staff)
    refused = signed_in(org_staff)
    refused.post(VERIFY, {"code": code_of(device)})
    # Required: it cannot be turned off.
    refused.post(SETUP, {"action": "off"})
    assert TOTPDevice.objects.filter(user=org_staff, confirmed=True).exists()


def test_a_temporary_password_does_not_stand_in_for_the_code(hothau_secretary):
    _client, _device, _codes = enrolled(hothau_secretary)
    hothau_secretary.refresh_from_db()
    hothau_secretary.must_change_password = True
    hothau_secretary.save()
    client = signed_in(hothau_secretary)
    assert client.get(reverse("password_change")).url.startswith(VERIFY)


def test_turned_off_where_not_required(hothau_secretary):
    client, _device, _codes = enrolled(hothau_secretary)
    client.post(SETUP, {"action": "off"})
    assert not TOTPDevice.objects.filter(user=hothau_secretary).exists()
    assert signed_in(hothau_secretary).get(DASHBOARD).status_code == 200


def test_the_password_alone_cannot_turn_it_off(hothau_secretary):
    _client, _device, _codes = enrolled(hothau_secretary)
    thief = signed_in(hothau_secretary)
    assert thief.get(SETUP).url.startswith(VERIFY)
    assert thief.post(SETUP, {"action": "off"}).url.startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=hothau_secretary, confirmed=True).exists()
    assert thief.get(DASHBOARD).url.startswith(VERIFY)
