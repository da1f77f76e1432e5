"""Candidates mid-dossier, one row per candidate: the person as the
candidate form takes them, the stage reached, and the dates of the steps
done, each step taken through its verb as of its day (steps.py)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.models import Ethnicity, Member, OccupationGroup, Religion, ReligiousRole

from ..forms import CandidateForm
from ..models import Candidate, Route, Stage, Verification
from ..models.candidate import EducationException
from ..services import (
    add_introducer,
    add_verification,
    answer_verification,
    introduce_candidate,
    record_subcommittee_appraisal,
)
from . import steps
from .sheet import CellError, Column, Run, Sheet, Values, on_day, vietnamese


def ethnicities() -> dict[str, str]:
    return {e.name: str(e.pk) for e in Ethnicity.objects.all()}


# The stages a dossier can be in when the registry starts: from the
# introduction to the submission to the committee (an appraised or decided
# dossier goes on from "submitted" in the registry).
IMPORTED_STAGES = [
    s for s in Stage if s not in (Stage.RETURNED, Stage.APPRAISED, Stage.DECIDED)
]


PERSON = (
    Column("Mã chi bộ", "organization", required=True, max_length=40),
    Column("Họ và tên", "full_name", required=True),
    Column("Giới tính", "sex", "choice", required=True, choices=vietnamese(Member.Sex)),
    Column("Ngày sinh", "birth_date", "date", required=True),
    Column("Dân tộc", "ethnicity", "choice", required=True, choices=ethnicities),
    Column(
        "Tôn giáo",
        "religion",
        "choice",
        choices=vietnamese(Religion),
        default=Religion.NONE,
    ),
    Column(
        "Vai trò tôn giáo",
        "religious_role",
        "choice",
        choices=vietnamese(ReligiousRole),
        default=ReligiousRole.NONE,
    ),
    Column("Số CCCD", "cccd", required=True, max_length=12),
    Column("Nghề nghiệp", "occupation"),
    Column(
        "Nhóm nghề nghiệp",
        "occupation_group",
        "choice",
        choices=vietnamese(OccupationGroup),
    ),
    Column("Nơi thường trú", "permanent_address", max_length=255),
    Column("Giáo dục phổ thông", "general_education", required=True, max_length=10),
    Column(
        "Ngoại lệ trình độ",
        "education_exception",
        "choice",
        choices=vietnamese(EducationException),
    ),
    Column("Ngày tỉnh đồng ý", "provincial_consent_on", "date"),
    Column("Đoàn viên", "youth_union_member", "yes_no"),
    Column(
        "Đường giới thiệu", "route", "choice", required=True, choices=vietnamese(Route)
    ),
    Column(
        "Tổ chức giới thiệu",
        "introduced_by",
        "choice",
        required=True,
        choices=vietnamese(Candidate.IntroducedBy),
    ),
    Column("Ngày giới thiệu", "introduced_on", "date", required=True),
)
STAGE = Column(
    steps.STAGE_HEADER,
    "stage",
    "choice",
    required=True,
    choices=vietnamese(Stage, among=IMPORTED_STAGES),
)
PAPERS = (
    Column("Ngày đơn xin vào Đảng", "applied_on", "date"),
    Column("Ngày lý lịch", "history_on", "date"),
)
VERIFICATION = (
    Column("Nơi thẩm tra lý lịch", "verification_to", max_length=255),
    Column("Ngày gửi thẩm tra", "verification_sent_on", "date"),
    Column("Ngày trả lời thẩm tra", "verification_answered_on", "date"),
    Column("Kết luận thẩm tra", "verification_conclusion", max_length=1000),
)
INTRODUCERS = (
    Column("Đảng viên giới thiệu 1", "introducer_1", max_length=40),
    Column("Đảng viên giới thiệu 2", "introducer_2", max_length=40),
    Column("Ngày giấy giới thiệu", "letter_on", "date"),
    Column("Cùng công tác từ", "together_since", "date"),
)
UNION = (
    Column(
        "Ngày nghị quyết giới thiệu của Đoàn, Công đoàn", "union_resolution_on", "date"
    ),
)
OPINIONS = (Column("Ngày tổng hợp ý kiến", "opinions_on", "date"),)
SUBCOMMITTEE = (Column("Ngày đảng ủy bộ phận thẩm định", "subcommittee_on", "date"),)

COLUMNS = (
    *PERSON,
    STAGE,
    *steps.MENTOR,
    *steps.CERTIFICATE,
    *PAPERS,
    *VERIFICATION,
    *INTRODUCERS,
    *UNION,
    *OPINIONS,
    *steps.CELL_VOTE,
    *SUBCOMMITTEE,
    *steps.GRASSROOTS_VOTE,
    *steps.SUBMITTED,
)
FORM_FIELDS = [c.key for c in PERSON]


def _introduce(values: Values, run: Run) -> Candidate:
    """The person through the candidate form, then the introduction as of
    its day."""
    organization = run.organization(values, PERSON[0])
    data = {
        key: (
            values[key].strftime("%d/%m/%Y")
            if hasattr(values[key], "strftime")
            else ("" if values[key] is None else values[key])
        )
        for key in FORM_FIELDS
    }
    data["organization"] = str(organization.pk)
    form = CandidateForm(
        data, cells=type(organization).objects.filter(pk=organization.pk)
    )
    if not form.is_valid():
        headers = {c.key: c.header for c in PERSON}
        cells = [
            (headers.get(name, ""), str(message))
            for name, messages in form.errors.items()
            for message in messages
        ]
        raise CellError(*cells[0], *cells[1:])
    fields = dict(form.cleaned_data)
    fields.pop("organization")
    with on_day(values["introduced_on"], PERSON[-1]):
        return introduce_candidate(organization, by=run.by, **fields)


def _verification(candidate: Candidate, values: Values, run: Run) -> None:
    """The verification of the candidate themself: asked, and answered when
    the answer has come."""
    sent, answered = values["verification_sent_on"], values["verification_answered_on"]
    if sent is None:
        if answered is not None:
            raise CellError(VERIFICATION[1].header, _("required with the answer"))
        return
    with on_day(sent, VERIFICATION[1]):
        request = add_verification(
            candidate,
            relation=Verification.Relation.SELF,
            person_name=candidate.full_name,
            sent_to=values["verification_to"] or "",
            sent_on=sent,
            by=run.by,
        )
    if answered is not None:
        with on_day(answered, VERIFICATION[2]):
            answer_verification(
                request,
                answered_on=answered,
                conclusion=values["verification_conclusion"] or "",
                by=run.by,
            )


def _introducers(candidate: Candidate, values: Values, run: Run) -> None:
    given = [c for c in INTRODUCERS[:2] if values.get(c.key)]
    if not given:
        return
    for column in INTRODUCERS[2:]:
        if values.get(column.key) is None:
            raise CellError(column.header, _("required with the introducers"))
    for column in given:
        member = run.member(values[column.key], column)
        with on_day(values["letter_on"], INTRODUCERS[2]):
            add_introducer(
                candidate,
                member=member,
                together_since=values["together_since"],
                letter_on=values["letter_on"],
                by=run.by,
            )


def _already_imported(values: Values, run: Run) -> bool:
    """Importing the same sheet again changes nothing: a candidate this import
    brought in stays as the registry has them."""
    organization = run.organization(values, PERSON[0])
    return (
        Candidate.objects.filter(
            cccd=values["cccd"],
            organization=organization,
            status__in=[Candidate.Status.ACTIVE, Candidate.Status.PAUSED],
        )
        .exclude(paper_until="")
        .exists()
    )


def apply(values: Values, run: Run) -> str:
    if _already_imported(values, run):
        return "unchanged"
    candidate = _introduce(values, run)
    steps.start(candidate, values, run)
    steps.mentor(candidate, values, run)
    steps.certificate(candidate, values, run)
    steps.papers(candidate, values, PAPERS, run)
    _verification(candidate, values, run)
    _introducers(candidate, values, run)
    steps.papers(candidate, values, UNION + OPINIONS, run)
    steps.cell_vote(candidate, values, run)
    if values.get("subcommittee_on") is not None:
        with on_day(values["subcommittee_on"], SUBCOMMITTEE[0]):
            record_subcommittee_appraisal(
                candidate, on=values["subcommittee_on"], by=run.by
            )
    steps.grassroots_vote(candidate, values, run)
    steps.submitted(candidate, values, run)
    steps.reached(candidate, values)
    return "created"


SHEET = Sheet(
    slug="candidates",
    title=gettext_lazy("Candidates with a dossier under way"),
    columns=COLUMNS,
    apply=apply,
    template_name="mau-quan-chung-dang-lam-ho-so.xlsx",
)
