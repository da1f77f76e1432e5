import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

FONTS = Path(settings.BASE_DIR) / "static" / "fonts"

PREFIXES = (
    "Đảng bộ huyện ",
    "Đảng bộ thị xã ",
    "Đảng bộ thành phố ",
    "Đảng bộ tỉnh ",
    "Đảng bộ xã ",
    "Đảng bộ phường ",
    "Đảng bộ thị trấn ",
    "Đảng bộ ",
    "Chi bộ ",
)
COMMITTEE_TITLES = {
    "Đảng bộ huyện ": "Huyện ủy ",
    "Đảng bộ tỉnh ": "Tỉnh ủy ",
    "Đảng bộ xã ": "Đảng ủy xã ",
    "Đảng bộ thị trấn ": "Đảng ủy thị trấn ",
}


def place_name(name: str) -> str:
    """The locality on the date line: "Hoàng Su Phì" for its district committee."""
    for prefix in PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def committee_title(name: str) -> str:
    """How the committee signs its documents: "Huyện ủy Hoàng Su Phì"."""
    for prefix, title in COMMITTEE_TITLES.items():
        if name.startswith(prefix):
            return title + name[len(prefix) :]
    return name


def date_line(place: str, day: datetime.date) -> str:
    return f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    # Imported here: WeasyPrint loads Pango when imported, which web processes
    # that never render a document do not need.
    from weasyprint import HTML

    html = render_to_string(template, {**context, "fonts": FONTS.as_uri()})
    return HTML(string=html, base_url=str(FONTS)).write_pdf()
