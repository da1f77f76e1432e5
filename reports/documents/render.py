import atexit
import datetime
import threading
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

FONTS = Path(settings.BASE_DIR) / "static" / "fonts"
STYLESHEET = Path(__file__).with_name("document.css")

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


_shared = threading.local()


@atexit.register
def _release_fonts() -> None:
    # Let WeasyPrint clean up its fonts while its modules are still loaded.
    _shared.__dict__.clear()


def _fonts_and_stylesheet() -> tuple[Any, Any]:
    """Fonts and the layout, loaded once per thread: a worker renders many
    documents, and parsing them again for each would cost more than the page."""
    cached = getattr(_shared, "value", None)
    if cached is None:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        fonts = FontConfiguration()
        css = CSS(
            string=STYLESHEET.read_text(encoding="utf-8"),
            base_url=FONTS.as_uri() + "/",
            font_config=fonts,
        )
        cached = _shared.value = (fonts, css)
    return cached


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    # Imported here: WeasyPrint loads Pango when imported, which web processes
    # that never render a document do not need.
    from weasyprint import HTML

    fonts, stylesheet = _fonts_and_stylesheet()
    html = render_to_string(template, context)
    document = HTML(string=html, base_url=FONTS.as_uri() + "/")
    return document.write_pdf(stylesheets=[stylesheet], font_config=fonts)
