import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.urls import reverse

from candidates import services
from candidates.models import DocumentKind, RecognitionStage, TrainingClass, Vote
from candidates.rules import Blocked
from members.models import Member
from organizations.calendar import add_working_days
from reports.due import due_items
from tests.factories import MemberFactory

from .conftest import pdf_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

D = datetime.date
R = RecognitionStage


@pytest.fixture
def probationary(org_tree, cell):
    return MemberFactory(
        full_name="Lù Seo Chứ",
        organization=org_tree.hothau_village,
        status=Member.Status.PROBATIONARY,
        admission_decision_date=D(2025, 9, 20),
        ceremony_date=D(2025, 10, 15),
        official_date=None,
    )


@pytest.fixture
def new_member_class(org_tree):
    return TrainingClass.objects.create(
        kind="new_member",
        name="Lớp bồi dưỡng đảng viên mới khóa 1/2026",
        organizer=org_tree.district,
        starts_on=D(2026, 4, 6),
        ends_on=D(2026, 4, 17),
    )


def upload(file, code, by):
    services.upload_document(
        file,
        kind=DocumentKind.objects.get(code=code),
        upload=ContentFile(pdf_bytes()),
        filename=f"{code}.pdf",
        by=by,
    )


def ready_for_vote(probationary, cell, new_member_class, by):
    file = services.open_recognition(probationary, by=by)
    services.assign_mentor(file, cell.officials[0], by=by)
    upload(file, "1-HSĐV", by)
    upload(file, "2-HSĐV", by)
    services.record_certificate(
        file,
        training_class=new_member_class,
        certificate_number="44/CN",
        certificate_on=D(2026, 4, 20),
        by=by,
    )
    upload(file, "CN-ĐVM", by)
    services.record_papers(
        file,
        {
            "self_review_on": D(2026, 10, 16),
            "remarks_on": D(2026, 10, 18),
            "opinions_on": D(2026, 10, 20),
        },
        by=by,
    )
    for code in ("10-KNĐ", "11-KNĐ", "12-KNĐ"):
        upload(file, code, by)
    file.refresh_from_db()
    return file


VOTE_DAY = D(2026, 10, 25)


def vote(file, by, votes_for, held_on=VOTE_DAY):
    return services.record_cell_vote(
        file,
        held_on=held_on,
        resolution_number="3-NQ/CB",
        present=10,
        votes_for=votes_for,
        votes_against=10 - votes_for,
        by=by,
    )


RESOLVED_ON = D(2026, 10, 30)


def resolve(file, by, held_on=RESOLVED_ON):
    """The grassroots committee's resolution: 7 of 9 for."""
    return services.record_grassroots_vote(
        file,
        held_on=held_on,
        resolution_number="20-NQ/ĐU",
        committee_members=9,
        present=9,
        votes_for=7,
        votes_against=2,
        by=by,
    )


def test_the_path_to_recognition_gate_by_gate(
    probationary, cell, new_member_class, hothau_secretary, org_staff
):
    file = ready_for_vote(probationary, cell, new_member_class, hothau_secretary)
    assert file.stage == R.OPINIONS
    # Probation ends on 15/10/2026: a vote before that is refused.
    with pytest.raises(Blocked, match="15/10/2026"):
        vote(file, hothau_secretary, 10, held_on=D(2026, 10, 14))
    assert vote(file, hothau_secretary, 7).passed  # 7 of 10: exactly two thirds
    upload(file, "13-KNĐ", hothau_secretary)
    file.refresh_from_db()
    assert file.stage == R.CELL_APPROVED
    resolve(file, hothau_secretary)
    upload(file, "15-KNĐ", hothau_secretary)
    services.submit(file, by=hothau_secretary)
    with pytest.raises(PermissionDenied):
        services.appraise(file, by=hothau_secretary)
    services.appraise(file, by=org_staff)
    file.refresh_from_db()
    assert file.stage == R.APPRAISED


def test_the_grassroots_resolution_follows_the_cells_and_passes_once(
    probationary, cell, new_member_class, hothau_secretary
):
    file = ready_for_vote(probationary, cell, new_member_class, hothau_secretary)
    vote(file, hothau_secretary, 8)  # 25/10/2026
    with pytest.raises(Blocked, match="họp sau khi chi bộ có nghị quyết"):
        resolve(file, hothau_secretary, held_on=D(2026, 10, 24))
    assert resolve(file, hothau_secretary).passed
    with pytest.raises(Blocked, match="Đảng ủy cơ sở đã có nghị quyết"):
        resolve(file, hothau_secretary, held_on=D(2026, 11, 2))
    assert file.votes.filter(body=Vote.Body.GRASSROOTS).count() == 1


