"""The party rules' numbers as first versions (DOMAIN.md §1, §2, §5).

Each effective_from is the date of the oldest text in the chain that set the
number (later texts carried it over), so historical dates find a version.
Tags [P]/[U] in the notes follow DOMAIN.md: check them against the official text.
"""

import datetime

from django.db import migrations

CHARTER = "Điều lệ Đảng 2011"
CHARTER_DATE = datetime.date(2011, 1, 19)
QD29 = "Quy định 29-QĐ/TW (25/7/2016), giữ nguyên trong 24-QĐ/TW, 232-QĐ/TW, 294-QĐ/TW"
QD29_DATE = datetime.date(2016, 7, 25)
# The numbers of 24-QĐ/TW were carried over from 29-QĐ/TW (2016) [P]; the chain
# starts there so that dates since 2016 find a version.
QD24 = (
    "Quy định 29-QĐ/TW (25/7/2016) và 24-QĐ/TW (30/7/2021), "
    "giữ nguyên trong 232-QĐ/TW, 294-QĐ/TW"
)
QD24_DATE = datetime.date(2016, 7, 25)
HD01 = "Hướng dẫn 01-HD/TW (28/9/2021), thay bằng 06-HD/TW (09/6/2025)"
HD01_DATE = datetime.date(2021, 9, 28)
HD09 = "Hướng dẫn 09-HD/BTCTW (05/6/2017); 12-HD/BTCTW (18/01/2022)"
HD09_DATE = datetime.date(2017, 6, 5)
QD124 = "Quy định 124-QĐ/TW (04/10/2023)"
QD124_DATE = datetime.date(2023, 10, 4)
QD366 = "Quy định 366-QĐ/TW (30/8/2025)"
QD366_DATE = datetime.date(2025, 8, 30)
CELL_VOTE = "ngày chi bộ họp xét"

