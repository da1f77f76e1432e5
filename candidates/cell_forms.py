"""The papers a cell (or its grassroots committee) writes for a dossier, which
the registry prints filled in for it (reports/documents/cell_forms.py): an
introducer's letter (3-KNĐ), the Youth Union's resolution (4-KNĐ), the
cell's and the grassroots committee's resolutions on an admission (6-KNĐ,
8-KNĐ) and on a recognition (13-KNĐ, 14-KNĐ, 15-KNĐ), and the letter that
introduces a member to another organization. Each is listed on the dossier,
its signed scan uploaded against its code."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from organizations.models import Organization

from .dossier_checks import needs_grassroots_resolution
from .models import Candidate, Introducer, Recognition, Route

BLANK_DATE = "ngày ...... tháng ...... năm .........."


@dataclass(frozen=True)
class CellForm:
    code: str
    title: str
    subject: str
    # Whether the dossier needs it (a union's resolution, a grassroots
    # committee's): every dossier does when not said.
    applies: Callable[[Any], bool] = lambda _dossier: True

    @property
    def kind(self) -> str:
        """The job kind that renders it: form_6_knd."""
        slug = self.code.lower().replace("-", "_").replace("đ", "d")
        return f"form_{slug}"

    @property
    def template(self) -> str:
        return f"reports/pdf/forms/{self.kind}.html"


def _youth(candidate: Candidate) -> bool:
    return candidate.route in (Route.YOUTH_UNION, Route.TRADE_UNION)


def _subcommittee(recognition: Recognition) -> bool:
    parent = recognition.member.organization.parent
    return parent is not None and parent.kind == Organization.Kind.SUB_COMMITTEE


CELL_FORMS = (
    CellForm("3-KNĐ", "Giấy giới thiệu người vào Đảng", "candidate"),
    CellForm(
        "4-KNĐ",
        "Nghị quyết giới thiệu đoàn viên ưu tú vào Đảng",
        "candidate",
        _youth,
    ),
    CellForm("6-KNĐ", "Nghị quyết đề nghị kết nạp đảng viên", "candidate"),
    CellForm(
        "8-KNĐ",
        "Nghị quyết đề nghị kết nạp đảng viên (đảng ủy cơ sở)",
        "candidate",
        needs_grassroots_resolution,
    ),
    CellForm(
        "13-KNĐ",
        "Nghị quyết đề nghị công nhận đảng viên chính thức",
        "recognition",
    ),
    CellForm(
        "14-KNĐ",
        "Báo cáo thẩm định đề nghị công nhận đảng viên chính thức",
        "recognition",
        _subcommittee,
    ),
    CellForm(
        "15-KNĐ",
        "Nghị quyết đề nghị công nhận đảng viên chính thức (đảng ủy cơ sở)",
        "recognition",
        needs_grassroots_resolution,
    ),
    CellForm("GTSH", "Giấy giới thiệu sinh hoạt đảng", "transfer"),
)
FORMS = {form.code: form for form in CELL_FORMS}
BY_KIND = {form.kind: form for form in CELL_FORMS}


def forms_for(dossier: Candidate | Recognition) -> list[CellForm]:
    """The papers this dossier's cell writes, in the order they are written."""
    subject = "candidate" if isinstance(dossier, Candidate) else "recognition"
    return [f for f in CELL_FORMS if f.subject == subject and f.applies(dossier)]


@dataclass(frozen=True)
class FormToPrint:
    """A paper listed on the dossier: printed filled in, its signed scan
    uploaded against its code."""

    form: CellForm
    subject_pk: int
    upload_url: str
    introducer: Introducer | None = None


def printable(dossier: Candidate | Recognition) -> list[FormToPrint]:
    """The dossier's papers to print, an introducer's letter for each
    introducer recorded (one to fill in by hand before any is)."""
    name = (
        "candidates:upload"
        if isinstance(dossier, Candidate)
        else ("candidates:recognition_upload")
    )
    upload = reverse(name, args=[dossier.pk])
    rows = []
    for form in forms_for(dossier):
        url = f"{upload}?{urlencode({'kind': form.code})}"
        if form.code == "3-KNĐ" and isinstance(dossier, Candidate):
            introducers = list(dossier.introducers.select_related("member"))
            rows += [
                FormToPrint(form, dossier.pk, url, introducer)
                for introducer in introducers
            ] or [FormToPrint(form, dossier.pk, url)]
        else:
            rows.append(FormToPrint(form, dossier.pk, url))
    return rows
