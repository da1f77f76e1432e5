"""The Standing Committee's quorum and vote threshold (DOMAIN.md §1.12). Both
are practice rather than confirmed text, so they are rule data to be edited."""

import datetime

from django.db import migrations

QD29 = "Quy định 29-QĐ/TW (2016)"
QD29_DATE = datetime.date(2016, 7, 25)

RULES = [
    ("meeting.quorum_fraction", "1/2", "fraction", "ngày họp", QD29_DATE, QD29 + " §4.3.2; quy chế làm việc của cấp ủy", "[U] more than this share of the committee's members present"),
    ("meeting.decision_threshold", "2/3", "fraction", "ngày họp", QD29_DATE, QD29 + " §4.3.2; quy chế làm việc của cấp ủy", "[U] at least this share of the committee's members vote for"),
]


def seed(apps, schema_editor):
    RuleVersion = apps.get_model("organizations", "RuleVersion")
    for key, value, unit, judged_on, effective_from, source, note in RULES:
        RuleVersion.objects.get_or_create(
            key=key,
            effective_from=effective_from,
            defaults={"value": value, "unit": unit, "judged_on": judged_on, "source": source, "note": note},
        )


def unseed(apps, schema_editor):
    RuleVersion = apps.get_model("organizations", "RuleVersion")
    for rule in RULES:
        RuleVersion.objects.filter(key=rule[0], effective_from=rule[4]).delete()


class Migration(migrations.Migration):
    dependencies = [("organizations", "0005_notifications")]
    operations = [migrations.RunPython(seed, unseed)]
