"""The rule table cleaned up (issue: every rule of the table enforced).

- `standing_committee.quorum` and `standing_committee.vote_threshold` said the
  same as `meeting.quorum_fraction` and `meeting.decision_threshold`, which are
  the rows the meetings read: their versions join those keys (a version of the
  same date and value is the same version; one of the same date with another
  value is kept in the surviving row's note), so no history is lost and nobody
  can correct the row that is not read.
- The number of introducers, 2 or 1 by route, was a constant in code.
- The ill members' early badge had its band boundary (65) in code: the two rows
  become one, from which milestone on how many months early.
"""

import datetime

from django.db import migrations

CHARTER = "Điều lệ Đảng 2011, Điều 4 khoản 1"
CHARTER_DATE = datetime.date(2011, 1, 19)
MERGED = {
    "standing_committee.quorum": "meeting.quorum_fraction",
    "standing_committee.vote_threshold": "meeting.decision_threshold",
}
INTRODUCERS = [
    ("candidate.introducers_members_route", 2, "introduced by party members alone"),
    (
        "candidate.introducers_union_route",
        1,
        "official members beside the resolution of the Youth Union's or the trade "
        "union's grassroots executive",
    ),
]
BANDS = {"badge.early_months_ill_30_65": "30", "badge.early_months_ill_70_90": "70"}
EARLY_ILL = "badge.early_months_ill"


def _merge(RuleVersion):
    for old, new in MERGED.items():
        for version in RuleVersion.objects.filter(key=old):
            twin = RuleVersion.objects.filter(
                key=new, effective_from=version.effective_from
            ).first()
            if twin is None:
                version.key = new
                version.save(update_fields=["key"])
                continue
            if twin.value != version.value:
                twin.note = (
                    f"{twin.note} [{old} cùng ngày ghi {version.value}, "
                    f"nguồn {version.source}]"
                ).strip()
                twin.save(update_fields=["note"])
            version.delete()


def _bands(RuleVersion):
    versions = list(
        RuleVersion.objects.filter(key__in=BANDS).order_by("effective_from")
    )
    if not versions:
        return
    current = {}
    by_day = {}
    for version in versions:
        current[BANDS[version.key]] = version.value
        by_day[version.effective_from] = (dict(current), version)
    for day, (value, version) in by_day.items():
        RuleVersion.objects.get_or_create(
            key=EARLY_ILL,
            effective_from=day,
            defaults={
                "value": value,
                "unit": "list",
                "judged_on": version.judged_on,
                "source": version.source,
                "note": "from the badge of this many years on, how many months early",
            },
        )
    RuleVersion.objects.filter(key__in=BANDS).delete()


def seed(apps, schema_editor):
    RuleVersion = apps.get_model("organizations", "RuleVersion")
    _merge(RuleVersion)
    for key, value, note in INTRODUCERS:
        RuleVersion.objects.get_or_create(
            key=key,
            effective_from=CHARTER_DATE,
            defaults={
                "value": value,
                "unit": "count",
                "judged_on": "ngày giới thiệu",
                "source": CHARTER,
                "note": note,
            },
        )
    _bands(RuleVersion)


def backward(apps, schema_editor):
    RuleVersion = apps.get_model("organizations", "RuleVersion")
    RuleVersion.objects.filter(key__in=[key for key, *_ in INTRODUCERS]).delete()
    for version in RuleVersion.objects.filter(key=EARLY_ILL):
        for key, band in BANDS.items():
            RuleVersion.objects.create(
                key=key,
                value=version.value[band],
                unit="months",
                judged_on=version.judged_on,
                effective_from=version.effective_from,
                source=version.source,
            )
        version.delete()


class Migration(migrations.Migration):
    dependencies = [("organizations", "0010_organization_rating")]
    operations = [migrations.RunPython(seed, backward)]
