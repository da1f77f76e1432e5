import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from candidates.models import Candidate, ClassEnrolment, Stage, TrainingClass
from candidates.rules import Blocked
from candidates.services.classes import enrol, open_class, record_results
from tests.factories import letters

from .conftest import introduce

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

D = datetime.date


@pytest.fixture
def course(org_tree, org_staff):
    return open_class(
        org_tree.district,
        kind="awareness",
        name="Lớp bồi dưỡng nhận thức về Đảng khóa 2/2026",
        starts_on=D(2026, 9, 7),
        ends_on=D(2026, 9, 18),
        by=org_staff,
    )


@pytest.fixture
def learners(org_tree, hothau_secretary):
    return [
        introduce(
            org_tree.hothau_village,
            hothau_secretary,
            full_name=f"Học viên {letters(n)}",
            cccd=f"00230000{n:04d}",
        )
        for n in range(3)
    ]


def test_only_the_committee_opens_classes(org_tree, hothau_secretary, org_staff):
    with pytest.raises(PermissionDenied):
        open_class(
            org_tree.district,
            kind="awareness",
            name="X",
            starts_on=D(2026, 9, 7),
            ends_on=D(2026, 9, 18),
            by=hothau_secretary,
        )
    with pytest.raises(Blocked):
        open_class(
            org_tree.hothau,
            kind="awareness",
            name="X",
            starts_on=D(2026, 9, 7),
            ends_on=D(2026, 9, 18),
            by=org_staff,
        )


def test_results_become_certificates_all_or_nothing(course, learners, org_staff):
    assert enrol(course, learners, by=org_staff) == 3
    assert enrol(course, learners, by=org_staff) == 0
    rows = {e.candidate_id: e.pk for e in course.enrolments.all()}
    passed, failed, missing = (rows[c.pk] for c in learners)
    with pytest.raises(Blocked):
        record_results(
            course,
            {
                passed: ("passed", "12/CN", D(2026, 9, 20)),
                missing: ("passed", "", None),
            },
            by=org_staff,
        )
    assert not ClassEnrolment.objects.filter(result="passed").exists()
    record_results(
        course,
        {
            passed: ("passed", "12/CN", D(2026, 9, 20)),
            failed: ("failed", "", None),
        },
        by=org_staff,
    )
    assert ClassEnrolment.objects.get(pk=passed).certificate_on == D(2026, 9, 20)
    assert ClassEnrolment.objects.get(pk=failed).result == "failed"
    certified = Candidate.objects.get(pk=learners[0].pk)
    assert certified.log.filter(action="certificate").exists()
    assert certified.stage == Stage.INTRODUCED  # no mentor yet: the gate before


def test_class_pages(
    course, learners, org_staff, hothau_secretary, namdich_secretary, client_as
):
    staff = client_as(org_staff)
    url = reverse("candidates:class", args=[course.pk])
    response = staff.post(
        url, {"enrol": "1", "candidates": [c.pk for c in learners[:2]]}
    )
    assert response.status_code == 302
    assert course.enrolments.count() == 2
    enrolment = course.enrolments.get(candidate=learners[0])
    other = course.enrolments.get(candidate=learners[1])
    data = {
        "results": "1",
        f"result_{enrolment.pk}": "passed",
        f"number_{enrolment.pk}": "7/CN",
        f"date_{enrolment.pk}": "21/09/2026",
        f"result_{other.pk}": "enrolled",
        f"number_{other.pk}": "",
        f"date_{other.pk}": "",
    }
    assert staff.post(url, data).status_code == 302
    enrolment.refresh_from_db()
    assert (enrolment.result, enrolment.certificate_number) == ("passed", "7/CN")
    secretary = client_as(hothau_secretary)
    assert secretary.get(url).status_code == 200
    assert secretary.post(url, data).status_code == 403
    assert secretary.get(reverse("candidates:class_create")).status_code == 403
    assert (
        client_as(namdich_secretary).get(reverse("candidates:classes")).status_code
        == 200
    )


def test_a_secretary_sees_only_her_learners_of_a_district_class(
    course,
    learners,
    org_tree,
    org_staff,
    hothau_secretary,
    namdich_secretary,
    client_as,
):
    other = introduce(
        org_tree.namdich_village,
        namdich_secretary,
        full_name="Học viên Nậm Dịch",
        cccd="002300009999",
    )
    enrol(course, [*learners, other], by=org_staff)
    page = client_as(hothau_secretary).get(
        reverse("candidates:class", args=[course.pk])
    )
    assert page.status_code == 200
    assert "Học viên AA" in page.content.decode()
    assert "Học viên Nậm Dịch" not in page.content.decode()
    assert f"/candidates/{other.pk}/" not in page.content.decode()
    listing = client_as(hothau_secretary).get(reverse("candidates:classes"))
    assert [c.learners for c in listing.context["page"].object_list] == [3]
    listing = client_as(org_staff).get(reverse("candidates:classes"))
    assert [c.learners for c in listing.context["page"].object_list] == [4]


def test_the_class_list_counts_and_pages_instead_of_stopping(
    org_tree, org_staff, client_as
):
    for n in range(31):
        TrainingClass.objects.create(
            kind=TrainingClass.Kind.AWARENESS,
            name=f"Lớp {n:02d}",
            organizer=org_tree.district,
            starts_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=n),
            ends_on=datetime.date(2020, 2, 1) + datetime.timedelta(days=n),
        )
    client = client_as(org_staff)
    first = client.get(reverse("candidates:classes"))
    assert "31 lớp" in first.text
    assert len(first.context["page"].object_list) == 30
    # The newest first; the oldest on the next page.
    assert first.context["page"].object_list[0].name == "Lớp 30"
    second = client.get(reverse("candidates:classes"), {"page": 2})
    assert [c.name for c in second.context["page"].object_list] == ["Lớp 00"]
