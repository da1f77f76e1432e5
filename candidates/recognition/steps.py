"""The cell's steps on a probation file: opening it, the mentor, the class,
the papers, the documents."""

import datetime

from django.core.exceptions import PermissionDenied
from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _

from members.models import Member
from organizations import clock
from organizations.models import User
from organizations.selectors import Permission, can

from ..documents import check_upload
from ..models import (
    ClassEnrolment,
    Document,
    DocumentKind,
    Recognition,
    StageLog,
    TrainingClass,
)
from ..rules import (
    Blocked,
    Problem,
)
from .gates import (
    SET_BY_VERBS,
    R,
    furthest,
)


def log_step(
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
        recognition.stage = furthest(recognition)
    recognition.save()
    StageLog.objects.create(
        recognition=recognition,
        action=action,
        from_stage=before,
        to_stage=recognition.stage,
        on=on or clock.today(),
        note=note,
        by=by,
    )


def lock_file(recognition: Recognition, by: User) -> Recognition:
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
        log_step(recognition, "open", by=by, on=member.ceremony_date)
    return recognition


@transaction.atomic
def assign_mentor(recognition: Recognition, mentor: Member, *, by: User) -> Recognition:
    recognition = lock_file(recognition, by)
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
    log_step(recognition, "assign_mentor", by=by, note=mentor.full_name)
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
    recognition = lock_file(recognition, by)
    problems = []
    if training_class.kind != TrainingClass.Kind.NEW_MEMBER:
        problems.append(Problem(_("Choose a new-member class.")))
    if certificate_on < training_class.ends_on or certificate_on > clock.today():
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
    log_step(
        recognition, "certificate", by=by, on=certificate_on, note=certificate_number
    )
    return enrolment


@transaction.atomic
def record_dates(
    recognition: Recognition, *, by: User, **dates: datetime.date
) -> Recognition:
    recognition = lock_file(recognition, by)
    for name, day in dates.items():
        if name not in ("self_review_on", "remarks_on", "opinions_on"):
            raise ValueError(name)
        if day > clock.today() or day < recognition.ceremony_date:
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
    log_step(
        recognition,
        "record_dates",
        by=by,
        note=", ".join(f"{day:%d/%m/%Y}" for day in dates.values()),
    )
    return recognition


@transaction.atomic
def upload_document(
    recognition: Recognition,
    *,
    kind: DocumentKind,
    upload: File,
    filename: str,
    by: User,
) -> Document:
    recognition = lock_file(recognition, by)
    if kind.gate not in R.values:
        raise Blocked([Problem(_("Choose a form of the probation file."))])
    content, extension, content_type = check_upload(upload)
    document = Document(
        recognition=recognition,
        kind=kind,
        original_name=filename[:255],
        content_type=content_type,
        size=content.size,
        uploaded_by=by,
    )
    document.file.save(f"r{recognition.pk}-{kind.code}{extension}", content, save=False)
    document.save()
    log_step(recognition, "document", by=by, note=kind.code)
    return document
