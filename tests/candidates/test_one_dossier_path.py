"""The admission dossier and the probation file share one path: the same
verbs, refused the same way where the copies used to differ (the stricter
rule applies to both), one step table, and moves that write only what they
change."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from candidates import services
from candidates.models import (
    Candidate,
    DocumentKind,
    Recognition,
    RecognitionStage,
    Stage,
)
from candidates.pipeline import ADMISSION, PROBATION, offered, steps_for
from candidates.review.services import meetings
from candidates.rules import Blocked
from candidates.steps import PAGES

from .conftest import introduce, pdf_bytes, probationer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

D = datetime.date
WITH_THE_COMMITTEE = r"with the committee|đang ở cấp ủy"


@pytest.fixture
def probation_file(org_tree, hothau_secretary):
    member = probationer(org_tree.hothau_village)
    return services.open_recognition(member, by=hothau_secretary)


def at_stage(dossier, stage):
    type(dossier).objects.filter(pk=dossier.pk).update(stage=stage)
    dossier.refresh_from_db()
    return dossier


@pytest.mark.smoke
def test_every_verb_has_one_page_and_every_page_a_verb():
    for pipeline in (ADMISSION, PROBATION):
        verbs = set(pipeline.verbs) - {"document"}
        assert verbs == set(PAGES[pipeline.name]), pipeline.name


@pytest.mark.parametrize(
    ("kind", "stage"),
    [
        ("candidate", Stage.APPRAISED),
        ("candidate", Stage.SUBMITTED),
        ("file", RecognitionStage.APPRAISED),
        ("file", RecognitionStage.SUBMITTED),
    ],
)
def test_a_dossier_with_the_committee_cannot_be_submitted_again(
    org_tree, hothau_secretary, probation_file, kind, stage
):
    """The probation file used to go back to "submitted" when proposed again
    after its appraisal; the admission dossier refused. Both refuse now."""
    dossier = (
        introduce(org_tree.hothau_village, hothau_secretary)
        if kind == "candidate"
        else probation_file
    )
    dossier = at_stage(dossier, stage)
    logged = dossier.log.count()
    with pytest.raises(Blocked, match=r"already been submitted|đã được trình"):
        services.submit(dossier, by=hothau_secretary)
    dossier.refresh_from_db()
    assert dossier.stage == stage
    assert dossier.log.count() == logged


@pytest.mark.parametrize("kind", ["candidate", "file"])
def test_the_cell_cannot_change_a_dossier_the_committee_holds(
    org_tree, cell, hothau_secretary, probation_file, kind
):
    """A candidate's mentor, papers and documents could still be changed while
    the committee appraised the dossier; a probation file's could not. Neither
    can now, until the committee returns it."""
    if kind == "candidate":
        dossier = at_stage(
            introduce(org_tree.hothau_village, hothau_secretary), Stage.SUBMITTED
        )
        papers = {"applied_on": D(2025, 4, 1)}
    else:
        dossier = at_stage(probation_file, RecognitionStage.SUBMITTED)
        papers = {"self_review_on": D(2026, 10, 16)}
    attempts = [
        lambda: services.assign_mentor(dossier, cell.officials[0], by=hothau_secretary),
        lambda: services.record_papers(dossier, papers, by=hothau_secretary),
        lambda: services.upload_document(
            dossier,
            kind=DocumentKind.objects.get(
                code="1-KNĐ" if kind == "candidate" else "1-HSĐV"
            ),
            upload=ContentFile(pdf_bytes()),
            filename="scan.pdf",
            by=hothau_secretary,
        ),
    ]
    for attempt in attempts:
        with pytest.raises(Blocked, match=WITH_THE_COMMITTEE):
            attempt()
    dossier.refresh_from_db()
    assert dossier.mentor_id is None
    assert not dossier.documents.exists()
    offered_now = {slug for slug, _title in steps_for(hothau_secretary, dossier)}
    building = {"mentor", "certificate", "papers", "cell-vote", "submit"}
    assert not offered_now & building
    assert not offered(dossier, "document")


def test_returned_dossiers_go_back_to_the_cell(
    org_tree, cell, hothau_secretary, org_staff, probation_file
):
    candidate = at_stage(
        introduce(org_tree.hothau_village, hothau_secretary), Stage.SUBMITTED
    )
    file = at_stage(probation_file, RecognitionStage.SUBMITTED)
    for dossier in (candidate, file):
        services.return_for_correction(dossier, comments="Bổ sung", by=org_staff)
        services.assign_mentor(dossier, cell.officials[0], by=hothau_secretary)
        dossier.refresh_from_db()
        assert dossier.mentor == cell.officials[0]
        assert [e.action for e in dossier.log.order_by("at", "pk")][-2:] == [
            "return",
            "assign_mentor",
        ]


def test_a_move_writes_only_the_stage_and_what_the_verb_changed(
    org_tree, cell, hothau_secretary
):
    """Two people at once: one corrects the name while the other assigns the
    mentor from a page loaded earlier; neither change is lost."""
    candidate = introduce(org_tree.hothau_village, hothau_secretary)
    Candidate.objects.filter(pk=candidate.pk).update(full_name="Nguyễn Thị Ánh Tuyết B")
    services.assign_mentor(candidate, cell.officials[0], by=hothau_secretary)
    candidate.refresh_from_db()
    assert candidate.full_name == "Nguyễn Thị Ánh Tuyết B"
    assert candidate.mentor == cell.officials[0]
    assert candidate.stage == Stage.LISTED


def test_putting_on_the_agenda_and_holding_back_are_logged_for_both(
    meeting, org_staff, candidate, proposal
):
    """Only the candidate's log said it was on an agenda; the probation file's
    said nothing until the decision."""
    for dossier in (candidate, proposal):
        assert dossier.log.filter(action="on_agenda").count() == 1
    item = meeting.items.get(recognition=proposal)
    meetings.hold_back(item, by=org_staff)
    assert proposal.log.filter(action="held_back").count() == 1


def test_one_step_view_serves_both_paths(
    client_as, org_tree, hothau_secretary, probation_file, cell
):
    client = client_as(hothau_secretary)
    candidate = introduce(org_tree.hothau_village, hothau_secretary)
    for dossier, url in (
        (candidate, reverse("candidates:step", args=[candidate.pk, "mentor"])),
        (
            probation_file,
            reverse("candidates:recognition_step", args=[probation_file.pk, "mentor"]),
        ),
    ):
        response = client.post(url, {"mentor": cell.officials[0].pk})
        assert response.status_code == 302
        dossier.refresh_from_db()
        assert dossier.mentor == cell.officials[0]
    # A verb of the other path is not a page of this one.
    url = reverse("candidates:recognition_step", args=[probation_file.pk, "introducer"])
    assert client.get(url).status_code == 404
    assert (
        Recognition.objects.get(pk=probation_file.pk).stage == RecognitionStage.LISTED
    )
