import datetime
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from candidates.models import AdmissionTarget, Candidate, ClassEnrolment, Stage
from candidates.rules import Blocked
from candidates.services.targets import confirm_target, propose_target
from candidates.targets import target_rows
from members.services.reorganization import move_subtree
from tests.factories import MemberFactory, letters

from .conftest import introduce

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

D = datetime.date


def certify(candidate, awareness_class, on):
    ClassEnrolment.objects.create(
        training_class=awareness_class,
        candidate=candidate,
        result="passed",
        certificate_number="1",
        certificate_on=on,
    )


@pytest.fixture
def pool(org_tree, hothau_secretary, awareness_class):
    """Hồ Thầu: one admitted this year, one dossier past the cell vote, four
    candidates with a valid certificate, one paused (went away to work)."""
    MemberFactory(
        organization=org_tree.hothau_village,
        status="probationary",
        admission_decision_date=D(2026, 5, 4),
        official_date=None,
    )
    people = [
        introduce(
            org_tree.hothau_village,
            hothau_secretary,
            full_name=f"Quần chúng {letters(n)}",
            cccd=f"0023000012{n:02d}",
        )
        for n in range(6)
    ]
    Candidate.objects.filter(pk=people[0].pk).update(stage=Stage.CELL_APPROVED)
    for person in people[1:5]:
        certify(person, awareness_class, D(2025, 3, 20))
    Candidate.objects.filter(pk=people[5].pk).update(
        status="paused", pause_reason="work_away"
    )
    return people


def row_for(user, org):
    return next(r for r in target_rows(user, 2026) if r.organization == org)


def test_projection_flags_an_organization_short_of_candidates(
    org_tree, pool, hothau_secretary, org_staff
):
    target = propose_target(org_tree.hothau, year=2026, target=5, by=hothau_secretary)
    with pytest.raises(PermissionDenied):
        confirm_target(target, by=hothau_secretary)
    confirm_target(target, by=org_staff)
    row = row_for(org_staff, org_tree.hothau)
    assert (row.admitted, row.past_cell_vote, row.certified) == (1, 1, 4)
    assert row.rate == Fraction(1, 2)
    assert row.projected == 4.0
    assert row.short
    assert row.departures[0][1:] == (1, False)
    with pytest.raises(Blocked):
        propose_target(org_tree.hothau, year=2026, target=3, by=hothau_secretary)
    # Four is reached: not short.
    target.target = 4
    target.save()
    assert not row_for(org_staff, org_tree.hothau).short


def test_conversion_rate_from_the_last_three_years(
    org_tree, pool, org_staff, awareness_class
):
    """Of those holding a valid certificate on 1/1/2025, the share admitted by
    31/12/2025: admissions of people who were not holders do not count, so
    the rate stays a share."""
    for person in pool[1:3]:
        ClassEnrolment.objects.filter(candidate=person).update(
            certificate_on=D(2024, 6, 1)
        )
    Candidate.objects.filter(pk=pool[1].pk).update(decided_on=D(2025, 8, 1))
    MemberFactory.create_batch(
        3,
        organization=org_tree.hothau_village,
        admission_decision_date=D(2025, 8, 1),
        official_date=None,
        status="probationary",
    )
    row = row_for(org_staff, org_tree.hothau)
    assert (row.held, row.converted, row.rate) == (2, 1, Fraction(1, 2))
    # Three held on 1/1/2025: the rate becomes one third.
    ClassEnrolment.objects.filter(candidate=pool[3]).update(
        certificate_on=D(2024, 6, 1)
    )
    assert row_for(org_staff, org_tree.hothau).rate == Fraction(1, 3)
    # Decided in January 2026: not admitted by the end of 2025.
    Candidate.objects.filter(pk=pool[1].pk).update(decided_on=D(2026, 1, 5))
    assert row_for(org_staff, org_tree.hothau).rate == Fraction(0, 3)


