"""Changes to the organization tree. Only these functions write `path` and `depth`."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from ..audit import record_audit
from ..models import Organization, User


@transaction.atomic
def create_organization(
    *,
    code: str,
    name: str,
    kind: str,
    parent: Organization | None,
    is_grassroots: bool = False,
    has_admission_authority: bool = False,
    opened_on: datetime.date | None = None,
    by: User | None,
) -> Organization:
    """Create a node under `parent` (or a root) and set its materialised path.

    Raises ValidationError for a duplicate code or a closed parent.
    """
    if parent is not None and parent.closed_on is not None:
        raise ValidationError(
            _("Cannot add an organization under a closed organization.")
        )
    organization = Organization(
        code=code,
        name=name,
        kind=kind,
        parent=parent,
        is_grassroots=is_grassroots,
        has_admission_authority=has_admission_authority,
        opened_on=opened_on,
        path="/",
        depth=0 if parent is None else parent.depth + 1,
    )
    organization.full_clean(exclude=["path"])
    organization.save()
    organization.path = f"{parent.path if parent else '/'}{organization.pk}/"
    organization.save(update_fields=["path"])
    record_audit("organization.create", organization, by=by, organization=organization)
    return organization


@transaction.atomic
def move_organization(
    organization: Organization, *, new_parent: Organization, by: User
) -> None:
    """Re-hang `organization` and its subtree under `new_parent` with one UPDATE.

    Raises ValidationError when the new parent lies inside the subtree or is closed.
    """
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if new_parent.path.startswith(organization.path):
        raise ValidationError(_("An organization cannot be moved under itself."))
    if new_parent.closed_on is not None:
        raise ValidationError(
            _("Cannot move an organization under a closed organization.")
        )
    old_path, old_parent_id = organization.path, organization.parent_id
    new_path = f"{new_parent.path}{organization.pk}/"
    depth_shift = new_parent.depth + 1 - organization.depth
    Organization.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + depth_shift,
    )
    Organization.objects.filter(pk=organization.pk).update(parent=new_parent)
    record_audit(
        "organization.move",
        organization,
        by=by,
        organization=organization,
        old_parent=old_parent_id,
        new_parent=new_parent.pk,
    )
