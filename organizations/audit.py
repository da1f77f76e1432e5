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
