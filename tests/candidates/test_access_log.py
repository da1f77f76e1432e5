"""Who read whose record: member and candidate pages, probation files, dossier
files and job files each leave an audit entry (PERFORMANCE-AND-SECURITY.md
§8: the registry must say who saw a person's data); refused readings leave
none."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from organizations.models import AuditEntry
from tests.factories import JobFactory, MemberFactory

from .conftest import introduce, pdf_bytes, upload

pytestmark = pytest.mark.django_db


def readings(action):
    return list(
        AuditEntry.objects.filter(action=action).values_list(
            "actor__username", "target_id", "organization_id"
        )
    )


def test_reading_a_member_page_is_logged(
    org_tree, hothau_secretary, namdich_secretary, client_as
):
    member = MemberFactory(organization=org_tree.hothau_village)
    assert client_as(hothau_secretary).get(member.get_absolute_url()).status_code == 200
    assert (
        client_as(namdich_secretary).get(member.get_absolute_url()).status_code == 404
    )
    assert readings("members.view") == [
        (hothau_secretary.username, str(member.pk), org_tree.hothau_village.pk)
    ]


def test_reading_a_dossier_and_its_files_is_logged(
    org_tree, hothau_secretary, namdich_secretary, viewer, client_as
):
    candidate = introduce(org_tree.hothau_village, hothau_secretary)
    upload(candidate, "1-KNĐ", hothau_secretary, pdf_bytes())
    document = candidate.documents.get()
    client_as(viewer).get(candidate.get_absolute_url())
    download = reverse("candidates:document", args=[document.pk])
    assert client_as(viewer).get(download).status_code == 200
    assert client_as(namdich_secretary).get(download).status_code == 404
    place = candidate.organization_id
    assert readings("candidates.view") == [(viewer.username, str(candidate.pk), place)]
    assert readings("candidates.document_download") == [
        (viewer.username, str(document.pk), place)
    ]


def test_reading_a_probation_file_is_logged(proposal, viewer, client_as):
    assert client_as(viewer).get(proposal.get_absolute_url()).status_code == 200
    assert readings("recognitions.view") == [
        (viewer.username, str(proposal.pk), proposal.member.organization_id)
    ]


def test_downloading_a_job_file_is_logged(org_tree, hothau_secretary, client_as):
    job = JobFactory(
        organization=org_tree.hothau,
        requested_by=hothau_secretary,
        status="done",
        filename="dang-vien.csv",
    )
    job.file.save("dang-vien.csv", ContentFile(b"x"))
    url = reverse("organizations:job_download", args=[job.pk])
    assert client_as(hothau_secretary).get(url).status_code == 200
    entry = AuditEntry.objects.get(action="jobs.download")
    assert (entry.actor, entry.target_id, entry.organization) == (
        hothau_secretary,
        str(job.pk),
        org_tree.hothau,
    )
    assert entry.data == {"kind": "selftest", "filename": "dang-vien.csv"}
