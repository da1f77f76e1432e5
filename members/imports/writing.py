"""Writing a checked import: new members with their placement and events,
profile updates with a PROFILE_UPDATED event each, one audit entry."""

import gc
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations import clock
from organizations.audit import record_audit
from organizations.bulk import blank_row, insert_many, insert_rows
from organizations.models import Organization, User

from ..columns import CREATION_ONLY
from ..models import Member, MemberEvent, Placement
from ..services.profile import PROFILE_FIELDS
from ..services.recording import (
    ADMISSION_FROM_MEMBER,
    PLACEMENT_FROM_MEMBER,
    RECOGNITION_FROM_MEMBER,
    RECOGNIZED_IN_PERIOD_SQL,
    admission_events,
    opening_placement,
)
from .checks import PROGRESS_EVERY, ImportResult, Progress, check_rows

Plan = list[tuple[int, dict[str, Any], Member | None]]
Changes = tuple[list[dict[str, Any]], list[tuple[Member, dict[str, list[str]]]]]


def _new_row_fields() -> list[tuple[str, str, bool]]:
    """What a new member's row takes from a checked import row: each field's
    name, its column's attribute name, and whether the value is an object."""
    found = []
    for name in (*PROFILE_FIELDS, *CREATION_ONLY):
        field = Member._meta.get_field(name)
        assert isinstance(field, models.Field)
        found.append((name, field.attname, field.is_relation))
    return found


_NEW_ROW_FIELDS = _new_row_fields()


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
    # A large file makes hundreds of thousands of objects that live until the
    # end; the cyclic garbage collector would walk them again and again.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _import(
            filename,
            content,
            by=by,
            organization=organization,
            dry_run=dry_run,
            progress=progress,
        )
    finally:
        if collecting:
            gc.enable()


def _import(
    filename: str,
    content: bytes,
    *,
    by: User,
    organization: Organization | None,
    dry_run: bool,
    progress: Progress | None,
) -> ImportResult:
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
    """The checked values of the new members and the changed members with
    what changed, counted in `result`."""
    new: list[dict[str, Any]] = []
    changed: list[tuple[Member, dict[str, list[str]]]] = []
    for step, (_number, values, match) in enumerate(plan, start=1):
        if match is None:
            new.append(values)
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


def _new_rows(new: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """New members' rows from their checked values: plain rows, not model
    objects, which cost more to build than to write a hundred thousand times."""
    blank = blank_row(Member)
    for values in new:
        row = dict(blank)
        for name, attname, related in _NEW_ROW_FIELDS:
            value = values.get(name)
            if value is None or (name in CREATION_ONLY and value == ""):
                continue
            row[attname] = value.pk if related else value
        row["party_age_from"] = row["admission_decision_date"]
        row["search_name"], row["sort_key"] = Member.name_columns(
            row["full_name"], row["birth_name"], row["aliases"]
        )
        yield row


def _write(
    new: list[dict[str, Any]],
    changed: list[tuple[Member, dict[str, list[str]]]],
    *,
    by: User,
) -> None:
    today = clock.today()
    events: list[MemberEvent] = []
    if connection.vendor == "postgresql":
        # Built while they are written: the database stores one batch of rows
        # while the next is being built.
        ids = insert_rows(Member, _new_rows(new), len(new)) if new else []
        _admission_history_in_sql(ids, by=by, note=_("Imported"))
    else:
        members = [Member(**row) for row in _new_rows(new)]
        insert_many(Member, members)
        insert_many(Placement, [opening_placement(m) for m in members])
        events += [
            e for m in members for e in admission_events(m, by=by, note=_("Imported"))
        ]
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


def _admission_history_in_sql(ids: list[int], *, by: User, note: str) -> None:
    """The history opening_placement() and admission_events() build in Python
    (members/services/recording.py), written by the database from the member
    rows just inserted, through the same column maps: the opening placement,
    the admission and (when reached) the recognition, for a hundred thousand
    rows without a Python object each."""
    if not ids:
        return

    def columns(model: type[models.Model], names: Iterable[str]) -> str:
        return ", ".join(_column(model, name) for name in names)

    event_fields = list(ADMISSION_FROM_MEMBER)
    # The recognition takes fewer columns; the rest keep the admission's blanks.
    recognition = ", ".join(
        _column(Member, RECOGNITION_FROM_MEMBER[name])
        if name in RECOGNITION_FROM_MEMBER
        else _blank_sql(MemberEvent, name)
        for name in event_fields
    )
    # The recognition's condition reads end_date and official_date.
    read = {"end_date", "official_date"}
    read |= {*PLACEMENT_FROM_MEMBER.values(), *ADMISSION_FROM_MEMBER.values()}
    # One statement reads the new rows once for both tables.
    with connection.cursor() as cursor:
        cursor.execute(
            f"""WITH new AS (
                    SELECT id, {columns(Member, sorted(read))}
                    FROM {Member._meta.db_table} WHERE id = ANY(%s)
                ), placed AS (
                    INSERT INTO {Placement._meta.db_table} (member_id, opens_period,
                        {columns(Placement, PLACEMENT_FROM_MEMBER)})
                    SELECT id, TRUE, {columns(Member, PLACEMENT_FROM_MEMBER.values())}
                    FROM new
                )
                INSERT INTO {MemberEvent._meta.db_table} (member_id, kind, note,
                    data, recorded_by_id, recorded_at,
                    {columns(MemberEvent, event_fields)})
                SELECT id, %s, %s, '{{}}'::jsonb, %s, now(),
                    {columns(Member, ADMISSION_FROM_MEMBER.values())}
                FROM new
                UNION ALL
                SELECT id, %s, '', '{{}}'::jsonb, %s, now(), {recognition}
                FROM new WHERE {RECOGNIZED_IN_PERIOD_SQL}
                ORDER BY 1, 7""",
            [
                ids,
                MemberEvent.Kind.ADMITTED.value,
                note,
                by.pk,
                MemberEvent.Kind.RECOGNIZED.value,
                by.pk,
            ],
        )


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field


def _column(model: type[models.Model], name: str) -> str:
    return connection.ops.quote_name(_field(model, name).column)


def _blank_sql(model: type[models.Model], name: str) -> str:
    """The SQL literal of a field's blank value: '' or NULL."""
    return "NULL" if _field(model, name).null else "''"
