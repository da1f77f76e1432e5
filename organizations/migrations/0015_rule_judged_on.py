"""Say on which day the registry judges five rules, where the rows said
otherwise. A rule counted from an earlier event is still the rule in force
when it is applied: a re-admission waits the months the rule of the
committee's decision sets, counted from the day the person left (a rule
introduced in 2025 governs a 2026 decision on someone who left in 2020); the
provincial consent is asked for by the age and exception judged at the cell's
vote, as every eligibility rule is. The values are untouched."""

from django.db import migrations

JUDGED_ON = {
    "candidate.readmission_wait_months": (
        "ngày ra khỏi Đảng",
        "ngày ra quyết định kết nạp lại (tính từ ngày ra khỏi Đảng)",
    ),
    "candidate.readmission_after_conviction_months": (
        "ngày được xóa án tích",
        "ngày ra quyết định kết nạp lại (tính từ ngày được xóa án tích)",
    ),
    "candidate.readmission_max_times": (
        "ngày chi bộ họp xét",
        "ngày ra quyết định kết nạp lại",
    ),
    "candidate.over_age_needs_provincial_consent": (
        "ngày ra quyết định kết nạp",
        "ngày chi bộ họp xét (xin ý kiến trước khi ra quyết định)",
    ),
    "candidate.education_literacy_needs_provincial_consent": (
        "ngày ra quyết định kết nạp",
        "ngày chi bộ họp xét (xin ý kiến trước khi ra quyết định)",
    ),
}


def _set(apps, pick):
    RuleVersion = apps.get_model("organizations", "RuleVersion")
    for key, texts in JUDGED_ON.items():
        old, new = pick(texts)
        RuleVersion.objects.filter(key=key, judged_on=old).update(judged_on=new)


def seed(apps, schema_editor):
    _set(apps, lambda texts: texts)


def unseed(apps, schema_editor):
    _set(apps, lambda texts: texts[::-1])


class Migration(migrations.Migration):
    dependencies = [("organizations", "0014_organization_sector")]
    operations = [migrations.RunPython(seed, unseed)]
