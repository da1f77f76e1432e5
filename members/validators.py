"""Validation of member data as plain functions, shared by forms and imports
(a bulk import calls them per row without building a form)."""

import datetime
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Province codes of the citizen ID (Thông tư 07/2016/TT-BCA): the place of birth
# registration, in the 63 provinces as they were before the 2025 merger.
_PROVINCE_NUMBERS = (
    "1 2 4 6 8 10 11 12 14 15 17 19 20 22 24 25 26 27 30 31 33 34 35 36 37 38 40 42 "
    "44 45 46 48 49 51 52 54 56 58 60 62 64 66 67 68 70 72 74 75 77 79 80 82 83 84 86 "
    "87 89 91 92 93 94 95 96"
)
CCCD_PROVINCES = frozenset(f"{int(n):03d}" for n in _PROVINCE_NUMBERS.split())
# Fourth digit: sex and century of birth (0/1: 1900s, 2/3: 2000s, …, 8/9: 1800s;
# even male, odd female).
_CENTURY = {0: 1900, 2: 2000, 4: 2100, 6: 2200, 8: 1800}
_EDUCATION = re.compile(r"^(\d{1,2})/(10|12)$")
# Besides letters and their marks, what a person's name may hold.
_NAME_MARKS = frozenset(" .'-")


def validate_person_name(value: str) -> None:
    """A person's name is written in letters, of any script and with any
    marks, with spaces, dots, apostrophes and hyphens between them: not a
    formula, a number or a symbol (a spreadsheet would read "=…" or "@…" as
    a formula)."""
    name = value.strip()
    if not name:
        return
    if not unicodedata.category(name[0]).startswith("L") or any(
        not unicodedata.category(char).startswith(("L", "M"))
        and char not in _NAME_MARKS
        for char in name
    ):
        raise ValidationError(
            _(
                "A name is written in letters, with spaces, dots, apostrophes "
                "or hyphens between them."
            ),
            code="person_name",
        )


def validate_cccd(
    value: str, *, birth_date: datetime.date | None = None, female: bool | None = None
) -> str:
    """A 12-digit citizen ID with a known province code and a sex/century digit,
    checked against the birth date and sex when given. Returns the digits."""
    digits = value.strip().replace(" ", "")
    if not re.fullmatch(r"\d{12}", digits):
        raise ValidationError(
            _("A citizen ID (CCCD) has exactly 12 digits."), code="cccd"
        )
    if digits[:3] not in CCCD_PROVINCES:
        raise ValidationError(
            _("The first three digits of the CCCD (%(code)s) are not a province code.")
            % {"code": digits[:3]},
            code="cccd_province",
        )
    marker = int(digits[3])
    century = _CENTURY[marker - marker % 2]
    if birth_date is not None and (
        birth_date.year // 100 * 100 != century
        or birth_date.year % 100 != int(digits[4:6])
    ):
        raise ValidationError(
            _("The CCCD does not match the year of birth %(year)s.")
            % {"year": birth_date.year},
            code="cccd_birth",
        )
    if female is not None and bool(marker % 2) != female:
        raise ValidationError(_("The CCCD does not match the sex."), code="cccd_sex")
    return digits


def validate_cmnd(value: str) -> str:
    digits = value.strip().replace(" ", "")
    if not re.fullmatch(r"\d{9}", digits):
        raise ValidationError(
            _("An old ID card number (CMND) has 9 digits."), code="cmnd"
        )
    return digits


def validate_general_education(value: str) -> str:
    """ "9/12", "12/12" or "10/10": the grade reached over the system's length."""
    text = value.strip().replace(" ", "")
    match = _EDUCATION.match(text)
    if not match or not 1 <= int(match[1]) <= int(match[2]):
        raise ValidationError(
            _("Write the general education as grade/system, e.g. 9/12 or 12/12."),
            code="education",
        )
    return text


def validate_card_number(value: str) -> str:
    text = value.strip().replace(" ", "")
    if not re.fullmatch(r"[0-9A-Za-z-]{6,20}", text):
        raise ValidationError(
            _("A party card number has 6 to 20 letters or digits."), code="card"
        )
    return text
