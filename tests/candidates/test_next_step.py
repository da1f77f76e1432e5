"""The dossier pages lead with the next missing step; every missing item
links to its form (a paper to its upload, chosen already); steps done are
kept apart for corrections; pausing and withdrawing stand apart."""

import pytest
from django.urls import reverse

from candidates import services
from candidates.models import DocumentKind
from candidates.next_step import dossier_actions
from candidates.services import open_recognition
from tests.candidates.conftest import introduce, probationer

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.smoke,
    pytest.mark.usefixtures("frozen_today"),
]


def urls(links):
    return [link.url for link in links]


def test_a_new_candidate_leads_with_the_mentor(org_tree, hothau_secretary):
    candidate = introduce(org_tree.hothau_village, hothau_secretary)
    actions = dossier_actions(hothau_secretary, candidate)
    step = reverse("candidates:step", args=[candidate.pk, "mentor"])
    assert actions.next is not None
    assert actions.next.url == step
    # Every missing item the secretary can record is a link; papers go to
    # their upload with the paper chosen.
    upload = reverse("candidates:upload", args=[candidate.pk])
    assert f"{upload}?kind=1-KN%C4%90" in urls(actions.todo)
    assert all(link.url for link in actions.todo if "KNĐ" in link.text)
    assert step not in urls(actions.main) + urls(actions.corrections)
    stopping = urls(actions.stopping)
    assert reverse("candidates:step", args=[candidate.pk, "pause"]) in stopping
    assert reverse("candidates:step", args=[candidate.pk, "withdraw"]) in stopping
    assert not set(stopping) & set(urls(actions.main))
    # Nothing is submitted while something is missing.
    assert not [u for u in urls(actions.main) if u.endswith("/submit/")]
    assert (actions.passed, actions.gates) == (0, 8)


def test_a_step_done_moves_to_corrections(org_tree, hothau_secretary, cell):
    candidate = introduce(org_tree.hothau_village, hothau_secretary)
    services.assign_mentor(candidate, cell.officials[0], by=hothau_secretary)
    candidate.refresh_from_db()
    actions = dossier_actions(hothau_secretary, candidate)
    mentor = reverse("candidates:step", args=[candidate.pk, "mentor"])
    assert mentor in urls(actions.corrections)
    assert mentor not in urls(actions.todo) + urls(actions.main)
    assert actions.next.url == reverse(
        "candidates:step", args=[candidate.pk, "certificate"]
    )
    assert actions.passed == 1


def test_a_reader_gets_the_list_without_links(org_tree, hothau_secretary, viewer):
    candidate = introduce(org_tree.hothau_village, hothau_secretary)
    actions = dossier_actions(viewer, candidate)
    assert actions.todo
    assert not any(urls(actions.todo))
    assert actions.next is None
    assert not actions.main + actions.corrections + actions.stopping


def test_the_page_and_the_upload_it_links_to(org_tree, hothau_secretary, client_as):
    candidate = introduce(org_tree.hothau_village, hothau_secretary)
    client = client_as(hothau_secretary)
    page = client.get(candidate.get_absolute_url()).content.decode()
    assert 'id="next-step"' in page
    assert 'id="stopping"' in page
    assert "Đã xong 0/8 bước" in page
    upload = reverse("candidates:upload", args=[candidate.pk])
    form = client.get(f"{upload}?kind=1-KN%C4%90").context["form"]
    assert DocumentKind.objects.get(pk=form["kind"].value()).code == "1-KNĐ"
    assert client.get(f"{upload}?kind=XYZ").context["form"]["kind"].value() is None
    html = client.get(upload).content.decode()
    # The phone offers its camera and its files: no forced capture.
    assert "capture" not in html


def test_the_probation_file_leads_the_same_way(org_tree, hothau_secretary):
    member = probationer(org_tree.hothau_village)
    file = open_recognition(member, by=hothau_secretary)
    actions = dossier_actions(hothau_secretary, file)
    assert actions.next.url == reverse(
        "candidates:recognition_step", args=[file.pk, "mentor"]
    )
    assert not actions.stopping
    assert actions.gates == 8
