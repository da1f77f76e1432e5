"""Who is never re-admitted (DOMAIN.md §1.16) as rule data: the reasons for
leaving, recorded with the ending of a membership, that bar a re-admission.
Leaving at one's own request is one of them (except for extremely difficult
family circumstances, which the re-admission records)."""

import datetime

from django.db import migrations

KEY = "candidate.readmission_bars"
BARS = ["abandoned", "left_on_request", "disunity", "corruption", "serious_crime"]


def seed(apps, schema_editor):
    RuleVersion = apps.get_model("organizations", "RuleVersion")
    RuleVersion.objects.get_or_create(
        key=KEY,
        effective_from=datetime.date(2025, 1, 20),
        defaults={
            "value": BARS,
            "unit": "list",
            "judged_on": "ngày ra quyết định kết nạp lại",
            "source": "Quy định 232-QĐ/TW §3.5; 294-QĐ/TW §3.5",
            "note": "[P] never re-admitted; a less serious crime waits instead "
            "(candidate.readmission_after_conviction_months)",
        },
    )


def unseed(apps, schema_editor):
    apps.get_model("organizations", "RuleVersion").objects.filter(key=KEY).delete()


class Migration(migrations.Migration):
    dependencies = [("organizations", "0012_education_grade_equivalents")]
    operations = [migrations.RunPython(seed, unseed)]
