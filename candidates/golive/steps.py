"""The steps both going-live dossier sheets share (a candidate's dossier and
a probation file): the mentor, the class certificate, the papers' dates, the
cell's and the grassroots committee's votes and the submission, each taken
through the verb a user would take, as of the day the sheet gives."""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organizations.text import day_label

from ..models import Candidate, Recognition, TrainingClass
from ..pipeline import gate_problems, next_gate, pipeline_of
from ..rules import Blocked, Problem, deciding_committee
from ..services import (
    assign_mentor,
    record_cell_vote,
    record_certificate,
    record_grassroots_vote,
    record_papers,
    submit,
)
from ..services.classes import open_class
from ..services.golive import keep_forms_on_paper
from .sheet import CellError, Column, Run, Values, on_day

Dossier = Candidate | Recognition

MENTOR = (
    Column(
        "Đảng viên giúp đỡ",
        "mentor",
        max_length=40,
        help=gettext_lazy(
            "an official member: party card number, history number or CCCD"
        ),
    ),
    Column("Ngày phân công giúp đỡ", "mentor_on", "date"),
)
CERTIFICATE = (
    Column("Số giấy chứng nhận", "certificate_number", max_length=40),
    Column("Ngày cấp giấy chứng nhận", "certificate_on", "date"),
)
CELL_VOTE = (
    Column("Ngày chi bộ họp xét", "cell_held_on", "date"),
    Column("Số nghị quyết chi bộ", "cell_resolution", max_length=40),
    Column("Đảng viên có mặt", "cell_present", "number"),
    Column("Tán thành", "cell_for", "number"),
    Column("Không tán thành", "cell_against", "number"),
)
GRASSROOTS_VOTE = (
    Column("Ngày đảng ủy cơ sở họp", "grassroots_held_on", "date"),
    Column("Số nghị quyết đảng ủy", "grassroots_resolution", max_length=40),
    Column("Số ủy viên đảng ủy", "grassroots_members", "number"),
    Column("Ủy viên có mặt", "grassroots_present", "number"),
    Column("Ủy viên tán thành", "grassroots_for", "number"),
    Column("Ủy viên không tán thành", "grassroots_against", "number"),
)
SUBMITTED = (Column("Ngày trình cấp ủy cấp trên", "submitted_on", "date"),)
STAGE_HEADER = "Giai đoạn"


def needs(values: Values, columns: tuple[Column, ...]) -> bool:
    """Whether the row fills this step: any of its cells, and then every one."""
    if not any(values.get(c.key) not in (None, "") for c in columns):
        return False
    for column in columns:
        if values.get(column.key) in (None, ""):
            raise CellError(column.header, _("required with the rest of this step"))
    return True


def start(dossier: Dossier, values: Values, run: Run) -> None:
    """The stage the sheet states: its forms stay on paper up to it."""
    keep_forms_on_paper(dossier, values["stage"], by=run.by)


def mentor(dossier: Dossier, values: Values, run: Run) -> Dossier:
    if not needs(values, MENTOR):
        return dossier
    member = run.member(values["mentor"], MENTOR[0])
    with on_day(values["mentor_on"], MENTOR[1]):
        return assign_mentor(dossier, member, by=run.by)


def certificate(dossier: Dossier, values: Values, run: Run) -> None:
    """The class's certificate, in a class standing for the paper record: one
    per committee and day of certificate in an import."""
    if not needs(values, CERTIFICATE):
        return
    day: datetime.date = values["certificate_on"]
    committee = deciding_committee(dossier.organization)
    if committee is None:
        raise Blocked([Problem(_("No committee above has the power to admit."))])
    kind = pipeline_of(dossier).class_kind
    key = ("class", kind, committee.pk, day)
    with on_day(day, CERTIFICATE[1]):
        if key not in run.made:
            run.made[key] = open_class(
                committee,
                kind=kind,
                name=_("%(class)s, certificate of %(day)s (paper record)")
                % {
                    "class": TrainingClass.Kind(kind).label,
                    "day": day_label(day),
                },
                starts_on=day,
                ends_on=day,
                by=run.by,
            )
        record_certificate(
            dossier,
            training_class=run.made[key],
            certificate_number=values["certificate_number"],
            certificate_on=day,
            by=run.by,
        )


def papers(
    dossier: Dossier, values: Values, columns: tuple[Column, ...], run: Run
) -> None:
    """Papers' dates, each recorded on its own day."""
    for column in columns:
        day = values.get(column.key)
        if day is not None:
            with on_day(day, column):
                record_papers(dossier, {column.key: day}, by=run.by)


def cell_vote(dossier: Dossier, values: Values, run: Run) -> None:
    if not needs(values, CELL_VOTE):
        return
    with on_day(values["cell_held_on"], CELL_VOTE[0]):
        record_cell_vote(
            dossier,
            held_on=values["cell_held_on"],
            resolution_number=values["cell_resolution"],
            present=values["cell_present"],
            votes_for=values["cell_for"],
            votes_against=values["cell_against"],
            by=run.by,
        )


def grassroots_vote(dossier: Dossier, values: Values, run: Run) -> None:
    if not needs(values, GRASSROOTS_VOTE):
        return
    with on_day(values["grassroots_held_on"], GRASSROOTS_VOTE[0]):
        record_grassroots_vote(
            dossier,
            held_on=values["grassroots_held_on"],
            resolution_number=values["grassroots_resolution"],
            committee_members=values["grassroots_members"],
            present=values["grassroots_present"],
            votes_for=values["grassroots_for"],
            votes_against=values["grassroots_against"],
            by=run.by,
        )


def submitted(dossier: Dossier, values: Values, run: Run) -> None:
    if values.get("submitted_on") is None:
        return
    with on_day(values["submitted_on"], SUBMITTED[0]):
        submit(dossier, by=run.by)


def reached(dossier: Dossier, values: Values) -> None:
    """The stage the steps reached is the one the sheet states; otherwise the
    row says what the dates given do not show."""
    dossier.refresh_from_db()
    if dossier.stage == values["stage"]:
        return
    labels = dict(pipeline_of(dossier).stages.choices)
    problems = [
        Problem(
            _("The dates given reach “%(reached)s”, not “%(stated)s”.")
            % {"reached": labels[dossier.stage], "stated": labels[values["stage"]]}
        )
    ]
    gate = next_gate(dossier)
    if gate is not None:
        problems += gate_problems(dossier, gate)
    raise Blocked(problems)