def test_the_rate_is_never_above_one(org_tree, pool, org_staff):
    ClassEnrolment.objects.filter(candidate=pool[1]).update(
        certificate_on=D(2023, 6, 1)
    )
    Candidate.objects.filter(pk=pool[1].pk).update(decided_on=D(2024, 3, 1))
    MemberFactory.create_batch(
        5,
        organization=org_tree.hothau_village,
        admission_decision_date=D(2024, 8, 1),
        official_date=None,
        status="probationary",
    )
    row = row_for(org_staff, org_tree.hothau)
    assert row.rate == 1
    assert row_for(org_staff, org_tree.namdich).rate == Fraction(1, 2)
    assert not row_for(org_staff, org_tree.namdich).rate_known


def test_targets_page_scope(
    org_tree, pool, hothau_secretary, namdich_secretary, org_staff, viewer, client_as
):
    url = reverse("candidates:targets") + "?year=2026"
    page = client_as(namdich_secretary).get(url).content.decode()
    assert "Đảng bộ xã Nậm Dịch" in page
    assert "Đảng bộ xã Hồ Thầu" not in page
    secretary = client_as(hothau_secretary)
    propose = reverse("candidates:target_propose", args=[org_tree.hothau.pk])
    assert secretary.post(propose, {"year": 2026, "target": 6}).status_code == 302
    assert (
        client_as(namdich_secretary)
        .post(propose, {"year": 2026, "target": 1})
        .status_code
        == 404
    )
    assert (
        client_as(viewer).post(propose, {"year": 2026, "target": 1}).status_code == 403
    )
    page = client_as(org_staff).get(url).content.decode()
    assert "thiếu nguồn" in page or "short of candidates" in page


def test_a_target_is_looked_up_in_scope_with_the_permission_asked(
    org_tree, hothau_secretary, namdich_secretary, viewer, org_staff
):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from candidates.selectors import get_target_for
    from organizations.selectors import Permission

    target = AdmissionTarget.objects.create(
        organization=org_tree.hothau, year=2026, target=4, proposed_by=hothau_secretary
    )
    assert get_target_for(viewer, target.pk) == target
    with pytest.raises(Http404):
        get_target_for(namdich_secretary, target.pk)
    with pytest.raises(PermissionDenied):
        get_target_for(viewer, target.pk, permission=Permission.APPRAISE)
    assert get_target_for(org_staff, target.pk, permission=Permission.APPRAISE)


def test_an_admission_counts_where_it_was_decided_on_the_tree_of_that_day(
    org_tree, org_staff
):
    """The May admission in Tân Minh stays Hồ Thầu's after the cell moves to
    Nậm Dịch in September: the year's figures follow the tree of each day."""
    MemberFactory(
        organization=org_tree.hothau_village,
        status="probationary",
        admission_decision_date=D(2026, 5, 4),
        official_date=None,
    )
    move_subtree(
        org_tree.hothau_village,
        new_parent=org_tree.namdich,
        on=D(2026, 9, 1),
        by=org_staff,
    )
    assert row_for(org_staff, org_tree.hothau).admitted == 1
    assert row_for(org_staff, org_tree.namdich).admitted == 0


def test_the_targets_table_sorts_and_adds_up(
    org_tree, pool, hothau_secretary, namdich_secretary, org_staff, client_as
):
    propose_target(org_tree.hothau, year=2026, target=5, by=hothau_secretary)
    propose_target(org_tree.namdich, year=2026, target=1, by=namdich_secretary)
    client = client_as(org_staff)
    url = reverse("candidates:targets")
    page = client.get(url, {"year": 2026})
    rows = page.context["rows"]
    # Short of candidates first: Hồ Thầu misses its five by one.
    assert rows[0].organization == org_tree.hothau
    assert rows[0].short_by == 1
    summary = page.context["summary"]
    assert (summary.target, summary.admitted, summary.short) == (6, 1, 2)
    assert summary.short_by == 2
    text = page.content.decode()
    assert "Tổng cộng" in text
    assert "không bao giờ vượt quá 100%" in text
    by_name = client.get(url, {"year": 2026, "sort": "name"}).context["rows"]
    assert [r.organization.name for r in by_name] == sorted(
        r.organization.name for r in rows
    )
    by_target = client.get(url, {"year": 2026, "sort": "target"}).context["rows"]
    assert by_target[0].organization == org_tree.hothau
    odd = client.get(url, {"year": 2026, "sort": "<script>"})
    assert odd.status_code == 200
    assert odd.context["order"] == "short"
