"""Open probation files, one row per probationary member already in the
registry (imported with the member import): the stage reached on the way to
recognition and the dates of the steps done (steps.py)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.models import Member

from ..models import Recognition, RecognitionStage
from ..services import open_recognition
from . import steps
from .sheet import CellError, Column, Run, Sheet, Values, on_day, vietnamese

R = RecognitionStage
IMPORTED_STAGES = [
    s for s in R if s not in (R.RETURNED, R.APPRAISED, R.ESCALATED, R.RECOGNIZED)
]


MEMBER = Column(
    "Đảng viên dự bị",
    "member",
    required=True,
    max_length=40,
    help=gettext_lazy("party card number, history number or CCCD"),
)
STAGE = Column(
    steps.STAGE_HEADER,
    "stage",
    "choice",
    required=True,
    choices=vietnamese(R, among=IMPORTED_STAGES),
)
PAPERS = (
    Column("Ngày bản tự kiểm điểm", "self_review_on", "date"),
    Column("Ngày nhận xét của đảng viên giúp đỡ", "remarks_on", "date"),
    Column("Ngày tổng hợp ý kiến", "opinions_on", "date"),
)
COLUMNS = (
    MEMBER,
    STAGE,
    *steps.MENTOR,
    *steps.CERTIFICATE,
    *PAPERS,
    *steps.CELL_VOTE,
    *steps.GRASSROOTS_VOTE,
    *steps.SUBMITTED,
)


def _open(member: Member, run: Run) -> Recognition | None:
    """The member's file of this probation: a new one, or None when this
    import brought it in before (importing again changes nothing)."""
    if member.status != Member.Status.PROBATIONARY or member.end_date is not None:
        raise CellError(MEMBER.header, _("not a probationary member"))
    existing = Recognition.objects.filter(
        member=member, ceremony_date=member.ceremony_date
    ).first()
    if existing is not None and existing.paper_until:
        return None
    if existing is not None and existing.stage != R.OPENED:
        raise CellError(
            MEMBER.header,
            _("the registry already keeps this probation file; go on from its page"),
        )
    with on_day(member.ceremony_date, MEMBER):
        return open_recognition(member, by=run.by)


def apply(values: Values, run: Run) -> str:
    member = run.member(values["member"], MEMBER)
    recognition = _open(member, run)
    if recognition is None:
        return "unchanged"
    steps.start(recognition, values, run)
    steps.mentor(recognition, values, run)
    steps.certificate(recognition, values, run)
    steps.papers(recognition, values, PAPERS, run)
    steps.cell_vote(recognition, values, run)
    steps.grassroots_vote(recognition, values, run)
    steps.submitted(recognition, values, run)
    steps.reached(recognition, values)
    return "created"


SHEET = Sheet(
    slug="probation",
    title=gettext_lazy("Open probation files"),
    columns=COLUMNS,
    apply=apply,
    template_name="mau-ho-so-du-bi.xlsx",
)
