"""Weekend days worked in exchange for a bridge holiday, as announced for each year.
The holidays package knows the bridge days off; these are the days worked for them."""

import datetime

from django.db import migrations

SWAPPED = [
    (datetime.date(2025, 4, 26), "Làm bù cho ngày nghỉ 02/5/2025", "Thông báo của Bộ Nội vụ về lịch nghỉ 30/4–1/5 năm 2025"),
    (datetime.date(2026, 8, 22), "Làm bù cho ngày nghỉ 31/8/2026", "Thông báo của Bộ Nội vụ về lịch nghỉ năm 2026"),
]


def seed(apps, schema_editor):
    CalendarDay = apps.get_model("organizations", "CalendarDay")
    for date, note, source in SWAPPED:
        CalendarDay.objects.get_or_create(
            date=date, defaults={"kind": "working_day", "note": note, "source": source}
        )


def unseed(apps, schema_editor):
    CalendarDay = apps.get_model("organizations", "CalendarDay")
    CalendarDay.objects.filter(date__in=[d for d, _n, _s in SWAPPED]).delete()


class Migration(migrations.Migration):
    dependencies = [("organizations", "0002_seed_rules")]
    operations = [migrations.RunPython(seed, unseed)]
