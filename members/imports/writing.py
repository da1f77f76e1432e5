"""Writing a checked import: new members with their placement and events,
profile updates with a PROFILE_UPDATED event each, one audit entry."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.audit import record_audit
from organizations.bulk import insert_many
from organizations.models import Organization, User

from ..columns import CREATION_ONLY
from ..models import Member, MemberEvent, Placement
from ..recording import admission_events
from ..services import PROFILE_FIELDS
from .checks import PROGRESS_EVERY, ImportResult, Progress, check_rows

Plan = list[tuple[int, dict[str, Any], Member | None]]
Changes = tuple[list[Member], list[tuple[Member, dict[str, list[str]]]]]


def import_members(
    filename: str,
    content: bytes,
    *,
    by: User,
    organization: Organization | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Check the whole file, then (unless `dry_run` or any error) write it in one
    transaction: new members with their placement and events, profile updates
    with a PROFILE_UPDATED event each, and one audit entry.

    Checking and preparing happen before the transaction opens, so the progress
    they report is seen at once by whoever watches the job."""
    result, plan = check_rows(
        filename, content, by=by, organization=organization, progress=progress
    )
    if not result.ok:
        return result
    new, changed = _prepare(result, plan, progress)
    if progress:
        progress(90)
    with transaction.atomic():
        if not dry_run:
            _write(new, changed, by=by)
            record_audit(
                "members.import",
                by,
                by=by,
                organization=organization,
                created=result.created,
                updated=result.updated,
                file=filename,
            )
    return result


def _prepare(result: ImportResult, plan: Plan, progress: Progress | None) -> Changes:
    """The new rows and the changed ones (with what changed), counted in `result`."""
    new: list[Member] = []
    changed: list[tuple[Member, dict[str, list[str]]]] = []
    for step, (_number, values, match) in enumerate(plan, start=1):
        if match is None:
            member = Member(
                **{f: values[f] for f in PROFILE_FIELDS if values.get(f) is not None}
            )
            for name in CREATION_ONLY:
                if values.get(name) not in (None, ""):
                    setattr(member, name, values[name])
            member.set_derived_fields()
            new.append(member)
        else:
            updates = {f: values[f] for f in PROFILE_FIELDS}
            diff = {
                f: [str(getattr(match, f) or ""), str(v or "")]
                for f, v in updates.items()
                if v != getattr(match, f)
            }
            if diff:
                for f in diff:
                    setattr(match, f, updates[f])
                match.set_derived_fields()
                changed.append((match, diff))
        if progress and step % PROGRESS_EVERY == 0:
            progress(50 + step * 40 // len(plan))
    result.created, result.updated = len(new), len(changed)
    result.unchanged = len(plan) - len(new) - len(changed)
    return new, changed


def _write(
    new: list[Member], changed: list[tuple[Member, dict[str, list[str]]]], *, by: User
) -> None:
    today = timezone.localdate()
    insert_many(Member, new)
    insert_many(Placement, [m.first_placement() for m in new])
    events = [e for m in new for e in admission_events(m, by=by, note=_("Imported"))]
    if changed:
        fields = sorted(
            {f for _m, diff in changed for f in diff}
            | {"search_name", "sort_key", "updated_at"}
        )
        now = timezone.now()
        for member, _diff in changed:
            member.updated_at = now
        Member.objects.bulk_update([m for m, _d in changed], fields, batch_size=2000)
        events += [
            MemberEvent(
                member=m,
                kind=MemberEvent.Kind.PROFILE_UPDATED,
                on=today,
                organization=m.organization,
                data=diff,
                note=_("Imported"),
                recorded_by=by,
            )
            for m, diff in changed
        ]
    insert_many(MemberEvent, events)
