import datetime

import pytest
from django.core.exceptions import PermissionDenied

from candidates import services
from candidates.electorate import electorate
from candidates.models import Candidate, Stage, StageLog, Vote
from candidates.rules import Blocked
from members.models import Exemption, TemporaryTransfer

from .conftest import introduce, prepare_for_vote, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

D = datetime.date
VOTE_DAY = D(2026, 2, 10)


@pytest.fixture
def candidate(org_tree, hothau_secretary):
    return introduce(org_tree.hothau_village, hothau_secretary)


@pytest.fixture
def ready(candidate, cell, awareness_class, hothau_secretary):
    return prepare_for_vote(candidate, cell, awareness_class, hothau_secretary)


def cell_vote(candidate, by, **changes):
    values = {
        "held_on": VOTE_DAY,
        "resolution_number": "05-NQ/CB",
        "present": 9,
        "votes_for": 7,
        "votes_against": 2,
        **changes,
    }
    return services.record_cell_vote(candidate, by=by, **values)


def test_the_stage_is_the_furthest_gate_passed(
    candidate, cell, awareness_class, hothau_secretary
):
    assert candidate.stage == Stage.INTRODUCED
    # The application before the mentor: recorded, but the stage waits.
    services.record_papers(
        candidate,
        {"applied_on": D(2025, 4, 1), "history_on": D(2025, 4, 5)},
        by=hothau_secretary,
    )
    candidate.refresh_from_db()
    assert candidate.stage == Stage.INTRODUCED
    ready = prepare_for_vote(candidate, cell, awareness_class, hothau_secretary)
    assert ready.stage == Stage.OPINIONS
    log = list(ready.log.values_list("action", "from_stage", "to_stage"))
    assert log[0] == ("introduce", "introduced", "introduced")
    assert ("assign_mentor", "introduced", "listed") in log


def test_cell_vote_passes_at_exactly_two_thirds(ready, hothau_secretary):
    # Ten official members: 7 votes are needed (2/3 of 10 rounded up).
    vote = cell_vote(ready, hothau_secretary, votes_for=7, votes_against=2)
    assert (vote.eligible, vote.passed) == (10, True)
    upload(ready, "6-KNĐ", hothau_secretary)
    ready.refresh_from_db()
    assert ready.stage == Stage.CELL_APPROVED


def test_cell_vote_just_under_two_thirds_does_not_pass(ready, hothau_secretary):
    vote = cell_vote(ready, hothau_secretary, votes_for=6, votes_against=3)
    assert vote.passed is False
    ready.refresh_from_db()
    assert ready.stage == Stage.OPINIONS


def test_the_denominator_leaves_out_those_away_and_absent_exempt(
    ready, cell, hothau_secretary
):
    TemporaryTransfer.objects.create(
        member=cell.officials[9],
        from_organization=cell.officials[9].organization,
        to_outside="Trường Chính trị tỉnh",
        purpose="study",
        start=D(2026, 1, 1),
        until=D(2026, 12, 1),
        introduction_number="1",
        started_by=hothau_secretary,
    )
    Exemption.objects.create(member=cell.officials[8], start=D(2025, 1, 1), reason="Ốm")
    voters = electorate(ready.organization, VOTE_DAY)
    assert (voters.official, voters.away, voters.exempt) == (10, 1, 1)
    # Eight eligible: 6 votes pass; with the exempt member present, nine and 6.
    vote = cell_vote(ready, hothau_secretary, present=8, votes_for=6, votes_against=2)
    assert (vote.eligible, vote.passed) == (8, True)


def test_more_votes_than_present_is_refused(ready, hothau_secretary):
    with pytest.raises(Blocked):
        cell_vote(ready, hothau_secretary, present=9, votes_for=8, votes_against=2)
    with pytest.raises(Blocked):
        cell_vote(ready, hothau_secretary, present=11, votes_for=9, votes_against=0)
    assert not Vote.objects.exists()


def test_every_unmet_rule_is_listed_with_its_source(candidate, hothau_secretary):
    with pytest.raises(Blocked) as blocked:
        cell_vote(candidate, hothau_secretary)
    messages = [str(p) for p in blocked.value.problems]
    assert len(messages) >= 6
    assert any("CN-NTVĐ" in m for m in messages)
    assert any("1-KNĐ" in m for m in messages)
    assert any("Điều lệ" in m or "QĐ" in m or "HD" in m for m in messages)


