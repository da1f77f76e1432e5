"""The official members who introduce a candidate (3-KNĐ): added with the
rules of the letter's day, taken back with a reason while the dossier is
with the cell."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from members.models import Member
from organizations.audit import record_audit
from organizations.models import User

from ..models import Candidate, Introducer
from ..rules import Blocked, Problem, introducer_problems, introducers_needed
from .dossier import check_day, move, take


@transaction.atomic
def add_introducer(
    candidate: Candidate,
    *,
    member: Member,
    together_since: datetime.date,
    letter_on: datetime.date,
    by: User,
    replacement: bool = False,
) -> Introducer:
    candidate = take(candidate, "introducer", by=by)
    check_day(
        letter_on, _("The introduction letter date"), not_before=candidate.introduced_on
    )
    problems = introducer_problems(
        candidate, member, together_since, letter_on, replacement=replacement
    )
    count = candidate.introducers.count()
    needed = introducers_needed(candidate, letter_on)
    if count >= needed and not replacement:
        problems.append(
            Problem(
                _("The candidate already has %(n)s introducing members.") % {"n": count}
            )
        )
    if candidate.introducers.filter(member=member).exists():
        problems.append(Problem(_("This member already introduces the candidate.")))
    if problems:
        raise Blocked(problems)
    introducer = Introducer.objects.create(
        candidate=candidate,
        member=member,
        together_since=together_since,
        letter_on=letter_on,
        replacement=replacement,
    )
    move(candidate, "introducer", by=by, on=letter_on, note=member.full_name)
    return introducer


@transaction.atomic
def remove_introducer(
    candidate: Candidate, *, introducer: Introducer, reason: str, by: User
) -> Candidate:
    """Take back an introduction recorded by mistake, or of a member who
    left before the cell's vote, with the reason, while the dossier is with
    the cell; kept in its history and the audit log."""
    candidate = take(candidate, "remove-introducer", by=by)
    if introducer.candidate_id != candidate.pk:
        raise Blocked([Problem(_("This member does not introduce the candidate."))])
    if not reason.strip():
        raise Blocked([Problem(_("Give the reason."))])
    name = introducer.member.full_name
    introducer.delete()
    move(
        candidate,
        "introducer_removed",
        by=by,
        note=f"{name}: {reason.strip()}",
    )
    record_audit(
        "candidates.introducer_removed",
        candidate,
        by=by,
        organization=candidate.organization,
        member=introducer.member_id,
        reason=reason.strip(),
    )
    return candidate
