"""Going live: the organization committee's staff bring in, from
spreadsheets, the pipeline a district already has under way when it starts
with the registry (docs/going-live-import.md). Beside the member import:
this year's admission targets, the open probation files, the candidates
mid-dossier."""

from ..services.golive import run_sheet
from . import candidates, probation, targets
from .sheet import Sheet, SheetResult

SHEETS: dict[str, Sheet] = {
    sheet.slug: sheet for sheet in (candidates.SHEET, probation.SHEET, targets.SHEET)
}

__all__ = ["SHEETS", "Sheet", "SheetResult", "run_sheet"]