@pytest.mark.parametrize(
    ("birth", "allowed"),
    [(D(2008, 2, 10), True), (D(2008, 2, 11), False)],
)
def test_age_at_the_vote_in_whole_months(
    org_tree, cell, awareness_class, hothau_secretary, birth, allowed
):
    candidate = introduce(
        org_tree.hothau_village, hothau_secretary, birth_date=birth, cccd="002308001234"
    )
    ready = prepare_for_vote(candidate, cell, awareness_class, hothau_secretary)
    if allowed:
        assert cell_vote(ready, hothau_secretary).passed
    else:
        with pytest.raises(Blocked, match="18"):
            cell_vote(ready, hothau_secretary)


@pytest.mark.parametrize(
    ("vote_day", "allowed"),
    [(D(2030, 3, 20), True), (D(2030, 3, 21), False)],
)
def test_certificate_valid_sixty_months(
    ready, hothau_secretary, today_is, vote_day, allowed
):
    today_is(D(2030, 4, 1))
    rules_ok = services.vote_rule_problems(ready, vote_day)
    certificate = [p for p in rules_ok if "CN-NTVĐ" in str(p) or "60" in str(p)]
    assert (not certificate) == allowed


@pytest.mark.parametrize(
    ("since", "allowed"),
    [(D(2025, 1, 5), True), (D(2025, 1, 6), False)],
)
def test_introducer_together_twelve_months(
    candidate, cell, hothau_secretary, since, allowed
):
    call = lambda: services.add_introducer(  # noqa: E731
        candidate,
        member=cell.officials[1],
        together_since=since,
        letter_on=D(2026, 1, 5),
        by=hothau_secretary,
    )
    if allowed:
        call()
    else:
        with pytest.raises(Blocked, match="12"):
            call()


def test_probationary_or_outside_introducers_are_refused(
    candidate, cell, org_tree, hothau_secretary
):
    from tests.factories import MemberFactory

    outsider = MemberFactory(organization=org_tree.namdich_village)
    for member in (cell.probationary, outsider):
        with pytest.raises(Blocked):
            services.add_introducer(
                candidate,
                member=member,
                together_since=D(2020, 1, 1),
                letter_on=D(2026, 1, 5),
                by=hothau_secretary,
            )
    assert not candidate.introducers.exists()


def test_stale_letters_must_be_redone(ready, hothau_secretary):
    # Letters of 5/1/2026 are more than 12 months old on 6/1/2027.
    problems = services.vote_rule_problems(ready, D(2027, 1, 6))
    assert any("05/01/2026" in str(p) for p in problems)
    assert not any(
        "05/01/2026" in str(p)
        for p in services.vote_rule_problems(ready, D(2027, 1, 5))
    )


def test_village_cell_goes_through_the_grassroots_committee(
    ready, hothau_secretary, org_staff
):
    cell_vote(ready, hothau_secretary)
    upload(ready, "6-KNĐ", hothau_secretary)
    with pytest.raises(Blocked, match=r"8-KNĐ|ủy cơ sở|grassroots"):
        services.submit(ready, by=hothau_secretary)
    services.record_grassroots_vote(
        ready,
        held_on=D(2026, 2, 20),
        resolution_number="12-NQ/ĐU",
        committee_members=9,
        present=8,
        votes_for=6,
        votes_against=2,
        by=hothau_secretary,
    )
    upload(ready, "8-KNĐ", hothau_secretary)
    ready.refresh_from_db()
    assert ready.stage == Stage.GRASSROOTS_APPROVED
    services.submit(ready, by=hothau_secretary)
    ready.refresh_from_db()
    assert ready.stage == Stage.SUBMITTED
    # A secretary cannot appraise; org_staff return it, the secretary resubmits.
    with pytest.raises(PermissionDenied):
        services.appraise(ready, by=hothau_secretary)
    services.return_for_correction(
        ready, comments="Bổ sung ảnh 2-KNĐ rõ hơn", by=org_staff
    )
    upload(ready, "2-KNĐ", hothau_secretary)
    ready.refresh_from_db()
    assert ready.stage == Stage.RETURNED
    assert ready.documents.filter(kind__code="2-KNĐ").count() == 2
    services.submit(ready, by=hothau_secretary)
    services.appraise(ready, by=org_staff, note="Đủ điều kiện")
    ready.refresh_from_db()
    assert ready.stage == Stage.APPRAISED
    actions = list(ready.log.values_list("action", flat=True))
    assert actions[-4:] == ["return", "document", "resubmit", "appraise"]


def test_grassroots_committee_two_thirds_of_its_members(ready, hothau_secretary):
    cell_vote(ready, hothau_secretary)
    vote = services.record_grassroots_vote(
        ready,
        held_on=D(2026, 2, 20),
        resolution_number="12-NQ/ĐU",
        committee_members=9,
        present=9,
        votes_for=5,
        votes_against=4,
        by=hothau_secretary,
    )
    assert vote.passed is False


