"""The probationary member's path to recognition as official (DOMAIN.md
§1.14–1.15): a file per probation, gates like a candidate's (mentor, member
records, new-member class, self-review, mentor's remarks, opinions, the cell's
vote with the 2/3 rule, the grassroots committee's resolution), then the
proposal to the competent committee. Three failed cell votes send the case to
the committee above. The decision itself comes with the monthly review."""

import datetime

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.lifecycle import probation_end
from members.models import Member
from organizations.models import Authority, Organization, User
from organizations.rules import rule_in_force
from organizations.selectors import Permission, can

from .documents import check_upload
from .models import (
    ClassEnrolment,
    Document,
    DocumentKind,
    Recognition,
    RecognitionStage,
    StageLog,
    TrainingClass,
    Vote,
)
from .models.recognition import RECOGNITION_ORDER
from .rules import (
    Blocked,
    Problem,
    attendance_problems,
    committee_vote_problems,
    electorate,
    threshold,
    votes_needed,
)

R = RecognitionStage
GATES = [
    R.LISTED,
    R.RECORDS,
    R.CLASS_DONE,
    R.SELF_REVIEW,
    R.REMARKS,
    R.OPINIONS,
    R.CELL_APPROVED,
    R.GRASSROOTS_APPROVED,
]
SET_BY_VERBS = (R.SUBMITTED, R.RETURNED, R.APPRAISED, R.ESCALATED)


def _under_grassroots_committee(organization: Organization) -> bool:
    grassroots = organization.grassroots()
    return grassroots is not None and grassroots.pk != organization.pk


def _certificate(recognition: Recognition) -> datetime.date | None:
    return (
        ClassEnrolment.objects.filter(
            member=recognition.member,
            result=ClassEnrolment.Result.PASSED,
            training_class__kind=TrainingClass.Kind.NEW_MEMBER,
            certificate_on__gte=recognition.ceremony_date,
        )
        .values_list("certificate_on", flat=True)
        .first()
    )


def _passed(recognition: Recognition, body: str) -> bool:
    return recognition.votes.filter(body=body, passed=True).exists()


def gate_problems(recognition: Recognition, gate: RecognitionStage) -> list[Problem]:
    member = recognition.member
    facts = {
        R.LISTED: (
            recognition.mentor_id is not None,
            _("Assign an official member to help."),
        ),
        R.RECORDS: (True, ""),
        R.CLASS_DONE: (
            _certificate(recognition) is not None,
            _("Record the new-member class certificate."),
        ),
        R.SELF_REVIEW: (
            recognition.self_review_on is not None,
            _("Record the self-review (10-KNĐ)."),
        ),
        R.REMARKS: (
            recognition.remarks_on is not None,
            _("Record the mentor's remarks (11-KNĐ)."),
        ),
        R.OPINIONS: (
            recognition.opinions_on is not None,
            _("Record the summary of opinions (12-KNĐ)."),
        ),
        R.CELL_APPROVED: (
            _passed(recognition, Vote.Body.CELL),
            _("The cell has not yet resolved to propose recognition."),
        ),
        R.GRASSROOTS_APPROVED: (
            not _under_grassroots_committee(member.organization)
            or _passed(recognition, Vote.Body.GRASSROOTS),
            _("The grassroots committee has not yet resolved."),
        ),
    }
    done, message = facts[gate]
    problems = [] if done else [Problem(message)]
    have: dict[int, int] = {}
    for kind_id in recognition.documents.values_list("kind_id", flat=True):
        have[kind_id] = have.get(kind_id, 0) + 1
    for kind in DocumentKind.objects.filter(gate=gate):
        if (
            kind.needed == DocumentKind.Needed.GRASSROOTS_COMMITTEE
            and not _under_grassroots_committee(member.organization)
        ):
            continue
        if not have.get(kind.pk):
            problems.append(
                Problem(
                    _("Upload %(code)s (%(name)s).")
                    % {"code": kind.code, "name": kind.name}
                )
            )
    return problems


def everything_missing(recognition: Recognition) -> list[Problem]:
    problems: list[Problem] = []
    for gate in GATES:
        problems += gate_problems(recognition, gate)
    return problems


def _furthest(recognition: Recognition) -> RecognitionStage:
    stage = R.OPENED
    for gate in GATES:
        if gate_problems(recognition, gate):
            break
        stage = gate
    return stage


def _log(
    recognition: Recognition,
    action: str,
    *,
    by: User,
    on: datetime.date | None = None,
    note: str = "",
    stage: str | None = None,
) -> None:
    before = recognition.stage
    if stage is not None:
        recognition.stage = stage
    elif before not in SET_BY_VERBS:
        recognition.stage = _furthest(recognition)
    recognition.save()
    StageLog.objects.create(
        recognition=recognition,
        action=action,
        from_stage=before,
        to_stage=recognition.stage,
        on=on or timezone.localdate(),
        note=note,
        by=by,
    )