RULES = [
    # Admission: eligibility (DOMAIN §2)
    ("candidate.age_min_years", 18, "years", CELL_VOTE, QD24_DATE, QD24 + " §1.1", "counted in whole months"),
    ("candidate.age_max_years", 60, "years", CELL_VOTE, QD24_DATE, QD24 + " §1.1", "over 60 needs provincial Standing Committee consent"),
    ("candidate.over_age_needs_provincial_consent", True, "flag", "ngày ra quyết định kết nạp", HD01_DATE, HD01 + " §1.1", ""),
    ("candidate.education_min_grade", 9, "grade", CELL_VOTE, QD24_DATE, QD24 + " §1.2", "THCS diploma or higher"),
    ("candidate.education_min_grade_difficult_area", 5, "grade", CELL_VOTE, HD01_DATE, HD01 + " §1.2a", "primary school in mountainous, border, ethnic-minority areas"),
    ("candidate.education_literacy_needs_provincial_consent", True, "flag", "ngày ra quyết định kết nạp", HD01_DATE, HD01 + " §1.2b", "village elders and heads: able to read and write"),
    # Admission: process (DOMAIN §1)
    ("candidate.certificate_validity_months", 60, "months", CELL_VOTE, HD09_DATE, HD09, "[P] reference date [U]"),
    ("candidate.introducer_together_months", 12, "months", "ngày giới thiệu", QD24_DATE, QD24 + " §3.2.1", "introducer must be an official member"),
    ("candidate.youth_union_age_min", 18, "years", CELL_VOTE, QD24_DATE, "Điều lệ Đoàn; " + QD24 + " §3.1", "[P] Đoàn route age band"),
    ("candidate.youth_union_age_max", 30, "years", CELL_VOTE, QD24_DATE, "Điều lệ Đoàn; " + QD24 + " §3.1", "[P] Đoàn route age band"),
    ("candidate.dossier_freshness_months", 12, "months", CELL_VOTE, HD01_DATE, HD01, "introducers' letters, Đoàn/trade-union resolution, opinions summary"),
    ("candidate.verification_reply_working_days", 30, "working_days", "ngày gửi thẩm tra", HD01_DATE, HD01, "[U]"),
    ("candidate.cell_vote_threshold", "2/3", "fraction", CELL_VOTE, CHARTER_DATE, CHARTER + " Điều 4(3)", "of the eligible official members, not of those present"),
    ("candidate.grassroots_committee_threshold", "2/3", "fraction", "ngày đảng ủy cơ sở họp", HD01_DATE, HD01 + " §3.6", "[P]"),
    ("candidate.decision_deadline_working_days", 60, "working_days", "ngày chi bộ ra nghị quyết", QD29_DATE, QD29 + " §4.3.1", ""),
    ("candidate.decision_extension_working_days", 30, "working_days", "ngày chi bộ ra nghị quyết", QD29_DATE, QD29 + " §4.3.1", "at most, in special cases"),
    ("candidate.ceremony_deadline_working_days", 30, "working_days", "ngày nhận quyết định", QD29_DATE, QD24 + " §4.1", ""),
    ("candidate.readmission_wait_months", 36, "months", "ngày ra khỏi Đảng", datetime.date(2025, 1, 20), "Quy định 232-QĐ/TW §3.5; 294-QĐ/TW §3.5", ""),
    ("candidate.readmission_after_conviction_months", 60, "months", "ngày được xóa án tích", datetime.date(2025, 1, 20), "Quy định 232-QĐ/TW §3.5; 294-QĐ/TW §3.5", "less-serious crimes"),
    ("candidate.readmission_max_times", 1, "count", "ngày chi bộ họp xét", datetime.date(2025, 1, 20), "Quy định 232-QĐ/TW §3.5; 294-QĐ/TW §3.5", ""),
    ("standing_committee.quorum", "1/2", "fraction", "ngày họp", QD29_DATE, QD29, "[U] more than half of the members present"),
    ("standing_committee.vote_threshold", "2/3", "fraction", "ngày họp", QD29_DATE, QD29 + " §4.3.2", "[U] of the committee's members"),
    # Probation and recognition (DOMAIN §1.14–1.15)
    ("member.probation_months", 12, "months", "ngày lễ kết nạp", CHARTER_DATE, CHARTER + " Điều 5(1)", ""),
    ("member.recognition_proposal_working_days", 30, "working_days", "ngày hết 12 tháng dự bị", QD24_DATE, QD24 + " §4.2", ""),
    ("member.recognition_decision_working_days", 30, "working_days", "ngày chi bộ ra nghị quyết", QD29_DATE, QD29 + " §4.3.1", ""),
    ("member.recognition_vote_threshold", "2/3", "fraction", CELL_VOTE, CHARTER_DATE, CHARTER + " Điều 5(2)", ""),
    ("member.recognition_max_failed_votes", 3, "count", CELL_VOTE, QD24_DATE, QD24 + " §4.2", "then the upper committee decides"),
    # Transfers and exemption (DOMAIN §5.1–5.2)
    ("transfer.official_start_working_days", 60, "working_days", "ngày quyết định có hiệu lực", QD24_DATE, QD24 + " §6.3.1", ""),
    ("transfer.official_present_working_days", 30, "working_days", "ngày giới thiệu chuyển", QD24_DATE, QD24 + " §6.3.1", ""),
    ("transfer.temporary_min_months", 3, "months", "ngày chuyển", QD24_DATE, QD24 + " §6.3.2", ""),
    ("transfer.temporary_max_months", 12, "months", "ngày chuyển", QD24_DATE, QD24 + " §6.3.2", "change of residence or work: under 1 year"),
    ("transfer.temporary_study_max_months", 24, "months", "ngày chuyển", QD24_DATE, QD24 + " §6.3.2", "full-time domestic study"),
    ("exemption.elderly_age_men", 60, "years", "ngày chi bộ quyết định", datetime.date(2009, 1, 1), "Hướng dẫn 27-HD/BTCTW (2009)", "[P]"),
    ("exemption.elderly_age_women", 55, "years", "ngày chi bộ quyết định", datetime.date(2009, 1, 1), "Hướng dẫn 27-HD/BTCTW (2009)", "[P]"),
    ("exemption.illness_min_months", 3, "months", "ngày chi bộ quyết định", datetime.date(2009, 1, 1), "Hướng dẫn 27-HD/BTCTW (2009)", "[P]"),
    # Removal and discipline (DOMAIN §5.3–5.4)
    ("removal.missed_months_in_year", 3, "months", "ngày chi bộ xét", CHARTER_DATE, CHARTER + " Điều 8; " + QD24 + " §8.1", ""),
    ("removal.no_progress_months", 12, "months", "ngày chi bộ xét", QD24_DATE, QD24 + " §8.1", ""),
    ("removal.consecutive_failed_ratings", 2, "count", "ngày chi bộ xét", QD24_DATE, QD24 + " §8.1", ""),
    ("discipline.reprimand_warning_threshold", "1/2", "fraction", "ngày họp", CHARTER_DATE, CHARTER + " Điều 35", "[P] more than half"),
    ("discipline.dismissal_expulsion_threshold", "2/3", "fraction", "ngày họp", CHARTER_DATE, CHARTER + " Điều 35", "[P] more than two thirds"),
    # Quality rating (DOMAIN §5.6)
    ("rating.excellent_min_points", 90, "points", "ngày đánh giá", QD366_DATE, QD366, ""),
    ("rating.good_min_points", 70, "points", "ngày đánh giá", QD366_DATE, QD366, ""),
    ("rating.completed_min_points", 50, "points", "ngày đánh giá", QD366_DATE, QD366, "[P] below is not completed"),
    ("rating.excellent_cap_fraction", "1/5", "fraction", "ngày đánh giá", QD124_DATE, "Hướng dẫn 21-HD/BTCTW (2019); " + QD124, "[U] under 366-QĐ/TW"),
    ("rating.not_rated_admitted_under_months", 6, "months", "ngày đánh giá", QD124_DATE, QD124 + " Điều 5", "[P] same in 366"),
    # Badges (DOMAIN §5.7)
    ("badge.milestones_years", [30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90], "list", "ngày trao", HD01_DATE, HD01 + " §18", ""),
    ("badge.award_dates", ["02-03", "05-19", "09-02", "11-07"], "list", "", HD01_DATE, HD01 + " §18", "3/2, 19/5, 2/9, 7/11 (MM-DD)"),
    ("badge.early_months_ill_30_65", 12, "months", "ngày trao", HD01_DATE, HD01 + " §18", ""),
    ("badge.early_months_ill_70_90", 24, "months", "ngày trao", HD01_DATE, HD01 + " §18", ""),
    ("badge.early_months_posthumous", 12, "months", "ngày trao", HD01_DATE, HD01 + " §18", ""),
    ("badge.gift_multipliers", {"30": 1.5, "40": 2, "50": 3, "55": 3.5, "60": 5, "65": 6, "70": 8, "75": 10, "80": 15}, "list", "ngày trao", datetime.date(2015, 1, 1), "Hướng dẫn 56-HD/VPTW (2015)", "45, 85, 90 [U]"),
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
    dependencies = [("organizations", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
