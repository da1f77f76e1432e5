"""The pieces a statistics table is made of, shared by the page, the PDF and
the XLSX: rows with their labels, tables, sections."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

UNCLASSIFIED = gettext_lazy("Not yet classified")


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    value: int | float | None
    # Indented under the row before it ("of whom").
    part: bool = False
    # More columns, after the value (a target beside the admissions).
    extra: tuple[int | None, ...] = ()
    # The percentage of its table's total, in a breakdown.
    share: float | None = None


@dataclass
class Table:
    key: str
    title: str
    rows: list[Row]
    # A breakdown whose rows add up to `total`: shares and a bar chart.
    total: int | None = None
    chart: bool = False
    columns: tuple[str, ...] = ()
    # A list of names rather than figures, folded away on the page.
    listing: bool = False

    @property
    def headings(self) -> tuple[str, ...]:
        return self.columns or (_("Number"),)

    @property
    def widest(self) -> int:
        return max((int(row.value or 0) for row in self.rows), default=0)


@dataclass
class Section:
    key: str
    title: str
    tables: list[Table] = field(default_factory=list)


def breakdown(
    key: str,
    title: str,
    counts: Mapping[str, int],
    labels: Mapping[str, Any],
    *,
    total: int,
    chart: bool = True,
) -> Table:
    rows = [
        Row(
            name,
            str(labels.get(name, UNCLASSIFIED if name == "unknown" else name)),
            n,
            share=round(100 * n / total, 1) if total else None,
        )
        for name, n in counts.items()
        if n or name != "unknown"
    ]
    return Table(key, title, rows, total=total, chart=chart)
