"""Every step recorded wrongly is put right the same way: by whoever recorded
it or by the organization committee's staff, with a reason, while the
dossier is with the cell; the rules are judged again, and what stood before
stays in the dossier's history and the audit log. Recording the step a
second time is refused, so nothing is changed without a reason."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from candidates import services
from candidates.models import ClassEnrolment, Stage, StageLog, TrainingClass
from candidates.next_step import dossier_actions
from candidates.rules import Blocked
from candidates.services.classes import record_results
from organizations.models import AuditEntry, Role
from tests.factories import (
    RoleAssignmentFactory,
    UserFactory,
)

from .conftest import introduce, prepare_for_vote, upload, vote_through

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.smoke,
    pytest.mark.usefixtures("frozen_today"),
]

D = datetime.date
REASON = "Ghi nhầm so với bản gốc"


@pytest.fixture
def ready(org_tree, cell, awareness_class, hothau_secretary):
    candidate = introduce(org_tree.hothau_village, hothau_secretary)
    return prepare_for_vote(candidate, cell, awareness_class, hothau_secretary)


@pytest.fixture
def deputy(org_tree):
    """Another editor of the commune, who did not record the steps."""
    user = UserFactory(username="phobithu")
    RoleAssignmentFactory(user=user, organization=org_tree.hothau, role=Role.SECRETARY)
    return user


def kept(candidate, action):
    log = StageLog.objects.get(candidate=candidate, action=action)
    audit = AuditEntry.objects.get(action=f"candidates.{action}")
    assert audit.data["reason"] == REASON
    assert REASON in log.note
    return log


def test_the_certificate_is_corrected_with_a_reason(
    ready, hothau_secretary, awareness_class
):
    enrolment = services.correct_certificate(
        ready,
        training_class=awareness_class,
        certificate_number="126/CN",
        certificate_on=D(2025, 3, 21),
        reason=REASON,
        by=hothau_secretary,
    )
    assert (enrolment.certificate_number, enrolment.certificate_on) == (
        "126/CN",
        D(2025, 3, 21),
    )
    log = kept(ready, "correct_certificate")
    assert "125/CN" in log.note
    assert "126/CN" in log.note
    assert "20/03/2025" in log.note
    assert "21/03/2025" in log.note


def test_a_certificate_correction_breaking_a_rule_changes_nothing(
    ready, hothau_secretary, awareness_class
):
    with pytest.raises(Blocked) as refused:
        services.correct_certificate(
            ready,
            training_class=awareness_class,
            certificate_number="126/CN",
            certificate_on=D(2024, 1, 1),
            reason="",
            by=hothau_secretary,
        )
    messages = " ".join(refused.value.messages)
    assert "lý do" in messages
    assert "sau khi lớp kết thúc" in messages
    enrolment = ClassEnrolment.objects.get(candidate=ready)
    assert enrolment.certificate_number == "125/CN"
    assert not StageLog.objects.filter(action="correct_certificate").exists()


def test_recording_a_certificate_again_is_refused(
    ready, hothau_secretary, awareness_class, org_staff
):
    with pytest.raises(Blocked, match="sửa kèm lý do"):
        services.record_certificate(
            ready,
            training_class=awareness_class,
            certificate_number="999/CN",
            certificate_on=D(2025, 3, 20),
            by=hothau_secretary,
        )
    enrolment = ClassEnrolment.objects.get(candidate=ready)
    # Nor from the class's page, where the staff record every learner.
    with pytest.raises(Blocked, match="sửa từ hồ sơ"):
        record_results(
            awareness_class,
            {enrolment.pk: ("passed", "999/CN", D(2025, 3, 20))},
            by=org_staff,
        )
    enrolment.refresh_from_db()
    assert enrolment.certificate_number == "125/CN"


def test_moved_to_the_right_class(ready, hothau_secretary, org_tree):
    right = TrainingClass.objects.create(
        kind=TrainingClass.Kind.AWARENESS,
        name="Lớp nhận thức khóa 2/2025",
        organizer=org_tree.district,
        starts_on=D(2025, 3, 1),
        ends_on=D(2025, 3, 10),
    )
    services.correct_certificate(
        ready,
        training_class=right,
        certificate_number="125/CN",
        certificate_on=D(2025, 3, 20),
        reason=REASON,
        by=hothau_secretary,
    )
    assert ClassEnrolment.objects.get(candidate=ready).training_class == right


def test_only_the_recorder_or_the_committee_staff(ready, deputy, org_staff):
    def correct(by):
        return services.correct_answer(
            ready.verifications.get(relation="self"),
            answered_on=D(2025, 5, 21),
            conclusion="Đạt",
            reason=REASON,
            by=by,
        )

    with pytest.raises(Blocked, match="người đã ghi bước này"):
        correct(deputy)
    assert correct(org_staff).answered_on == D(2025, 5, 21)
    # After the staff's correction, the staff are who recorded it last.
    with pytest.raises(Blocked, match="người đã ghi bước này"):
        correct(deputy)


def test_the_verification_answer_is_corrected(ready, hothau_secretary):
    verification = ready.verifications.get(relation="self")
    with pytest.raises(Blocked, match="sửa kèm lý do"):
        services.answer_verification(
            verification, answered_on=D(2025, 6, 1), conclusion="", by=hothau_secretary
        )
    with pytest.raises(Blocked, match="trước ngày 10/04/2025"):
        services.correct_answer(
            verification,
            answered_on=D(2025, 4, 1),
            conclusion="Đạt",
            reason=REASON,
            by=hothau_secretary,
        )
    services.correct_answer(
        verification,
        answered_on=D(2025, 5, 2),
        conclusion="Đạt, không có vấn đề",
        reason=REASON,
        by=hothau_secretary,
    )
    verification.refresh_from_db()
    assert verification.answered_on == D(2025, 5, 2)
    log = kept(ready, "correct_verification_answered")
    assert "20/05/2025" in log.note
    assert "02/05/2025" in log.note


def test_a_papers_date_changes_only_with_a_reason(ready, hothau_secretary):
    with pytest.raises(Blocked, match="lý do"):
        services.record_papers(
            ready, {"applied_on": D(2025, 4, 2)}, by=hothau_secretary
        )
    ready.refresh_from_db()
    assert ready.applied_on == D(2025, 4, 1)
    # The same date again is no change, and needs no reason.
    services.record_papers(ready, {"applied_on": D(2025, 4, 1)}, by=hothau_secretary)
    services.record_papers(
        ready, {"applied_on": D(2025, 4, 2)}, reason=REASON, by=hothau_secretary
    )
    ready.refresh_from_db()
    assert ready.applied_on == D(2025, 4, 2)
    log = kept(ready, "correct_record_dates")
    assert "01/04/2025" in log.note
    assert "02/04/2025" in log.note


def test_the_grassroots_resolution_corrected_is_judged_again(
    ready, hothau_secretary, org_staff
):
    vote_through(ready, hothau_secretary)
    upload(ready, "8-KNĐ", hothau_secretary)
    ready.refresh_from_db()
    assert ready.stage == Stage.GRASSROOTS_APPROVED
    # Five were for, not six: two thirds of nine is not reached.
    vote = services.correct_grassroots_vote(
        ready,
        held_on=D(2026, 2, 20),
        resolution_number="12-NQ/ĐU",
        committee_members=9,
        present=8,
        votes_for=5,
        votes_against=3,
        reason=REASON,
        by=org_staff,
    )
    ready.refresh_from_db()
    assert not vote.passed
    assert ready.stage == Stage.CELL_APPROVED
    log = kept(ready, "correct_grassroots_vote")
    assert log.by == org_staff


def test_not_once_the_dossier_has_left_the_cell(ready, hothau_secretary):
    ready.stage = Stage.SUBMITTED
    ready.save()
    with pytest.raises((PermissionDenied, Blocked)):
        services.correct_answer(
            ready.verifications.get(relation="self"),
            answered_on=D(2025, 5, 21),
            conclusion="Đạt",
            reason=REASON,
            by=hothau_secretary,
        )


def test_done_steps_offer_their_correction_only(ready, hothau_secretary):
    actions = dossier_actions(hothau_secretary, ready)
    urls = {link.url for link in actions.corrections}

    def step(slug):
        return reverse("candidates:step", args=[ready.pk, slug])

    assert step("correct-certificate") in urls
    assert step("correct-answer") in urls
    assert step("papers") in urls
    assert step("certificate") not in urls
    assert step("answer") not in urls


def test_the_correction_page_starts_from_the_record_and_takes_a_typed_date(
    ready, hothau_secretary, awareness_class, viewer, client_as
):
    url = reverse("candidates:step", args=[ready.pk, "correct-certificate"])
    assert client_as(viewer).get(url).status_code in (403, 404)
    page = client_as(hothau_secretary).get(url)
    form = page.context["form"]
    assert form["certificate_number"].value() == "125/CN"
    assert form["training_class"].value() == awareness_class.pk
    refused = client_as(hothau_secretary).post(
        url,
        {
            "training_class": awareness_class.pk,
            "certificate_number": "126/CN",
            "certificate_on": "21/3/2025",
            "reason": "",
        },
    )
    assert refused.status_code == 200
    done = client_as(hothau_secretary).post(
        url,
        {
            "training_class": awareness_class.pk,
            "certificate_number": "126/CN",
            "certificate_on": "21/3/2025",
            "reason": REASON,
        },
        follow=True,
    )
    assert done.redirect_chain[-1][0] == ready.get_absolute_url()
    enrolment = ClassEnrolment.objects.get(candidate=ready)
    assert enrolment.certificate_on == D(2025, 3, 21)
    # Read back in words after saving, and on the record itself.
    assert "Ngày cấp giấy chứng nhận: thứ Sáu, 21 tháng 3 năm 2025." in done.text
    assert '<time datetime="2025-03-21">21/03/2025</time>' in done.text


def test_the_verification_request_is_corrected_not_after_its_answer(
    ready, hothau_secretary
):
    verification = ready.verifications.get(relation="self")
    with pytest.raises(Blocked, match="20/05/2025"):
        services.correct_request(
            verification,
            sent_to="Đảng ủy xã Nậm Dịch",
            sent_on=D(2025, 6, 1),
            reason=REASON,
            by=hothau_secretary,
        )
    services.correct_request(
        verification,
        sent_to="Đảng ủy xã Nậm Dịch",
        sent_on=D(2025, 4, 12),
        reason=REASON,
        by=hothau_secretary,
    )
    verification.refresh_from_db()
    assert (verification.sent_to, verification.sent_on) == (
        "Đảng ủy xã Nậm Dịch",
        D(2025, 4, 12),
    )
    log = kept(ready, "correct_verification_sent")
    assert "Đảng ủy xã Hồ Thầu, 10/04/2025" in log.note


def test_the_provincial_consent_is_corrected(ready, hothau_secretary, deputy):
    with pytest.raises(Blocked, match="Chưa ghi"):
        services.correct_consent(
            ready, consent_on=D(2025, 6, 1), reason=REASON, by=hothau_secretary
        )
    services.record_provincial_consent(
        ready, consent_on=D(2025, 6, 1), by=hothau_secretary
    )
    with pytest.raises(Blocked, match="người đã ghi bước này"):
        services.correct_consent(
            ready, consent_on=D(2025, 6, 2), reason=REASON, by=deputy
        )
    services.correct_consent(
        ready, consent_on=D(2025, 6, 2), reason=REASON, by=hothau_secretary
    )
    ready.refresh_from_db()
    assert ready.provincial_consent_on == D(2025, 6, 2)
    assert "01/06/2025" in kept(ready, "correct_consent").note


def test_the_sub_committee_appraisal_is_corrected(
    school, cell, awareness_class, hothau_secretary
):
    candidate = introduce(school, hothau_secretary)
    ready = prepare_for_vote(candidate, cell, awareness_class, hothau_secretary)
    services.record_cell_vote(
        ready,
        held_on=D(2026, 2, 10),
        resolution_number="05-NQ/CB",
        present=3,
        votes_for=3,
        votes_against=0,
        by=hothau_secretary,
    )
    services.record_subcommittee_appraisal(
        ready, on=D(2026, 2, 15), by=hothau_secretary
    )
    with pytest.raises(Blocked, match="10/02/2026"):
        services.correct_subcommittee_appraisal(
            ready, on=D(2026, 2, 1), reason=REASON, by=hothau_secretary
        )
    services.correct_subcommittee_appraisal(
        ready, on=D(2026, 2, 16), reason=REASON, by=hothau_secretary
    )
    ready.refresh_from_db()
    assert ready.subcommittee_appraisal_on == D(2026, 2, 16)
    assert "15/02/2026" in kept(ready, "correct_subcommittee").note
