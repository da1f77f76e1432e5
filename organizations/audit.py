from typing import Any

from django.db import models

from .models import AuditEntry, Organization, User


def record_audit(
    action: str,
    target: models.Model,
    *,
    by: User | None,
    organization: Organization | None = None,
    **data: Any,
) -> AuditEntry:
    """Write one audit row: inside the service's transaction for a change, or
    from the view for a reading of personal data (a member's or candidate's
    page, a downloaded file), so the log says who saw whose record."""
    return AuditEntry.objects.create(
        actor=by,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        organization=organization,
        data=data,
    )


def record_sign_in(
    action: str, *, user: User | None, username: str, address: str | None
) -> AuditEntry:
    """A sign-in, a sign-out or a failed attempt, with the name typed and
    the address it came from; a failed one names no user (the name may
    belong to nobody)."""
    return AuditEntry.objects.create(
        actor=user,
        action=action,
        target_type="organizations.user",
        target_id=str(user.pk) if user else "",
        data={"username": username[:150], "address": address or ""},
    )
