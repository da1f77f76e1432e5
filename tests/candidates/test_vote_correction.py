"""A cell vote recorded wrongly is put right by whoever recorded it or by the
organization committee's staff, with a reason, while the dossier is with
the cell; the rules are judged again and the figures before stay in the
history and the audit log."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from candidates import services
from candidates.models import Stage, StageLog
from candidates.rules import Blocked
from organizations.models import AuditEntry, Role
from tests.factories import RoleAssignmentFactory, UserFactory

from .conftest import introduce, prepare_for_vote, upload

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.smoke,
    pytest.mark.usefixtures("frozen_today"),
]

D = datetime.date
VOTE_DAY = D(2026, 2, 10)


@pytest.fixture
def voted(org_tree, cell, awareness_class, hothau_secretary):
    candidate = introduce(org_tree.hothau_village, hothau_secretary)
    ready = prepare_for_vote(candidate, cell, awareness_class, hothau_secretary)
    # Seven voted for; the secretary typed six: not carried (7 of 10 needed).
    services.record_cell_vote(
        ready,
        held_on=VOTE_DAY,
        resolution_number="05-NQ/CB",
        present=9,
        votes_for=6,
        votes_against=3,
        by=hothau_secretary,
    )
    upload(ready, "6-KNĐ", hothau_secretary)
    ready.refresh_from_db()
    return ready


def correct(candidate, by, **changes):
    values = {
        "held_on": VOTE_DAY,
        "resolution_number": "05-NQ/CB",
        "present": 9,
        "votes_for": 7,
        "votes_against": 2,
        "reason": "Đọc nhầm biên bản: 7 phiếu tán thành",
        **changes,
    }
    return services.correct_cell_vote(candidate, by=by, **values)


def test_the_recorder_corrects_the_count_and_the_rules_are_judged_again(
    voted, hothau_secretary
):
    assert voted.stage == Stage.OPINIONS
    vote = correct(voted, hothau_secretary)
    voted.refresh_from_db()
    assert vote.passed
    assert voted.stage == Stage.CELL_APPROVED
    assert voted.votes.count() == 1
    log = StageLog.objects.filter(candidate=voted, action="correct_vote").get()
    assert "6" in log.note
    assert "7" in log.note
    assert "Đọc nhầm biên bản" in log.note
    audit = AuditEntry.objects.filter(action="candidates.correct_vote").get()
    assert audit.data["reason"] == "Đọc nhầm biên bản: 7 phiếu tán thành"


def test_a_correction_breaking_a_rule_changes_nothing(voted, hothau_secretary):
    with pytest.raises(Blocked) as refused:
        correct(voted, hothau_secretary, reason=" ", votes_for=12)
    messages = " ".join(refused.value.messages)
    assert "lý do" in messages
    vote = voted.votes.get()
    assert (vote.votes_for, vote.passed) == (6, False)
    assert not StageLog.objects.filter(candidate=voted, action="correct_vote")


def test_only_the_recorder_or_the_committee_staff(
    voted, org_tree, org_staff, hothau_secretary
):
    deputy = UserFactory(username="phobithu")
    RoleAssignmentFactory(
        user=deputy, organization=org_tree.hothau, role=Role.SECRETARY
    )
    with pytest.raises(Blocked, match="người đã ghi bước này"):
        correct(voted, deputy)
    assert correct(voted, org_staff).passed


def test_not_once_the_dossier_has_left_the_cell(voted, hothau_secretary):
    correct(voted, hothau_secretary)
    voted.refresh_from_db()
    voted.stage = Stage.SUBMITTED
    voted.save()
    with pytest.raises((PermissionDenied, Blocked)):
        correct(voted, hothau_secretary, votes_for=8, votes_against=1)


def test_the_correction_page_starts_from_what_was_recorded(
    voted, hothau_secretary, client_as
):
    url = reverse("candidates:step", args=[voted.pk, "correct-vote"])
    page = client_as(hothau_secretary).get(url)
    form = page.context["form"]
    assert form["votes_for"].value() == 6
    assert form["resolution_number"].value() == "05-NQ/CB"
    detail = client_as(hothau_secretary).get(voted.get_absolute_url()).text
    assert url in detail.split('id="corrections"')[1]


def test_an_introducer_recorded_by_mistake_is_removed_with_a_reason(
    org_tree, cell, awareness_class, hothau_secretary, viewer, client_as
):
    candidate = introduce(org_tree.hothau_village, hothau_secretary)
    ready = prepare_for_vote(candidate, cell, awareness_class, hothau_secretary)
    wrong = ready.introducers.first()
    url = reverse("candidates:step", args=[ready.pk, "remove-introducer"])
    assert client_as(viewer).post(url, {}).status_code in (403, 404)
    refused = client_as(hothau_secretary).post(
        url, {"introducer": wrong.pk, "reason": ""}
    )
    assert refused.status_code == 200
    assert ready.introducers.count() == 2
    done = client_as(hothau_secretary).post(
        url, {"introducer": wrong.pk, "reason": "Ghi nhầm người giới thiệu"}
    )
    assert done.status_code == 302
    assert ready.introducers.count() == 1
    log = StageLog.objects.get(candidate=ready, action="introducer_removed")
    assert "Ghi nhầm người giới thiệu" in log.note
    assert AuditEntry.objects.filter(action="candidates.introducer_removed").exists()
    # One introducer short again: the dossier asks for another.
    ready.refresh_from_db()
    assert ready.stage != Stage.INTRODUCERS
