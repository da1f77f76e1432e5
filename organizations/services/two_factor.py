"""Two-factor sign-in: a code from an authenticator app (TOTP, django-otp's
device: 30-second steps, drift tolerated, guesses throttled), with ten
single-use backup codes to recover a lost phone. Anyone may turn it on; when
TWO_FACTOR_REQUIRED is set, the organization committee's staff and the
superusers must. Every enrolment, verification and failure is audited."""

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..audit import record_sign_in
from ..models import Role, User
from ..selectors import active_assignments

BACKUP_CODES = 10
APP = "app"
BACKUP = "backup"


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def required_for(user: User) -> bool:
    """The setting asks it of the organization committee's staff and of
    superusers."""
    if not settings.TWO_FACTOR_REQUIRED:
        return False
    staff = any(a.role == Role.ORG_STAFF for a in active_assignments(user))
    return user.is_superuser or staff


def must_enrol(user: User) -> bool:
    return required_for(user) and confirmed_device(user) is None


def must_verify(user: User) -> bool:
    """Signed in with the password but not yet with the second factor."""
    verified = getattr(user, "is_verified", lambda: False)()
    return not verified and confirmed_device(user) is not None


@transaction.atomic
def start_enrolment(user: User) -> TOTPDevice:
    """A new, unconfirmed device for the app to scan; an earlier unconfirmed
    one is dropped."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=APP, confirmed=False)


@transaction.atomic
def confirm_enrolment(
    request: HttpRequest, user: User, device: TOTPDevice, token: str
) -> list[str] | None:
    """Turn the device on once the app shows a valid code: the backup codes
    (shown once) replace any earlier ones. None when the code is wrong."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
    if device.confirmed or not device.verify_token(token.strip()):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=user).delete()
    backup = StaticDevice.objects.create(user=user, name=BACKUP)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(
        StaticToken(device=backup, token=code) for code in codes
    )
    otp_login(request, device)
    record_sign_in("auth.otp_enrolled", user=user, username=user.username, address=None)
    return codes


def verify(request: HttpRequest, user: User, token: str) -> bool:
    """The second step of signing in: a code from the app or a backup code
    (used up)."""
    device = match_token(user, token.strip().replace(" ", ""))
    address = request.META.get("REMOTE_ADDR")
    if device is None:
        record_sign_in(
            "auth.otp_failed", user=user, username=user.username, address=address
        )
        return False
    otp_login(request, device)
    action = "auth.otp_backup_used" if device.name == BACKUP else "auth.otp_verified"
    record_sign_in(action, user=user, username=user.username, address=address)
    return True


@transaction.atomic
def turn_off(user: User) -> None:
    """Remove the second factor (refused by the view while it is required)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    record_sign_in("auth.otp_removed", user=user, username=user.username, address=None)
