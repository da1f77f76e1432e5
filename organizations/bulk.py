"""Writing many rows at once. On PostgreSQL through COPY, which is several
times faster than INSERT for the tens of thousands of rows an import or the demo
writes; elsewhere through bulk_create. Either way the objects get their primary
keys, so rows that point to them can be written next."""

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection, models
from django.db.models.expressions import RawSQL
from django.utils import timezone
from psycopg.types.json import Jsonb


def _reader(field: models.Field[Any, Any]) -> Callable[[models.Model], object]:
    attname = field.attname
    if isinstance(field, models.JSONField):
        return lambda obj: Jsonb(getattr(obj, attname))
    if isinstance(field, models.FileField):
        return lambda obj: getattr(obj, attname).name or ""
    if isinstance(field, models.ForeignKey):
        name = field.name

        def related_pk(obj: models.Model) -> object:
            value = getattr(obj, attname)
            # Related objects given before they were saved: take their key now.
            if value is None and field.is_cached(obj):
                related = getattr(obj, name)
                value = related.pk if related is not None else None
            return value

        return related_pk
    return lambda obj: getattr(obj, attname)


def insert_many(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    if not objs:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objs, batch_size=2000)
        return
    now = timezone.now()
    for field in model._meta.concrete_fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            for obj in objs:
                setattr(obj, field.attname, now)
    for obj, pk in zip(objs, _next_keys(model, len(objs)), strict=True):
        obj.pk = pk
        obj._state.adding = False
    readers = [_reader(field) for field in model._meta.concrete_fields]
    _copy(model, ([read(obj) for read in readers] for obj in objs))


def blank_row(model: type[models.Model]) -> dict[str, Any]:
    """Every column of a new row at its default, keyed by attribute name, for
    callers that fill in plain rows rather than model objects (which cost more
    to build than to write when there are a hundred thousand of them)."""
    now = timezone.now()
    row: dict[str, Any] = {}
    for field in model._meta.concrete_fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            row[field.attname] = now
        elif not field.primary_key:
            row[field.attname] = field.get_default()
    return row


def insert_rows(
    model: type[models.Model], rows: Iterable[dict[str, Any]], count: int
) -> list[int]:
    """Write `count` plain rows (every column by attribute name, as blank_row
    gives), which may be built as they are written, and return their new
    primary keys, in order. PostgreSQL only."""
    fields = model._meta.concrete_fields
    pk_name = model._meta.pk.attname
    names = [field.attname for field in fields]
    jsons = {f.attname for f in fields if isinstance(f, models.JSONField)}
    keys = _next_keys(model, count)

    def values(row: dict[str, Any], pk: int) -> list[object]:
        return [
            pk if name == pk_name else Jsonb(row[name]) if name in jsons else row[name]
            for name in names
        ]

    _copy(model, (values(row, pk) for row, pk in zip(rows, keys, strict=True)))
    return keys


def _next_keys(model: type[models.Model], count: int) -> list[int]:
    meta = model._meta
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) "
            "FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, count],
        )
        return [pk for (pk,) in cursor.fetchall()]


def _copy(model: type[models.Model], rows: Iterable[list[object]]) -> None:
    """COPY rows holding every concrete column, in the model's order."""
    meta = model._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in meta.concrete_fields)
    statement = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def among(values: Iterable[str]) -> object:
    """The right-hand side of an `__in` filter on many text values: one array
    parameter on PostgreSQL rather than one parameter per value."""
    values = list(values)
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::text[])", (values,))
    return values
