"""Three single-column indexes that a composite index already serves
(member organization → (organization, ceremony_date), event member →
(member, on), placement organization → (organization, start)): dropping them
makes every write, and the bulk import above all, cheaper.

Only the indexes are dropped: the foreign keys stay as they are, rather than
being dropped and validated again over the whole table as a plain AlterField
would do on PostgreSQL."""

import django.db.models.deletion
from django.db import migrations, models

INDEXES = [
    ("members_member", "organization_id", "members_member_organization_id_4832e3e5"),
    ("members_memberevent", "member_id", "members_memberevent_member_id_0cf90450"),
    (
        "members_placement",
        "organization_id",
        "members_placement_organization_id_b0872b3f",
    ),
]


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0013_party_age_required"),
        ("organizations", "0006_seed_meeting_rules"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX IF EXISTS {name}",
                    f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({column})",
                )
                for table, column, name in INDEXES
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="member",
                    name="organization",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="members",
                        to="organizations.organization",
                        verbose_name="organization",
                    ),
                ),
                migrations.AlterField(
                    model_name="memberevent",
                    name="member",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="events",
                        to="members.member",
                    ),
                ),
                migrations.AlterField(
                    model_name="placement",
                    name="organization",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="placements",
                        to="organizations.organization",
                    ),
                ),
            ],
        )
    ]
