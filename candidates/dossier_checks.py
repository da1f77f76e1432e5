"""What a dossier still lacks: the signed forms each gate needs (kept as
DocumentKind data), the copies each subject needs, the votes and
verifications recorded. Read through .all() where a list may have prefetched."""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from organizations import clock
from organizations.memo import remembered
from organizations.models import Organization

from .models import (
    Candidate,
    ClassEnrolment,
    Document,
    DocumentKind,
    Recognition,
    RecognitionStage,
    Route,
    Stage,
    TrainingClass,
    Verification,
    Vote,
)
from .rules import Problem, grassroots_of, needs_provincial_consent

# Documents kept as data (DocumentKind).


def _kinds_by_gate() -> dict[str, list[DocumentKind]]:
    by_gate: dict[str, list[DocumentKind]] = {}
    for kind in DocumentKind.objects.order_by("position", "code"):
        by_gate.setdefault(kind.gate, []).append(kind)
    return by_gate


def kinds_of_gate(gate: str) -> list[DocumentKind]:
    """The forms a gate needs, read once per request or job."""
    return remembered("document kinds", _kinds_by_gate).get(gate, [])


def forms_on_paper(dossier: Candidate | Recognition, gate: str) -> bool:
    """A gate the going-live import recorded as passed before the registry was
    used (`paper_until`): its signed forms are in the paper file."""
    if not dossier.paper_until:
        return False
    order = [
        str(s) for s in (Stage if isinstance(dossier, Candidate) else RecognitionStage)
    ]
    return order.index(gate) <= order.index(dossier.paper_until)


def missing_documents(candidate: Candidate, gate: Stage) -> list[Problem]:
    if forms_on_paper(candidate, gate):
        return []
    return missing_kinds(
        candidate.documents.all(), gate, lambda kind: _copies_needed(candidate, kind)
    )


def missing_kinds(
    documents: QuerySet[Document], gate: str, copies: Callable[[DocumentKind], int]
) -> list[Problem]:
    """The forms a gate needs (DocumentKind rows, with how many copies each
    subject needs) that `documents` do not hold yet."""
    have: dict[int, int] = {}
    # Iterated, not values_list(): a prefetched list of documents is reused.
    for document in documents:
        have[document.kind_id] = have.get(document.kind_id, 0) + 1
    problems = []
    for kind in kinds_of_gate(gate):
        needed = copies(kind)
        if needed and have.get(kind.pk, 0) < needed:
            problems.append(
                Problem(
                    _("Upload %(code)s (%(name)s)%(count)s.")
                    % {
                        "code": kind.code,
                        "name": kind.name,
                        "count": _(": %(n)s copies") % {"n": needed}
                        if needed > 1
                        else "",
                    },
                    fix=f"document:{kind.code}",
                )
            )
    return problems


def _copies_needed(candidate: Candidate, kind: DocumentKind) -> int:
    needed = kind.needed
    if needed == DocumentKind.Needed.PER_INTRODUCER:
        return candidate.introducers.count()
    if needed == DocumentKind.Needed.PER_VERIFICATION:
        return sum(1 for v in candidate.verifications.all() if not v.party_member)
    if needed == DocumentKind.Needed.UNION_ROUTE:
        return int(candidate.route != Route.MEMBERS)
    if needed == DocumentKind.Needed.GRASSROOTS_COMMITTEE:
        return int(needs_grassroots_resolution(candidate))
    if needed == DocumentKind.Needed.SUB_COMMITTEE:
        return int(under_subcommittee(candidate))
    return 1


def needs_grassroots_resolution(dossier: Candidate | Recognition) -> bool:
    """A cell under a grassroots committee goes through the committee; a
    grassroots cell goes straight to the committee above (DOMAIN.md §1.10)."""
    organization = dossier.organization
    grassroots = grassroots_of(organization)
    return grassroots is not None and grassroots.pk != organization.pk


def under_subcommittee(candidate: Candidate) -> bool:
    """A cell under a đảng ủy bộ phận: the sub-committee appraises (7-KNĐ)
    before the grassroots committee considers the case (DOMAIN.md §1.9)."""
    parent = candidate.organization.parent
    return parent is not None and parent.kind == Organization.Kind.SUB_COMMITTEE


def passed_vote(candidate: Candidate, body: str) -> Vote | None:
    passed = [v for v in candidate.votes.all() if v.body == body and v.passed]
    return max(passed, key=lambda v: (v.held_on, v.pk), default=None)


def verifications_settled(candidate: Candidate) -> list[Problem]:
    rows = list(candidate.verifications.all())
    problems = []
    if not any(v.relation == Verification.Relation.SELF for v in rows):
        problems.append(
            Problem(
                _("Record the verification of the candidate themself."),
                fix="verification",
            )
        )
    waiting = [v.person_name for v in rows if not v.settled]
    if waiting:
        problems.append(
            Problem(
                _("Verification answers still awaited: %(names)s.")
                % {"names": ", ".join(waiting)},
                fix="answer",
            )
        )
    return problems


def latest_vote(dossier: Candidate | Recognition, body: str) -> Vote | None:
    """The body's latest vote on the dossier, passed or not."""
    return dossier.votes.filter(body=body).order_by("-held_on", "-pk").first()


def certificate_of(dossier: Candidate | Recognition) -> ClassEnrolment | None:
    """The class certificate the dossier counts on: the latest pass in the
    class its path needs (awareness for a candidate, new-member for a
    probation)."""
    learner: dict[str, Any] = (
        {"candidate": dossier}
        if isinstance(dossier, Candidate)
        else {"member": dossier.member}
    )
    kind = (
        TrainingClass.Kind.AWARENESS
        if isinstance(dossier, Candidate)
        else TrainingClass.Kind.NEW_MEMBER
    )
    return (
        ClassEnrolment.objects.filter(
            **learner, result=ClassEnrolment.Result.PASSED, training_class__kind=kind
        )
        .select_related("training_class")
        .order_by("-certificate_on", "-pk")
        .first()
    )


def printed_field_problems(dossier: Candidate | Recognition) -> list[Problem]:
    """What the committee's decision prints about the person and the registry
    does not know yet: asked before the dossier is submitted, appraised or
    decided, so that no decision prints a placeholder."""
    if isinstance(dossier, Candidate) and not dossier.permanent_address.strip():
        return [
            Problem(
                _(
                    "Record the candidate's permanent residence: the admission "
                    "decision names it."
                ),
                fix="details",
            )
        ]
    return []


def answered_verifications(candidate: Candidate) -> bool:
    return candidate.verifications.filter(answered_on__isnull=False).exists()


def verifications_pending(candidate: Candidate) -> bool:
    return candidate.verifications.filter(party_member=False, answered_on=None).exists()


def consent_awaited(candidate: Candidate) -> bool:
    """The provincial consent the rules ask for is not recorded yet: the age
    judged on the day the cell voted (today, before it has)."""
    vote = passed_vote(candidate, Vote.Body.CELL)
    return not candidate.provincial_consent_on and needs_provincial_consent(
        candidate, vote.held_on if vote else clock.today()
    )
