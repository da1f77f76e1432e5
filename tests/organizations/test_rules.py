import datetime
import importlib
from fractions import Fraction

import pytest
from django.apps import apps as django_apps

from organizations.models import RuleVersion
from organizations.rules import RuleMissingError, rule_in_force, rule_value

pytestmark = pytest.mark.django_db

# Every number of DOMAIN.md §1, §2 and §5 that later issues read.
SEEDED = {
    "candidate.age_min_years": 18,
    "candidate.age_max_years": 60,
    "candidate.education_min_grade": 9,
    "candidate.education_min_grade_difficult_area": 5,
    "candidate.certificate_validity_months": 60,
    "candidate.introducer_together_months": 12,
    "candidate.introducers_members_route": 2,
    "candidate.introducers_union_route": 1,
    "candidate.dossier_freshness_months": 12,
    "candidate.cell_vote_threshold": Fraction(2, 3),
    "candidate.grassroots_committee_threshold": Fraction(2, 3),
    "candidate.decision_deadline_working_days": 60,
    "candidate.decision_extension_working_days": 30,
    "candidate.ceremony_deadline_working_days": 30,
    "candidate.readmission_wait_months": 36,
    "member.probation_months": 12,
    "member.recognition_proposal_working_days": 30,
    "member.recognition_max_failed_votes": 3,
    "transfer.official_start_working_days": 60,
    "transfer.official_present_working_days": 30,
    "exemption.elderly_age_men": 60,
    "removal.missed_months_in_year": 3,
    "rating.excellent_min_points": 90,
    "badge.milestones_years": [30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90],
    "badge.award_dates": ["02-03", "05-19", "09-02", "11-07"],
    "badge.early_months_ill": {"30": 12, "70": 24},
    "meeting.quorum_fraction": Fraction(1, 2),
}


@pytest.mark.smoke
@pytest.mark.parametrize(("key", "expected"), SEEDED.items())
def test_seeded_rules_are_in_force_today(key, expected):
    assert rule_value(key, datetime.date(2026, 11, 28)) == expected


def test_every_seeded_rule_names_its_source_and_date():
    for version in RuleVersion.objects.all():
        assert version.source, version.key
        assert version.unit in RuleVersion.Unit.values


def test_a_new_version_applies_from_its_date_only():
    RuleVersion.objects.create(
        key="candidate.age_max_years",
        value=62,
        unit=RuleVersion.Unit.YEARS,
        effective_from=datetime.date(2027, 1, 1),
        source="Điều lệ Đảng (sửa đổi) — giả định cho kiểm thử",
    )
    assert rule_value("candidate.age_max_years", datetime.date(2026, 12, 31)) == 60
    assert rule_value("candidate.age_max_years", datetime.date(2027, 1, 1)) == 62
    assert (
        rule_in_force("candidate.age_max_years", datetime.date(2030, 5, 1)).value == 62
    )


def test_a_date_before_any_version_raises_a_clear_error():
    with pytest.raises(RuleMissingError, match="Chưa có phiên bản"):
        rule_in_force("rating.excellent_min_points", datetime.date(2020, 1, 1))
    with pytest.raises(RuleMissingError):
        rule_value("no.such.rule", datetime.date(2026, 1, 1))


def test_rule_versions_cannot_be_edited_in_the_admin(client_as, superuser):
    version = RuleVersion.objects.first()
    client = client_as(superuser)
    url = f"/admin/organizations/ruleversion/{version.pk}/change/"
    edit = client.post(url, {"key": version.key, "value": "99", "unit": version.unit})
    assert edit.status_code == 403
    version.refresh_from_db()
    assert version.value != 99
    assert (
        client.post(
            f"/admin/organizations/ruleversion/{version.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    add = client.post(
        "/admin/organizations/ruleversion/add/",
        {
            "key": "candidate.age_min_years",
            "value": "18",
            "unit": "years",
            "judged_on": "ngày chi bộ họp xét",
            "effective_from": "2027-01-01",
            "source": "Văn bản mới",
            "note": "",
        },
    )
    assert add.status_code == 302
    assert RuleVersion.objects.filter(key="candidate.age_min_years").count() == 2


def test_a_unit_of_work_reads_each_rule_once_and_the_next_one_sees_changes(
    django_assert_num_queries,
):
    from organizations.memo import unit_of_work

    day = datetime.date(2027, 6, 1)
    with unit_of_work(), django_assert_num_queries(1):
        for _ in range(50):
            assert rule_value("candidate.age_max_years", day) == 60
    RuleVersion.objects.create(
        key="candidate.age_max_years",
        value=62,
        unit=RuleVersion.Unit.YEARS,
        effective_from=datetime.date(2027, 1, 1),
        source="giả định cho kiểm thử",
    )
    # A new request or job reads the table again: nothing is kept longer.
    with unit_of_work():
        assert rule_value("candidate.age_max_years", day) == 62
    assert rule_value("candidate.age_max_years", day) == 62


def test_the_cleanup_migration_merges_duplicate_rows_and_keeps_their_history():
    """Rows added under the old keys (as an admin may have done) join the rows
    the code reads; a same-day version with another value is noted, not lost."""
    cleanup = importlib.import_module("organizations.migrations.0011_rule_rows")

    def old_row(key, value, day, unit=RuleVersion.Unit.FRACTION):
        RuleVersion.objects.create(
            key=key, value=value, unit=unit, effective_from=day, source="Quy chế"
        )

    old_row("standing_committee.quorum", "1/2", datetime.date(2016, 7, 25))
    old_row("standing_committee.quorum", "3/5", datetime.date(2027, 1, 1))
    old_row("standing_committee.vote_threshold", "3/4", datetime.date(2016, 7, 25))
    months = RuleVersion.Unit.MONTHS
    old_row("badge.early_months_ill_30_65", 12, datetime.date(2021, 9, 28), months)
    old_row("badge.early_months_ill_70_90", 24, datetime.date(2021, 9, 28), months)
    old_row("badge.early_months_ill_70_90", 18, datetime.date(2027, 1, 1), months)
    cleanup.seed(django_apps, None)

    assert not RuleVersion.objects.filter(key__startswith="standing_committee.")
    assert rule_value("meeting.quorum_fraction", datetime.date(2026, 6, 1)) == Fraction(
        1, 2
    )
    assert rule_value("meeting.quorum_fraction", datetime.date(2027, 6, 1)) == Fraction(
        3, 5
    )
    kept = rule_in_force("meeting.decision_threshold", datetime.date(2026, 6, 1))
    assert kept.value == "2/3"
    assert "3/4" in kept.note
    assert not RuleVersion.objects.filter(key__startswith="badge.early_months_ill_")
    assert rule_value("badge.early_months_ill", datetime.date(2026, 6, 1)) == {
        "30": 12,
        "70": 24,
    }
    assert rule_value("badge.early_months_ill", datetime.date(2027, 6, 1)) == {
        "30": 12,
        "70": 18,
    }
