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
    meta = model._meta
    now = timezone.now()
    for field in meta.concrete_fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            for obj in objs:
                setattr(obj, field.attname, now)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) "
            "FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(objs)],
        )
        for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
            obj.pk = pk
            obj._state.adding = False
        fields = meta.concrete_fields
        readers = [_reader(field) for field in fields]
        columns = ", ".join(quote(field.column) for field in fields)
        statement = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"
        with cursor.cursor.copy(statement) as copy:
            for obj in objs:
                copy.write_row([read(obj) for read in readers])


def among(values: Iterable[str]) -> object:
    """The right-hand side of an `__in` filter on many text values: one array
    parameter on PostgreSQL rather than one parameter per value."""
    values = list(values)
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::text[])", (values,))
    return values
