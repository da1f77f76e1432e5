"""The going-live import's writes (candidates/golive, DESIGN.md: a district
starts with a pipeline under way): every row of a sheet through the
registry's own services in one transaction, kept only when every row passed;
and the gates whose signed forms stay in the paper file."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organizations.audit import record_audit
from organizations.models import User
from organizations.selectors import Permission, can
from organizations.services.jobs import Progress

from ..golive.sheet import (
    CellError,
    Run,
    Sheet,
    SheetResult,
    Values,
    read_rows,
)
from ..models import Candidate, Recognition
from ..rules import Blocked


def run_sheet(
    sheet: Sheet,
    filename: str,
    content: bytes,
    *,
    by: User,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> SheetResult:
    """Check and apply every row; keep what was written only when every row
    passed and this is not a dry run. Raises TableError for a file that is
    not a table at all."""
    result, parsed = read_rows(sheet, filename, content)
    if not parsed:
        return result
    run = Run(by=by)
    with transaction.atomic():
        for step, (number, values) in enumerate(parsed, start=1):
            if number not in result.errors:
                _apply(sheet, run, number, values, result)
            if progress:
                progress(step * 95 // len(parsed))
        if not result.ok or dry_run:
            transaction.set_rollback(True)
        else:
            record_audit(
                f"candidates.golive.{sheet.slug}",
                by,
                by=by,
                file=filename,
                rows=len(result.rows),
                outcomes=dict(result.outcomes),
            )
    return result


def _apply(
    sheet: Sheet, run: Run, number: int, values: Values, result: SheetResult
) -> None:
    try:
        # A savepoint per row: a refused row leaves nothing behind, and the
        # rows after it are still checked.
        with transaction.atomic():
            outcome = sheet.apply(values, run)
    except CellError as error:
        for header, message in error.cells:
            result.error(number, header, message)
    except Blocked as error:
        for problem in error.problems:
            result.error(number, "", str(problem))
    except ValidationError as error:
        for message in error.messages:
            result.error(number, "", message)
    except PermissionDenied:
        result.error(number, "", _("outside your scope"))
    else:
        result.outcomes[outcome] += 1


@transaction.atomic
def keep_forms_on_paper(
    dossier: Candidate | Recognition, until: str, *, by: User
) -> None:
    """The gates up to `until` were passed before the registry was used:
    their forms are not asked for as uploads."""
    if not can(by, Permission.APPRAISE, dossier.organization):
        raise PermissionDenied
    dossier.paper_until = until
    dossier.save(update_fields=["paper_until", "updated_at"])