def _lock(recognition: Recognition, by: User) -> Recognition:
    if not can(by, Permission.EDIT_REGISTRY, recognition.member.organization):
        raise PermissionDenied
    recognition = (
        Recognition.objects.select_for_update(of=("self",))
        .select_related("member__organization")
        .get(pk=recognition.pk)
    )
    if recognition.stage in (R.SUBMITTED, R.APPRAISED, R.ESCALATED):
        raise Blocked([Problem(_("The file has gone to the committee."))])
    return recognition


@transaction.atomic
def open_recognition(member: Member, *, by: User) -> Recognition:
    """The file of the member's current probation (one per membership period)."""
    if not can(by, Permission.EDIT_REGISTRY, member.organization):
        raise PermissionDenied
    if member.status != Member.Status.PROBATIONARY or member.end_date is not None:
        raise Blocked([Problem(_("Only a probationary member has a probation file."))])
    recognition, created = Recognition.objects.get_or_create(
        member=member, ceremony_date=member.ceremony_date, defaults={"created_by": by}
    )
    if created:
        _log(recognition, "open", by=by, on=member.ceremony_date)
    return recognition


@transaction.atomic
def assign_mentor(recognition: Recognition, mentor: Member, *, by: User) -> Recognition:
    recognition = _lock(recognition, by)
    grassroots = recognition.member.organization.grassroots()
    if (
        mentor.status != Member.Status.OFFICIAL
        or mentor.end_date is not None
        or (grassroots and not mentor.organization.path.startswith(grassroots.path))
    ):
        raise Blocked(
            [
                Problem(
                    _(
                        "The mentor must be a current official member of "
                        "the same grassroots organization."
                    )
                )
            ]
        )
    recognition.mentor = mentor
    _log(recognition, "assign_mentor", by=by, note=mentor.full_name)
    return recognition


@transaction.atomic
def record_certificate(
    recognition: Recognition,
    *,
    training_class: TrainingClass,
    certificate_number: str,
    certificate_on: datetime.date,
    by: User,
) -> ClassEnrolment:
    recognition = _lock(recognition, by)
    problems = []
    if training_class.kind != TrainingClass.Kind.NEW_MEMBER:
        problems.append(Problem(_("Choose a new-member class.")))
    if certificate_on < training_class.ends_on or certificate_on > timezone.localdate():
        problems.append(
            Problem(
                _(
                    "The certificate is dated after the class "
                    "ends, and not in the future."
                )
            )
        )
    if certificate_on < recognition.ceremony_date:
        problems.append(
            Problem(_("The new-member class comes after the admission ceremony."))
        )
    if problems:
        raise Blocked(problems)
    enrolment, _created = ClassEnrolment.objects.update_or_create(
        training_class=training_class,
        member=recognition.member,
        defaults={
            "result": ClassEnrolment.Result.PASSED,
            "certificate_number": certificate_number.strip(),
            "certificate_on": certificate_on,
        },
    )
    _log(recognition, "certificate", by=by, on=certificate_on, note=certificate_number)
    return enrolment


@transaction.atomic
def record_dates(
    recognition: Recognition, *, by: User, **dates: datetime.date
) -> Recognition:
    recognition = _lock(recognition, by)
    for name, day in dates.items():
        if name not in ("self_review_on", "remarks_on", "opinions_on"):
            raise ValueError(name)
        if day > timezone.localdate() or day < recognition.ceremony_date:
            raise Blocked(
                [
                    Problem(
                        _(
                            "The papers are dated during probation or "
                            "after it, and not in the future."
                        )
                    )
                ]
            )
        setattr(recognition, name, day)
    _log(
        recognition,
        "record_dates",
        by=by,
        note=", ".join(f"{day:%d/%m/%Y}" for day in dates.values()),
    )
    return recognition


@transaction.atomic
def record_cell_vote(
    recognition: Recognition,
    *,
    held_on: datetime.date,
    resolution_number: str,
    present: int,
    votes_for: int,
    votes_against: int,
    by: User,
    exempt_present: int = 0,
) -> Vote:
    """The cell's vote on recognition (13-KNĐ), after the 12 months of
    probation: at least the rule's share of the eligible official members.
    The third failed vote sends the case to the committee above."""
    recognition = _lock(recognition, by)
    member = recognition.member
    problems = []
    for gate in GATES[: GATES.index(R.CELL_APPROVED)]:
        problems += gate_problems(recognition, gate)
    ends = probation_end(member)
    if held_on < ends:
        problems.append(
            Problem(
                _(
                    "Probation ends on %(date)s; the cell "
                    "considers recognition after that."
                )
                % {"date": ends.strftime("%d/%m/%Y")},
                rule_in_force("member.probation_months", member.ceremony_date).source,
            )
        )
    if held_on > timezone.localdate():
        problems.append(Problem(_("The cell meeting date cannot be in the future.")))
    if _passed(recognition, Vote.Body.CELL):
        problems.append(Problem(_("The cell has already resolved.")))
    voters = electorate(member.organization, held_on)
    eligible = voters.eligible(exempt_present)
    problems += attendance_problems(
        voters,
        present=present,
        votes_for=votes_for,
        votes_against=votes_against,
        exempt_present=exempt_present,
    )
    if problems:
        raise Blocked(problems)
    fraction, _source = threshold("member.recognition_vote_threshold", held_on)
    vote = Vote.objects.create(
        recognition=recognition,
        body=Vote.Body.CELL,
        held_on=held_on,
        resolution_number=resolution_number.strip(),
        eligible=eligible,
        present=present,
        votes_for=votes_for,
        votes_against=votes_against,
        passed=votes_for >= votes_needed(fraction, eligible),
        recorded_by=by,
    )
    failed = recognition.votes.filter(body=Vote.Body.CELL, passed=False).count()
    limit = int(rule_in_force("member.recognition_max_failed_votes", held_on).value)
    stage = R.ESCALATED if failed >= limit else None
    _log(recognition, "cell_vote", by=by, on=held_on, stage=stage)
    return vote


