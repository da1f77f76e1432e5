"""The candidate's own details (name, birth, residence…), completed or put
right while the dossier is with the cell: a detail left empty is filled in
freely, one already recorded changes only with a reason; the rules that read
them are judged again through the gates, and the change is kept in the
dossier's history and the audit log."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from members.models import Member
from members.validators import validate_cccd
from organizations.audit import record_audit
from organizations.models import User

from ..models import Candidate
from ..rules import Blocked, Problem
from .admission import CANDIDATE_PROFILE
from .corrections import corrector_problems, keep_correction
from .dossier import move, take

DETAILS = (*CANDIDATE_PROFILE, "education_exception", "youth_union_member")
Status = Candidate.Status


def _shown(candidate: Candidate, name: str) -> str:
    field = Candidate._meta.get_field(name)
    assert isinstance(field, models.Field)
    value = getattr(candidate, name)
    if field.choices:
        value = getattr(candidate, f"get_{name}_display")()
    return f"{field.verbose_name}: {value}"


def _cccd_problems(candidate: Candidate) -> list[Problem]:
    try:
        candidate.cccd = validate_cccd(
            candidate.cccd,
            birth_date=candidate.birth_date,
            female=candidate.sex == Member.Sex.FEMALE,
        )
    except ValidationError as error:
        return [Problem(message) for message in error.messages]
    problems = []
    if Member.objects.filter(cccd=candidate.cccd, end_date__isnull=True).exists():
        problems.append(Problem(_("This CCCD belongs to a current party member.")))
    if (
        Candidate.objects.filter(
            cccd=candidate.cccd, status__in=[Status.ACTIVE, Status.PAUSED]
        )
        .exclude(pk=candidate.pk)
        .exists()
    ):
        problems.append(Problem(_("This person is already a candidate.")))
    return problems


@transaction.atomic
def correct_details(
    candidate: Candidate, *, details: dict[str, Any], reason: str, by: User
) -> Candidate:
    candidate = take(candidate, "details", by=by)
    changed = [name for name in DETAILS if getattr(candidate, name) != details[name]]
    if not changed:
        return candidate
    replaced = [name for name in changed if getattr(candidate, name) not in ("", None)]
    before = "; ".join(_shown(candidate, name) for name in replaced)
    for name in changed:
        setattr(candidate, name, details[name])
    problems = corrector_problems(candidate, None, reason, by=by) if replaced else []
    problems += _cccd_problems(candidate)
    try:
        candidate.full_clean(validate_unique=False)
    except ValidationError as error:
        problems += [Problem(message) for message in error.messages]
    if problems:
        raise Blocked(list(dict.fromkeys(problems)))
    candidate.set_derived_fields()
    after = "; ".join(_shown(candidate, name) for name in changed)
    fields = (*changed, "search_name", "sort_key")
    if replaced:
        keep_correction(
            candidate,
            "correct_details",
            candidate,
            before=before,
            after=after,
            reason=reason,
            by=by,
            changed=fields,
        )
        return candidate
    move(candidate, "details", by=by, note=after, changed=fields)
    record_audit(
        "candidates.details", candidate, by=by, organization=candidate.organization
    )
    return candidate
