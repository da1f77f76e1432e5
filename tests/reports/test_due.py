import datetime

import pytest
from django.urls import reverse

from candidates import services
from candidates.models import Candidate, ClassEnrolment, Stage, StageLog, Vote
from members.models import Member
from members.services.temporary import start_temporary_transfer
from organizations.models import RuleVersion
from reports.due import due_items
from tests.candidates.conftest import introduce
from tests.factories import MemberFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

D = datetime.date
TODAY = D(2026, 11, 28)


@pytest.fixture
def due_things(org_tree, hothau_secretary, awareness_class):
    # Verification sent on 1/10/2026: 30 working days run out before today.
    waiting = introduce(org_tree.hothau_village, hothau_secretary)
    services.add_verification(
        waiting,
        relation="self",
        person_name="Nguyễn Thị Ánh Tuyết",
        sent_on=D(2026, 10, 1),
        by=hothau_secretary,
    )
    # A cell vote of 10/9/2026: the committee's 60 working days end in December.
    voted = introduce(
        org_tree.hothau_village,
        hothau_secretary,
        full_name="Pờ Ly Ngài",
        cccd="002300005678",
    )
    Vote.objects.create(
        candidate=voted,
        body="cell",
        held_on=D(2026, 9, 10),
        resolution_number="1",
        eligible=9,
        present=9,
        votes_for=9,
        votes_against=0,
        passed=True,
        recorded_by=hothau_secretary,
    )
    voted.stage = "cell_approved"
    voted.save()
    # A certificate of 5/12/2021 expires on 5/12/2026.
    expiring = introduce(
        org_tree.hothau_village,
        hothau_secretary,
        full_name="Ngàm Đăng Vài",
        cccd="002099001234",
        sex="male",
        birth_date=D(1999, 1, 1),
    )
    ClassEnrolment.objects.create(
        training_class=awareness_class,
        candidate=expiring,
        result="passed",
        certificate_number="9",
        certificate_on=D(2021, 12, 5),
    )
    # Probation ended on 20/10/2026: the cell's proposal is due by 1/12/2026.
    MemberFactory(
        organization=org_tree.hothau_village,
        full_name="Lù Seo Chứ",
        status=Member.Status.PROBATIONARY,
        admission_decision_date=D(2025, 10, 1),
        ceremony_date=D(2025, 10, 20),
        official_date=None,
    )


def test_every_deadline_within_ten_working_days_or_overdue(
    due_things, hothau_secretary
):
    items = {(item.who, item.what): item for item in due_items(hothau_secretary, TODAY)}
    whats = {(who, item.overdue) for (who, _what), item in items.items()}
    assert ("Nguyễn Thị Ánh Tuyết", True) in whats
    assert ("Pờ Ly Ngài", False) in whats
    assert ("Ngàm Đăng Vài", False) in whats
    assert ("Lù Seo Chứ", False) in whats
    dues = [item.due for item in items.values()]
    assert dues == sorted(dues)


def test_dashboard_shows_them_in_scope_only(
    due_things,
    hothau_secretary,
    namdich_secretary,
    client_as,
    django_assert_max_num_queries,
):
    client = client_as(hothau_secretary)
    with django_assert_max_num_queries(45):
        page = client.get(reverse("reports:dashboard")).content.decode()
    assert "Pờ Ly Ngài" in page
    assert 'id="due-list"' in page
    other = (
        client_as(namdich_secretary).get(reverse("reports:dashboard")).content.decode()
    )
    assert "Pờ Ly Ngài" not in other


def test_an_expired_certificate_stays_due_until_a_new_class_is_passed(
    org_tree, hothau_secretary, awareness_class
):
    def candidate(name, cccd, *certificates):
        person = introduce(
            org_tree.hothau_village, hothau_secretary, full_name=name, cccd=cccd
        )
        for day in certificates:
            ClassEnrolment.objects.create(
                training_class=awareness_class,
                candidate=person,
                result="passed",
                certificate_number="9",
                certificate_on=day,
            )
        return person

    # Expired on 12/08/2026, months before today: still overdue.
    candidate("Hết hạn", "002300000001", D(2021, 8, 12))
    # The old certificate expired, a new class passed since: nothing due.
    candidate("Học lại", "002300000002", D(2021, 8, 12), D(2025, 3, 20))
    items = {i.who: i for i in due_items(hothau_secretary, TODAY)}
    assert items["Hết hạn"].due == D(2026, 8, 12)
    assert items["Hết hạn"].overdue
    assert "Học lại" not in items