@transaction.atomic
def record_grassroots_vote(
    recognition: Recognition,
    *,
    held_on: datetime.date,
    resolution_number: str,
    committee_members: int,
    present: int,
    votes_for: int,
    votes_against: int,
    by: User,
) -> Vote:
    recognition = _lock(recognition, by)
    problems = []
    if not _under_grassroots_committee(recognition.member.organization):
        problems.append(
            Problem(
                _(
                    "A grassroots cell's resolution goes "
                    "straight to the committee above."
                )
            )
        )
    if not _passed(recognition, Vote.Body.CELL):
        problems.append(
            Problem(_("The cell has not yet resolved to propose recognition."))
        )
    problems += committee_vote_problems(
        committee_members=committee_members,
        present=present,
        votes_for=votes_for,
        votes_against=votes_against,
    )
    if held_on > timezone.localdate():
        problems.append(
            Problem(_("The committee meeting date cannot be in the future."))
        )
    if problems:
        raise Blocked(problems)
    fraction, _source = threshold("candidate.grassroots_committee_threshold", held_on)
    vote = Vote.objects.create(
        recognition=recognition,
        body=Vote.Body.GRASSROOTS,
        held_on=held_on,
        resolution_number=resolution_number.strip(),
        eligible=committee_members,
        present=present,
        votes_for=votes_for,
        votes_against=votes_against,
        passed=votes_for >= votes_needed(fraction, committee_members),
        recorded_by=by,
    )
    _log(recognition, "grassroots_vote", by=by, on=held_on)
    return vote


def competent_committee(recognition: Recognition) -> Organization | None:
    return recognition.member.organization.nearest_holding(
        Authority.ADMISSION, on=timezone.localdate()
    )


@transaction.atomic
def submit(recognition: Recognition, *, by: User) -> Recognition:
    recognition = _lock(recognition, by)
    problems = everything_missing(recognition)
    if competent_committee(recognition) is None:
        problems.append(Problem(_("No committee above has the power to admit.")))
    if problems:
        raise Blocked(problems)
    resubmitted = recognition.stage == R.RETURNED
    recognition.submitted_on = timezone.localdate()
    _log(recognition, "resubmit" if resubmitted else "submit", by=by, stage=R.SUBMITTED)
    return recognition


def _lock_for_committee(recognition: Recognition, by: User) -> Recognition:
    committee = competent_committee(recognition)
    if committee is None or not can(by, Permission.APPRAISE, committee):
        raise PermissionDenied
    return Recognition.objects.select_for_update(of=("self",)).get(pk=recognition.pk)


@transaction.atomic
def return_for_correction(
    recognition: Recognition, *, comments: str, by: User
) -> Recognition:
    recognition = _lock_for_committee(recognition, by)
    if recognition.stage != R.SUBMITTED:
        raise Blocked([Problem(_("Only a submitted dossier can be returned."))])
    if not comments.strip():
        raise Blocked([Problem(_("Write what needs correcting."))])
    _log(recognition, "return", by=by, note=comments.strip(), stage=R.RETURNED)
    return recognition


@transaction.atomic
def appraise(recognition: Recognition, *, by: User, note: str = "") -> Recognition:
    recognition = _lock_for_committee(recognition, by)
    if recognition.stage != R.SUBMITTED:
        raise Blocked([Problem(_("Only a submitted dossier can be appraised."))])
    _log(recognition, "appraise", by=by, note=note, stage=R.APPRAISED)
    return recognition


@transaction.atomic
def upload_document(
    recognition: Recognition,
    *,
    kind: DocumentKind,
    data: bytes,
    filename: str,
    by: User,
) -> Document:
    recognition = _lock(recognition, by)
    if kind.gate not in R.values:
        raise Blocked([Problem(_("Choose a form of the probation file."))])
    content, extension, content_type = check_upload(data)
    document = Document(
        recognition=recognition,
        kind=kind,
        original_name=filename[:255],
        content_type=content_type,
        size=len(content),
        uploaded_by=by,
    )
    document.file.save(
        f"r{recognition.pk}-{kind.code}{extension}", ContentFile(content), save=False
    )
    document.save()
    _log(recognition, "document", by=by, note=kind.code)
    return document


def position(recognition: Recognition) -> int:
    return RECOGNITION_ORDER[RecognitionStage(recognition.stage)]
