"""The grades of the old ten-year school system (the North until the 1980s:
level I grades 1-4, level II 5-7, level III 8-10) against the twelve-year
grades the education rule names, so "7/10", who finished level II, meets
the lower-secondary minimum as "9/12" does (DOMAIN.md §2). Rule data: a
committee corrects it by adding a version."""

import datetime

from django.db import migrations

KEY = "candidate.education_grade_equivalents"
EQUIVALENTS = {
    "1/10": 1,
    "2/10": 2,
    "3/10": 3,
    "4/10": 5,
    "5/10": 6,
    "6/10": 7,
    "7/10": 9,
    "8/10": 10,
    "9/10": 11,
    "10/10": 12,
}


def seed(apps, schema_editor):
    RuleVersion = apps.get_model("organizations", "RuleVersion")
    RuleVersion.objects.get_or_create(
        key=KEY,
        effective_from=datetime.date(2016, 7, 25),
        defaults={
            "value": EQUIVALENTS,
            "unit": "list",
            "judged_on": "ngày chi bộ họp xét",
            "source": (
                "Hệ giáo dục phổ thông 10 năm (cấp I lớp 1–4, cấp II lớp 5–7, "
                "cấp III lớp 8–10); Quy định 29-QĐ/TW, 24-QĐ/TW §1.2"
            ),
            "note": "[P] each old grade as the twelve-year grade it finished",
        },
    )


def unseed(apps, schema_editor):
    apps.get_model("organizations", "RuleVersion").objects.filter(key=KEY).delete()


class Migration(migrations.Migration):
    dependencies = [("organizations", "0011_rule_rows")]
    operations = [migrations.RunPython(seed, unseed)]
