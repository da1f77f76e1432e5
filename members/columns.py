"""The member spreadsheet: one column list shared by export, import and the
template, so that an exported file edited in a spreadsheet imports again."""

import datetime
import functools
from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from organizations.text import day_label

from .models import (
    Member,
    OccupationGroup,
    ProfessionalLevel,
    Religion,
    ReligiousRole,
    StateManagementLevel,
    TheoryLevel,
)


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    kind: str = "text"  # text, date, choice, ethnicity, organization, village
    choices: tuple[tuple[str, Any], ...] = ()


def _choices(enum: Any) -> tuple[tuple[str, Any], ...]:
    return tuple((value, label) for value, label in enum.choices)


# Headers are fixed Vietnamese strings: files travel between offices whatever
# language the user interface is set to.
COLUMNS = (
    Column("Mã tổ chức", "organization", "organization"),
    Column("Họ và tên", "full_name"),
    Column("Tên khai sinh", "birth_name"),
    Column("Tên gọi khác", "aliases"),
    Column("Giới tính", "sex", "choice", (("male", "Nam"), ("female", "Nữ"))),
    Column("Ngày sinh", "birth_date", "date"),
    Column("Nơi sinh", "birth_place"),
    Column("Quê quán", "native_place"),
    Column("Nơi thường trú", "permanent_address"),
    Column("Nơi tạm trú", "temporary_address"),
    Column("Mã thôn nơi ở", "village", "village"),
    Column("Dân tộc", "ethnicity", "ethnicity"),
    Column("Tôn giáo", "religion", "choice", _choices(Religion)),
    Column("Vai trò tôn giáo", "religious_role", "choice", _choices(ReligiousRole)),
    Column("Số CCCD", "cccd"),
    Column("Số CMND", "cmnd"),
    Column("Nghề nghiệp", "occupation"),
    Column("Nhóm nghề nghiệp", "occupation_group", "choice", _choices(OccupationGroup)),
    Column("Giáo dục phổ thông", "general_education"),
    Column("Chuyên môn", "professional_level", "choice", _choices(ProfessionalLevel)),
    Column("Lý luận chính trị", "political_theory", "choice", _choices(TheoryLevel)),
    Column(
        "Quản lý nhà nước", "state_management", "choice", _choices(StateManagementLevel)
    ),
    Column("Ngoại ngữ", "foreign_language"),
    Column("Tin học", "it_level"),
    Column("Tiếng dân tộc thiểu số", "minority_language"),
    Column("Ngày vào Đoàn", "youth_union_date", "date"),
    Column("Người giới thiệu", "introducers"),
    Column("Số thẻ đảng viên", "card_number"),
    Column("Số lý lịch đảng viên", "history_number"),
    Column("Số quyết định kết nạp", "admission_decision_number"),
    Column("Ngày quyết định kết nạp", "admission_decision_date", "date"),
    Column("Cơ quan quyết định kết nạp", "admission_issuing_body"),
    Column("Ngày vào Đảng", "ceremony_date", "date"),
    Column("Ngày chính thức", "official_date", "date"),
    Column(
        "Trạng thái",
        "status",
        "choice",
        ((Member.Status.PROBATIONARY, "Dự bị"), (Member.Status.OFFICIAL, "Chính thức")),
    ),
)
HEADERS = tuple(column.header for column in COLUMNS)
BY_FIELD = {column.field: column for column in COLUMNS}
DATE_HEADERS = frozenset(column.header for column in COLUMNS if column.kind == "date")
# An export names each member's organization beside its code, for people to
# read; the import accepts the column back and leaves it aside (the code
# decides).
ORGANIZATION_NAME = "Tên tổ chức"
READ_ONLY_HEADERS = (ORGANIZATION_NAME,)
EXPORT_HEADERS = (HEADERS[0], ORGANIZATION_NAME, *HEADERS[1:])


@functools.cache
def choice_labels(field: str) -> dict[str, str]:
    """Stored value → label, always in Vietnamese: files travel between offices
    whatever language each user's screen is in."""
    with translation.override("vi"):
        return {value: str(label) for value, label in BY_FIELD[field].choices}


# Set only when a member is created; afterwards they change through the
# lifecycle and transfer services.
CREATION_ONLY = (
    "organization",
    "status",
    "admission_decision_date",
    "ceremony_date",
    "official_date",
    "admission_decision_number",
    "admission_issuing_body",
)
ERROR_HEADER = "Lỗi"


def display(column: Column, member: Member) -> str:
    """The cell text for a member, as the importer reads it back."""
    if column.kind == "organization":
        return member.organization.code
    if column.kind == "ethnicity":
        return member.ethnicity.name
    if column.kind == "village":
        return member.village.code if member.village else ""
    value = getattr(member, column.field)
    if value is None or value == "":
        return ""
    if column.kind == "date":
        return day_label(value) if isinstance(value, datetime.date) else str(value)
    if column.kind == "choice":
        return choice_labels(column.field).get(value, str(value))
    return str(value)


TEMPLATE_HELP = _(
    "One row per member. Dates as dd/mm/yyyy. Choices as written in the registry "
    "(e.g. Nam/Nữ, Dự bị/Chính thức). Members are matched by CCCD, then party card "
    "number, then history number."
)
