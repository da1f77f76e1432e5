"""This year's admission targets, one row per grassroots organization:
registered and confirmed by the organization committee's staff who import
them, as if proposed and confirmed on the import's day."""

from django.utils.translation import gettext_lazy as _

from ..models import AdmissionTarget
from ..services.targets import confirm_target, propose_target
from .sheet import Column, Run, Sheet, Values

COLUMNS = (
    Column(
        "Mã tổ chức",
        "organization",
        required=True,
        max_length=40,
        help=_("code of the grassroots organization"),
    ),
    Column("Năm", "year", "number", required=True, help=_("this year or a later one")),
    Column(
        "Chỉ tiêu kết nạp",
        "target",
        "number",
        required=True,
        help=_("members to admit in the year"),
    ),
)


def apply(values: Values, run: Run) -> str:
    organization = run.organization(values, COLUMNS[0])
    existing = AdmissionTarget.objects.filter(
        organization=organization, year=values["year"]
    ).first()
    if (
        existing is not None
        and existing.confirmed_at is not None
        and existing.target == values["target"]
    ):
        return "unchanged"
    target = propose_target(
        organization, year=values["year"], target=values["target"], by=run.by
    )
    confirm_target(target, by=run.by)
    return "created" if existing is None else "updated"


SHEET = Sheet(
    slug="targets",
    title=_("This year's admission targets"),
    columns=COLUMNS,
    apply=apply,
    template_name="mau-chi-tieu-ket-nap.xlsx",
)
