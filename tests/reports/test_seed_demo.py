import datetime
import hashlib
from collections import Counter

import pytest
from django.core.management import call_command

from members.due import badges_due, probation_due
from members.models import Badge, Exemption, Member, Placement, Rating, Transfer
from members.services.ratings import excellent_cap_problem
from organizations import clock
from organizations.models import Organization, Role, RoleAssignment, User
from reports.selectors import dashboard_figures

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]

END_OF_2018 = datetime.date(2018, 12, 31)


def _fingerprint() -> str:
    rows = Member.objects.order_by("full_name", "birth_date", "pk").values_list(
        "full_name", "birth_date", "admission_decision_date", "organization__code"
    )
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()


def test_the_district_as_the_article_describes_it_at_the_end_of_2018(demo):
    district = Organization.objects.get(code="HSP")
    grassroots = Organization.objects.subtree_of(district).filter(is_grassroots=True)
    assert grassroots.count() == 73
    assert grassroots.filter(kind=Organization.Kind.COMMUNE_COMMITTEE).count() == 25
    assert grassroots.filter(kind=Organization.Kind.GRASSROOTS_COMMITTEE).count() == 3
    assert grassroots.filter(kind=Organization.Kind.GRASSROOTS_CELL).count() == 45
    sectors = Counter(grassroots.values_list("sector", flat=True))
    assert sectors == {
        "commune": 25,
        "agency": 29,
        "public_service": 10,
        "armed_forces": 5,
        "enterprise": 4,
    }
    placements = Placement.objects.filter(organization__path__startswith=district.path)
    assert placements.on(END_OF_2018).count() == 5756
    year = placements.admissions_between(datetime.date(2018, 1, 1), END_OF_2018)
    assert year.count() == 205
    # The 14 decided in December 2018 became members at their January ceremony.
    december = Member.objects.filter(
        admission_decision_date=datetime.date(2018, 12, 20)
    )
    assert december.count() == 14
    assert not placements.on(END_OF_2018).filter(member__in=december).exists()
    assert {(m.ceremony_date.year, m.ceremony_date.month) for m in december} == {
        (2019, 1)
    }


def test_btc_dashboard_shows_the_article_figures(demo):
    btc = User.objects.get(username="btc")
    figures = dashboard_figures(btc, END_OF_2018)
    assert (figures.members.total, figures.grassroots, figures.admitted_in_year) == (
        5756,
        73,
        205,
    )
    assert 0 < figures.members.probationary < 205


def test_real_commune_names_and_the_demo_logins(demo):
    names = set(Organization.objects.values_list("name", flat=True))
    for name in (
        "Đảng bộ xã Hồ Thầu",
        "Đảng bộ xã Nậm Dịch",
        "Đảng bộ thị trấn Vinh Quang",
        "Đảng bộ xã Ngàm Đăng Vài",
        "Đảng bộ xã Pờ Ly Ngài",
        "Đảng bộ xã Bản Péo",
    ):
        assert name in names
    expected = {
        "btc": (Role.ORG_STAFF, "HSP"),
        "btv": (Role.STANDING_COMMITTEE, "HSP"),
        "hothau": (Role.SECRETARY, "HSP-HOTHAU"),
        "namdich": (Role.SECRETARY, "HSP-NAMDICH"),
        "xem": (Role.VIEWER, "HSP"),
    }
    for username, (role, code) in expected.items():
        user = User.objects.get(username=username)
        assert user.check_password("demo12345")
        assert not user.must_change_password
        assignment = RoleAssignment.objects.active().get(user=user)
        assert (assignment.role, assignment.organization.code) == (role, code)


