"""Members suspended from activities, prosecuted or detained (DOMAIN.md §1.8):
a dated period recorded by the cell, never among the voters of a cell vote
(present or not, unlike the exempt), not rated for the year."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from candidates.electorate import electorate
from members.models import Exemption, MemberEvent, Suspension
from members.services import periods
from members.services.ratings import not_rated_reasons
from tests.factories import MemberFactory, letters

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.smoke,
    pytest.mark.usefixtures("frozen_today"),
]

D = datetime.date


@pytest.fixture
def officials(org_tree):
    return [
        MemberFactory(
            organization=org_tree.hothau_village,
            full_name=f"Đảng viên {letters(n)}",
            admission_decision_date=D(2010, 3, 1),
        )
        for n in range(6)
    ]


def test_the_suspended_are_never_voters_and_counted_once(
    officials, org_tree, hothau_secretary
):
    cell = org_tree.hothau_village
    periods.start_suspension(
        officials[0],
        kind=Suspension.Kind.PROSECUTED,
        start=D(2026, 3, 1),
        reason="Thông báo khởi tố số 12",
        by=hothau_secretary,
    )
    # Exempt and suspended at once: one fewer voter, not two.
    Exemption.objects.create(member=officials[0], start=D(2025, 1, 1), reason="Ốm")
    Exemption.objects.create(member=officials[1], start=D(2025, 1, 1), reason="Ốm")
    before = electorate(cell, D(2026, 2, 28))
    assert (before.suspended, before.exempt, before.eligible(0)) == (0, 2, 4)
    during = electorate(cell, D(2026, 3, 1))
    assert (during.suspended, during.exempt, during.able) == (1, 1, 5)
    # The exempt member present counts; the suspended one cannot.
    assert during.eligible(1) == 5
    periods.end_suspension(officials[0], on=D(2026, 6, 1), by=hothau_secretary)
    after = electorate(cell, D(2026, 6, 1))
    assert (after.suspended, after.able) == (0, 6)
    kinds = list(officials[0].events.values_list("kind", flat=True))
    assert kinds == [MemberEvent.Kind.SUSPENDED, MemberEvent.Kind.SUSPENSION_ENDED]


def test_suspension_rules(officials, hothau_secretary, namdich_secretary):
    member = officials[0]
    with pytest.raises(PermissionDenied):
        periods.start_suspension(
            member,
            kind="suspended",
            start=D(2026, 3, 1),
            reason="x",
            by=namdich_secretary,
        )
    with pytest.raises(ValidationError):
        periods.start_suspension(
            member, kind="jailed", start=D(2026, 3, 1), reason="x", by=hothau_secretary
        )
    periods.start_suspension(
        member,
        kind="suspended",
        start=D(2025, 11, 1),
        reason="QĐ 5",
        by=hothau_secretary,
    )
    with pytest.raises(ValidationError, match="đang bị"):
        periods.start_suspension(
            member,
            kind="detained",
            start=D(2026, 3, 1),
            reason="x",
            by=hothau_secretary,
        )
    with pytest.raises(ValidationError):
        periods.end_suspension(member, on=D(2025, 11, 1), by=hothau_secretary)
    assert Suspension.objects.get().end is None
    # Suspended at the end of 2025: not rated for it.
    assert not_rated_reasons(member, 2025)
    assert not not_rated_reasons(officials[1], 2025)


def test_suspension_through_the_member_page(
    client_as, officials, hothau_secretary, viewer
):
    member = officials[0]
    url = reverse("members:action", args=[member.pk, "suspend"])
    data = {"kind": "detained", "start": "01/03/2026", "reason": "Lệnh tạm giam số 3"}
    assert client_as(viewer).post(url, data).status_code == 403
    assert client_as(hothau_secretary).post(url, data).status_code == 302
    assert member.suspensions.get().kind == "detained"
    page = client_as(hothau_secretary).get(member.get_absolute_url()).content.decode()
    assert "Bị tạm giam từ ngày 01/03/2026 (Lệnh tạm giam số 3)" in page
    assert reverse("members:action", args=[member.pk, "end-suspension"]) in page
    assert reverse("members:action", args=[member.pk, "suspend"]) not in page


@pytest.mark.parametrize(
    ("sex", "born", "taken"),
    [
        # On 01/03/2026: 60 full years for a man, 55 for a woman (rule rows).
        ("male", D(1966, 3, 1), True),
        ("male", D(1966, 3, 2), False),
        ("female", D(1971, 3, 1), True),
        ("female", D(1971, 3, 2), False),
    ],
)
def test_exemption_for_old_age_follows_the_age_rule(
    org_tree, hothau_secretary, sex, born, taken
):
    member = MemberFactory(
        organization=org_tree.hothau_village, sex=sex, birth_date=born
    )
    exempt = lambda: periods.start_exemption(  # noqa: E731
        member,
        start=D(2026, 3, 1),
        reason="Tuổi cao",
        ground=Exemption.Ground.ELDERLY,
        by=hothau_secretary,
    )
    if taken:
        assert exempt().ground == "elderly"
    else:
        with pytest.raises(ValidationError, match="27-HD/BTCTW"):
            exempt()
        # Another ground of the list is the cell's to choose.
        periods.start_exemption(
            member,
            start=D(2026, 3, 1),
            reason="Điều trị dài ngày",
            ground=Exemption.Ground.ILL,
            medical_record=True,
            by=hothau_secretary,
        )


@pytest.mark.parametrize(
    ("until", "record", "taken"),
    [
        # Three months of treatment from 01/03/2026 reach 01/06/2026.
        (D(2026, 6, 1), False, True),
        (D(2026, 5, 31), False, False),
        (None, False, False),
        (None, True, True),
    ],
)
def test_exemption_for_weakness_follows_the_treatment_rule(
    officials, hothau_secretary, until, record, taken
):
    exempt = lambda: periods.start_exemption(  # noqa: E731
        officials[0],
        start=D(2026, 3, 1),
        reason="Điều trị dài ngày",
        ground=Exemption.Ground.ILL,
        treatment_until=until,
        medical_record=record,
        by=hothau_secretary,
    )
    if taken:
        assert exempt().treatment_until == until
    else:
        with pytest.raises(ValidationError, match="3 tháng"):
            exempt()