def test_pause_withdraw_and_resume(candidate, hothau_secretary):
    services.pause(candidate, reason="work_away", by=hothau_secretary)
    candidate.refresh_from_db()
    assert (candidate.status, candidate.pause_reason) == ("paused", "work_away")
    with pytest.raises(Blocked):
        services.record_papers(
            candidate, {"applied_on": D(2025, 4, 1)}, by=hothau_secretary
        )
    services.resume(candidate, by=hothau_secretary)
    services.withdraw(candidate, reason="own_decision", by=hothau_secretary)
    candidate.refresh_from_db()
    assert candidate.status == Candidate.Status.WITHDRAWN
    assert StageLog.objects.filter(candidate=candidate).count() == 4


def test_a_current_members_cccd_is_refused(org_tree, cell, hothau_secretary):
    cell.officials[0].cccd = "002300009999"
    cell.officials[0].save()
    with pytest.raises(Blocked, match=r"đảng viên|member"):
        introduce(org_tree.hothau_village, hothau_secretary, cccd="002300009999")
    assert not Candidate.objects.exists()


def test_only_cells_keep_candidates_and_only_in_scope(
    org_tree, hothau_secretary, namdich_secretary
):
    with pytest.raises(Blocked):
        introduce(org_tree.hothau, hothau_secretary)
    with pytest.raises(PermissionDenied):
        introduce(org_tree.hothau_village, namdich_secretary)


def test_a_former_member_comes_back_only_through_readmission(
    org_tree, hothau_secretary
):
    from tests.factories import MemberFactory

    removed = MemberFactory(
        organization=org_tree.hothau_village,
        full_name="Lò Văn Páo",
        cccd="002098001234",
        birth_date=D(1998, 3, 12),
        status="removed",
        end_reason="removed",
        end_date=D(2024, 6, 1),
    )
    fields = {"full_name": "Lò Văn Páo", "sex": "male", "birth_date": D(1998, 3, 12)}
    # Removed in June 2024: 36 months have not passed.
    with pytest.raises(Blocked, match="36"):
        introduce(
            org_tree.hothau_village, hothau_secretary, cccd="002098001234", **fields
        )
    removed.end_date = D(2023, 6, 1)
    removed.save()
    candidate = introduce(
        org_tree.hothau_village, hothau_secretary, cccd="002098001234", **fields
    )
    assert candidate.readmission_of == removed
    left = MemberFactory(
        organization=org_tree.hothau_village,
        cccd="002099001234",
        birth_date=D(1999, 1, 1),
        status="left",
        end_reason="left",
        end_date=D(2020, 1, 1),
    )
    with pytest.raises(Blocked):
        introduce(
            org_tree.hothau_village,
            hothau_secretary,
            cccd=left.cccd,
            full_name="Hoàng Văn Tú",
            sex="male",
            birth_date=D(1999, 1, 1),
        )


def test_a_cell_under_a_sub_committee_needs_its_appraisal(
    school, cell, awareness_class, hothau_secretary
):
    candidate = introduce(school, hothau_secretary)
    ready = prepare_for_vote(candidate, cell, awareness_class, hothau_secretary)
    cell_vote(ready, hothau_secretary, present=3, votes_for=3, votes_against=0)
    upload(ready, "6-KNĐ", hothau_secretary)
    ready.refresh_from_db()
    assert ready.stage == Stage.CELL_APPROVED
    with pytest.raises(Blocked, match="7-KNĐ"):
        services.record_grassroots_vote(
            ready,
            held_on=D(2026, 2, 20),
            resolution_number="1",
            committee_members=9,
            present=9,
            votes_for=9,
            votes_against=0,
            by=hothau_secretary,
        )
    services.record_subcommittee_appraisal(
        ready, on=D(2026, 2, 15), by=hothau_secretary
    )
    upload(ready, "7-KNĐ", hothau_secretary)
    ready.refresh_from_db()
    assert ready.stage == Stage.SUBCOMMITTEE_APPRAISED


def test_a_cell_with_no_official_member_cannot_vote(
    org_tree, cell, awareness_class, hothau_secretary
):
    from tests.factories import OrganizationFactory

    empty = OrganizationFactory(
        code="T-HT-9",
        name="Chi bộ thôn Mới",
        kind="subordinate_cell",
        parent=org_tree.hothau,
    )
    candidate = introduce(empty, hothau_secretary)
    ready = prepare_for_vote(candidate, cell, awareness_class, hothau_secretary)
    with pytest.raises(
        Blocked, match=r"không có đảng viên chính thức|no official member"
    ):
        cell_vote(ready, hothau_secretary, present=0, votes_for=0, votes_against=0)