def test_distributions_are_the_stated_demo_assumptions(demo):
    members = [
        p.member
        for p in Placement.objects.on(END_OF_2018).select_related("member__ethnicity")
    ]
    share = lambda pred: sum(map(pred, members)) / len(members)  # noqa: E731
    assert 0.85 <= share(lambda m: m.ethnicity.name != "Kinh") <= 0.95
    assert 0.33 <= share(lambda m: m.ethnicity.name == "Nùng") <= 0.43
    assert 0.25 <= share(lambda m: m.sex == Member.Sex.FEMALE) <= 0.35
    ages = sorted((END_OF_2018 - m.birth_date).days / 365.25 for m in members)
    assert ages[0] >= 18
    assert ages[-1] <= 91
    assert 42 <= ages[len(ages) // 2] <= 49


def test_running_again_changes_nothing(demo, capsys):
    before = (_fingerprint(), Organization.objects.count(), User.objects.count())
    call_command("seed_demo")
    assert "nothing changed" in capsys.readouterr().out
    assert (
        _fingerprint(),
        Organization.objects.count(),
        User.objects.count(),
    ) == before


def test_the_district_carries_on_to_today(demo):
    btc = User.objects.get(username="btc")
    today = clock.today()
    for year in range(2019, today.year):
        figures = dashboard_figures(btc, datetime.date(year, 12, 31))
        assert 185 <= figures.admitted_in_year <= 215, year
    assert probation_due(btc), "recognitions are due today"
    assert Member.objects.filter(status=Member.Status.PROBATIONARY).count() > 100
    assert Transfer.objects.filter(status=Transfer.Status.RECEIVED).count() >= 50
    assert Exemption.objects.filter(end__isnull=True).exists()
    moved = Transfer.objects.first().member
    assert moved.placements.count() == 2
    # Deaths since 2018 do not change the figures as at the end of 2018.
    assert Member.objects.filter(end_date__year__gt=2018, status="deceased").exists()
    assert dashboard_figures(btc, END_OF_2018).members.total == 5756
    # Last year's ratings, within the excellent cap, and some discipline.
    last_year = today.year - 1
    rated = Rating.objects.filter(year=last_year)
    assert rated.count() > 5000
    assert (
        rated.filter(level="excellent").count()
        <= rated.filter(level__in=["excellent", "good"]).count() * 0.2
    )
    assert Member.objects.filter(events__kind="disciplined").count() > 20
    for grassroots in Organization.objects.filter(is_grassroots=True):
        assert excellent_cap_problem(grassroots, last_year, {}) is None
    # Badges for the long-serving, and some due at the next presentation.
    assert Badge.objects.filter(milestone=30).count() > 100
    assert Badge.objects.filter(milestone__gte=50).exists()
    _award, due = badges_due(btc)
    assert any(members.exists() for members in due.values())


def test_a_candidate_pipeline_dated_from_today(demo):
    from candidates.models import AdmissionTarget, Candidate, Stage, TrainingClass
    from candidates.pipeline import everything_missing
    from candidates.services import vote_rule_problems
    from candidates.targets import target_rows

    today = clock.today()
    pool = Candidate.objects.filter(status=Candidate.Status.ACTIVE)
    assert 190 <= pool.count() <= 215
    # Every stage but the sub-committee's: the demo district has none.
    assert set(pool.values_list("stage", flat=True)) == set(Stage.values) - {
        Stage.SUBCOMMITTEE_APPRAISED
    }
    grassroots_with_candidates = {
        c.organization.grassroots() for c in pool.select_related("organization")
    }
    assert len(grassroots_with_candidates) >= 45
    assert Candidate.objects.filter(status="paused", pause_reason="work_away").exists()
    assert (
        Candidate.objects.filter(status="admitted", member__isnull=False).count() > 300
    )
    # Facts agree with the stages: nothing is missing up to where each one stands.
    for candidate in pool.filter(stage=Stage.GRASSROOTS_APPROVED)[:5]:
        assert everything_missing(candidate) == []
    classes = TrainingClass.objects.filter(kind="awareness")
    assert classes.filter(starts_on__lte=today, ends_on__gte=today).exists()
    assert classes.filter(ends_on__lt=today).exists()
    # Three dossiers that a rule stops at the cell vote, each with its reason.
    reasons = " ".join(
        str(problem)
        for c in pool.filter(organization__code__startswith="HSP-HOTHAU")
        if c.stage in (Stage.OPINIONS, Stage.INTRODUCERS)
        for problem in vote_rule_problems(c, today)
    )
    for reason in (
        "phải đủ 18 tuổi",
        "có giá trị 60 tháng",
        "đảng viên dự bị không được giới thiệu",
    ):
        assert reason in reasons
    assert AdmissionTarget.objects.filter(year=today.year).count() == 73
    # A probation file for every probationary member, at every step.
    from candidates.models import Recognition
    from candidates.pipeline import everything_missing

    files = Recognition.objects.exclude(stage="r_recognized")
    assert files.count() == Member.objects.filter(status="probationary").count()
    assert {"r_listed", "r_class_done", "r_appraised"} <= set(
        files.values_list("stage", flat=True)
    )
    # Last month's meeting recognized some, from the end of their probation.
    recognized = Recognition.objects.filter(stage="r_recognized")
    assert recognized.exists()
    assert all(r.member.status == "official" for r in recognized)
    for file in files.filter(stage="r_submitted")[:3]:
        assert everything_missing(file) == []
    btc = User.objects.get(username="btc")
    rows = target_rows(btc, today.year)
    assert any(row.short for row in rows)
    assert not all(row.short for row in rows)
    assert len({row.rate for row in rows}) > 3


def test_the_last_review_is_locked_and_the_next_in_preparation(demo):
    from candidates.models import DecisionNumber, ReviewMeeting

    today = clock.today()
    last = ReviewMeeting.objects.get(status="locked")
    upcoming = ReviewMeeting.objects.get(status="preparing")
    assert last.held_on < today <= upcoming.held_on
    assert last.attendees.count() == 8
    numbers = list(
        DecisionNumber.objects.filter(register__book="decisions").values_list(
            "number", flat=True
        )
    )
    # Numbered from the register's start with no gap.
    assert sorted(numbers) == list(range(201, 201 + len(numbers)))
    # The proposal signed before the meeting, the minutes numbered at its lock.
    assert last.proposal_number.label == "11-TTr/BTCHU"
    assert last.proposal_number.dated < last.held_on
    assert last.minutes_number.label == "11-BB/HU"
    assert last.secretary.username == "btc"
    assert len(numbers) == last.items.filter(outcome="approved").count() > 0
    assert last.items.filter(outcome="deferred").count() == 1
    assert upcoming.items.exists()


def test_the_pipeline_pages_open_on_the_demo(demo, client_as):
    """Admitted and withdrawn candidates side by side broke the targets page
    once; every pipeline page opens for org_staff on the whole demo."""
    btc = User.objects.get(username="btc")
    client = client_as(btc)
    for url in (
        "/candidates/targets/",
        "/candidates/mine/",
        "/candidates/recognition/",
        "/candidates/meetings/",
        "/candidates/registers/",
        "/",
    ):
        assert client.get(url).status_code == 200, url