def test_three_failed_votes_go_to_the_committee_above(
    probationary, cell, new_member_class, hothau_secretary
):
    file = ready_for_vote(probationary, cell, new_member_class, hothau_secretary)
    for day in (D(2026, 10, 20), D(2026, 10, 27)):
        assert not vote(file, hothau_secretary, 6, held_on=day).passed
        file.refresh_from_db()
        assert file.stage == R.OPINIONS
    vote(file, hothau_secretary, 6, held_on=D(2026, 11, 3))
    file.refresh_from_db()
    assert file.stage == R.ESCALATED
    with pytest.raises(Blocked):
        vote(file, hothau_secretary, 9, held_on=D(2026, 11, 10))


def test_a_third_vote_corrected_to_failed_goes_to_the_committee_above(
    probationary, cell, new_member_class, hothau_secretary
):
    file = ready_for_vote(probationary, cell, new_member_class, hothau_secretary)
    for day in (D(2026, 10, 20), D(2026, 10, 27)):
        vote(file, hothau_secretary, 6, held_on=day)
    # Six voted for; the secretary typed seven, which carries.
    assert vote(file, hothau_secretary, 7, held_on=D(2026, 11, 3)).passed
    file.refresh_from_db()
    services.correct_cell_vote(
        file,
        held_on=D(2026, 11, 3),
        resolution_number="3",
        present=9,
        votes_for=6,
        votes_against=3,
        reason="Đọc nhầm biên bản",
        by=hothau_secretary,
    )
    file.refresh_from_db()
    assert file.stage == R.ESCALATED


def test_only_probationary_members_and_in_scope(
    org_tree, cell, probationary, namdich_secretary, hothau_secretary
):
    with pytest.raises(Blocked):
        services.open_recognition(cell.officials[0], by=hothau_secretary)
    with pytest.raises(PermissionDenied):
        services.open_recognition(probationary, by=namdich_secretary)
    first = services.open_recognition(probationary, by=hothau_secretary)
    assert services.open_recognition(probationary, by=hothau_secretary) == first


def test_recognition_pages(
    probationary, cell, hothau_secretary, namdich_secretary, viewer, client_as
):
    client = client_as(hothau_secretary)
    listing = client.get(reverse("candidates:recognitions")).content.decode()
    assert "Lù Seo Chứ" in listing
    response = client.post(
        reverse("candidates:recognition_open", args=[probationary.pk])
    )
    file = probationary.recognitions.get()
    assert response["Location"] == file.get_absolute_url()
    page = client.get(file.get_absolute_url()).content.decode()
    assert "1-HSĐV" in page
    step = reverse("candidates:recognition_step", args=[file.pk, "papers"])
    assert client.post(step, {"self_review_on": "16/10/2026"}).status_code == 302
    file.refresh_from_db()
    assert file.self_review_on == D(2026, 10, 16)
    assert client_as(namdich_secretary).get(file.get_absolute_url()).status_code == 404
    assert client_as(viewer).get(step).status_code == 403
    upload_url = reverse("candidates:recognition_upload", args=[file.pk])
    form = client.get(upload_url).content.decode()
    assert "10-KNĐ" in form
    assert "6-KNĐ" not in form


def test_the_committee_s_recognition_decision_is_due_in_working_days(
    probationary, cell, new_member_class, hothau_secretary, org_staff, namdich_secretary
):
    file = ready_for_vote(probationary, cell, new_member_class, hothau_secretary)
    vote(file, hothau_secretary, 8)
    upload(file, "13-KNĐ", hothau_secretary)
    # Thirty working days from the cell's resolution of 25/10/2026.
    due = add_working_days(VOTE_DAY, 30)
    items = [
        item
        for item in due_items(org_staff, D(2026, 11, 28))
        if item.what == "Quyết định công nhận đảng viên chính thức"
    ]
    assert [(item.who, item.due) for item in items] == [("Lù Seo Chứ", due)]
    assert not any(
        item.who == "Lù Seo Chứ"
        for item in due_items(namdich_secretary, D(2026, 11, 28))
    )
