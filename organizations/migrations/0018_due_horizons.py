"""How far ahead the list of what is due looks, and when a dossier counts as
idle, as rule data: the organization committee's own working conventions,
not party rules, but they change as the rules do and are read by date."""

import datetime

from django.db import migrations

ROWS = [
    {
        "key": "due.horizon_working_days",
        "value": 10,
        "unit": "working_days",
        "judged_on": "ngày xem danh sách việc đến hạn",
        "source": "Quy ước làm việc của Ban Tổ chức Huyện ủy",
        "note": "the due list and the reminders show what falls due within this "
        "many working days (probation files: twice as many calendar days), and "
        "everything overdue",
    },
    {
        "key": "candidate.idle_days",
        "value": 60,
        "unit": "days",
        "judged_on": "ngày xem danh sách việc đến hạn",
        "source": "Quy ước làm việc của Ban Tổ chức Huyện ủy",
        "note": "an active admission dossier with no step recorded for this many "
        "days is listed as idle",
    },
]
IN_FORCE_FROM = datetime.date(2018, 1, 1)


def seed(apps, schema_editor):
    RuleVersion = apps.get_model("organizations", "RuleVersion")
    for row in ROWS:
        RuleVersion.objects.get_or_create(
            key=row["key"],
            effective_from=IN_FORCE_FROM,
            defaults={k: v for k, v in row.items() if k != "key"},
        )


def unseed(apps, schema_editor):
    apps.get_model("organizations", "RuleVersion").objects.filter(
        key__in=[row["key"] for row in ROWS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("organizations", "0017_job_dispatch_and_mail")]
    operations = [migrations.RunPython(seed, unseed)]
