"""A trigram index for name search on PostgreSQL; SQLite scans its small table.

One set of migrations serves both engines (DESIGN.md §7): each step here does
nothing on SQLite.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS member_search_trgm "
            "ON members_member USING gin (search_name gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS member_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("members", "0003_member_profile")]
    operations = [
        TrigramExtension(),
        migrations.RunPython(create_index, drop_index),
    ]