@pytest.mark.parametrize(
    ("new_rule_from", "due"),
    # The cell voted on 10/9/2026: the deadline is the rule of that day's.
    [(D(2026, 9, 10), True), (D(2026, 9, 11), False)],
)
def test_a_deadline_follows_the_rule_in_force_on_its_own_day(
    due_things, hothau_secretary, new_rule_from, due
):
    RuleVersion.objects.create(
        key="candidate.decision_deadline_working_days",
        value=20,
        unit=RuleVersion.Unit.WORKING_DAYS,
        effective_from=new_rule_from,
        source="Quy định mới (giả định cho kiểm thử)",
    )
    items = {i.who: i for i in due_items(hothau_secretary, TODAY)}
    # Twenty working days from 10/9/2026 ended in October: overdue today.
    assert ("Pờ Ly Ngài" in items and items["Pờ Ly Ngài"].overdue) == due


def test_the_home_side_is_told_when_a_temporary_transfer_ends(
    org_tree, hothau_secretary, namdich_secretary
):
    def away(name, until):
        return start_temporary_transfer(
            MemberFactory(organization=org_tree.hothau_village, full_name=name),
            purpose="work",
            start=D(2026, 6, 1),
            until=until,
            introduction_number="7/GT",
            to=org_tree.namdich_village,
            by=hothau_secretary,
        )

    away("Hết hạn tạm thời", D(2026, 11, 1))
    away("Còn lâu", D(2027, 3, 1))
    items = {i.who: i for i in due_items(hothau_secretary, TODAY)}
    assert items["Hết hạn tạm thời"].overdue
    assert items["Hết hạn tạm thời"].due == D(2026, 11, 1)
    assert "Còn lâu" not in items
    # The host does not answer for it.
    assert "Hết hạn tạm thời" not in {
        i.who for i in due_items(namdich_secretary, TODAY)
    }


def test_a_dossier_in_the_cells_hands_with_no_step_is_listed_as_idle(
    org_tree, hothau_secretary, org_staff
):
    def dossier(name, cccd, stage, last_step):
        candidate = introduce(
            org_tree.hothau_village,
            hothau_secretary,
            full_name=name,
            cccd=cccd,
            introduced_on=last_step,
        )
        Candidate.objects.filter(pk=candidate.pk).update(stage=stage)
        StageLog.objects.filter(candidate=candidate).update(on=last_step)
        return candidate

    # Applied on 10/09/2026, nothing since: idle from 09/11/2026.
    idle = dossier("Lù Thị Mai", "002300000001", Stage.APPLIED, D(2026, 9, 10))
    dossier("Giàng Seo Páo", "002300000002", Stage.OPINIONS, D(2026, 11, 1))
    # Waiting for the next class is the plan, not a dossier held up.
    dossier("Sùng Thị Dế", "002300000003", Stage.LISTED, D(2026, 3, 1))
    idle_items = [
        item
        for item in due_items(org_staff, TODAY)
        if item.what.startswith("Chưa có bước nào được ghi")
    ]
    assert [(i.who, i.due, i.overdue) for i in idle_items] == [
        ("Lù Thị Mai", D(2026, 11, 9), True)
    ]
    assert "10/09/2026" in idle_items[0].what
    assert idle_items[0].url == idle.get_absolute_url()


def test_idle_dossiers_take_no_more_than_a_quarter_of_the_list(
    org_tree, hothau_secretary, org_staff
):
    for n in range(6):
        candidate = introduce(
            org_tree.hothau_village,
            hothau_secretary,
            full_name=f"Lù Thị Mai {'ABCDEF'[n]}",
            cccd=f"00230000010{n}",
            introduced_on=D(2026, 8, 1 + n),
        )
        Candidate.objects.filter(pk=candidate.pk).update(stage=Stage.APPLIED)
        StageLog.objects.filter(candidate=candidate).update(on=D(2026, 8, 1 + n))
    idle = [
        item.who
        for item in due_items(org_staff, TODAY, limit=8)
        if item.what.startswith("Chưa có bước nào được ghi")
    ]
    assert idle == ["Lù Thị Mai A", "Lù Thị Mai B"]
