"""`seed_demo --reset`: empty the registry before building the demo again.

Every table of the registry is emptied, accounts and sign-in records included;
the reference data that migrations write (rule versions, the calendar,
ethnicities, document kinds) and Django's own tables stay. The stored files of
the emptied rows are removed once the transaction has committed.
"""

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import connection, models, transaction

KEPT = {
    "organizations.RuleVersion",
    "organizations.CalendarDay",
    "members.Ethnicity",
    "candidates.DocumentKind",
    "contenttypes.ContentType",
    "auth.Permission",
    "auth.Group",
}


def _emptied_tables() -> list[str]:
    tables: set[str] = set()
    for model in apps.get_models():
        if model._meta.label in KEPT:
            continue
        tables.add(model._meta.db_table)
        for field in model._meta.local_many_to_many:
            tables.add(field.remote_field.through._meta.db_table)  # type: ignore[union-attr]
    existing = set(connection.introspection.table_names())
    return sorted(tables & existing)


def _stored_files() -> set[str]:
    names: set[str] = set()
    for model in apps.get_models():
        if model._meta.label in KEPT:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                names.update(
                    model._default_manager.exclude(**{field.name: ""})
                    .values_list(field.name, flat=True)
                    .distinct()
                )
    return names


@transaction.atomic
def empty_registry() -> None:
    files = _stored_files()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # PostgreSQL truncates no table with deferred checks still pending
            # from earlier in the transaction: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for sql in connection.ops.sql_flush(no_style(), _emptied_tables()):
            cursor.execute(sql)
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    def remove_files() -> None:
        for name in files:
            default_storage.delete(name)

    transaction.on_commit(remove_files)
