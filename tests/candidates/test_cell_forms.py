"""The papers a cell writes, printed filled in from the registry in the layout
of their 12-HD/BTCTW forms: requested from the dossier (or the transfer) by
whoever keeps it, rendered by the documents worker, listed on the dossier
with a link to upload the signed scan."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from candidates.cell_forms import FORMS, forms_for
from candidates.models import Recognition, RecognitionStage
from members.services.transfers import start_transfer
from organizations.models import Job
from organizations.services.jobs import run_job
from reports.documents.kinds import build_document

from .conftest import introduce, prepare_for_vote, probationer, vote_through

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.smoke,
    pytest.mark.usefixtures("frozen_today"),
]

D = datetime.date


@pytest.fixture
def voted(org_tree, cell, awareness_class, hothau_secretary):
    candidate = introduce(org_tree.hothau_village, hothau_secretary)
    ready = prepare_for_vote(candidate, cell, awareness_class, hothau_secretary)
    return vote_through(ready, hothau_secretary)


def printed(client, code: str, pk: int, **data) -> str:
    url = reverse("reports:cell_form", args=[code, pk])
    response = client.post(url, data)
    assert response.status_code == 302, response.status_code
    job = Job.objects.get(pk=response.url.rstrip("/").split("/")[-1])
    run_job(job.pk, build_document)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    reader = PdfReader(io.BytesIO(job.file.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_each_dossier_lists_the_papers_its_cell_writes(
    voted, org_tree, hothau_secretary, org_staff, client_as
):
    assert [f.code for f in forms_for(voted)] == ["3-KNĐ", "6-KNĐ", "8-KNĐ"]
    youth = introduce(
        org_tree.agency,
        org_staff,
        cccd="002300009999",
        route="youth_union",
        youth_union_member=True,
    )
    # An agency cell straight under the district has no grassroots committee.
    assert [f.code for f in forms_for(youth)] == ["3-KNĐ", "4-KNĐ", "6-KNĐ"]
    page = client_as(hothau_secretary).get(voted.get_absolute_url()).text
    section = page.split('id="cell-forms"')[1].split("</section>")[0]
    for code in ("3-KNĐ", "6-KNĐ", "8-KNĐ"):
        assert reverse("reports:cell_form", args=[code, voted.pk]) in section
    assert "?kind=6-KN%C4%90" in section
    # One introducer's letter for each introducer recorded.
    assert section.count('name="introducer"') == 2


def test_the_introducers_letter(voted, hothau_secretary, client_as):
    introducer = voted.introducers.select_related("member").first()
    text = printed(
        client_as(hothau_secretary),
        "3-KNĐ",
        voted.pk,
        introducer=introducer.pk,
    )
    assert "Mẫu 3-KNĐ" in text
    assert "ĐẢNG BỘ XÃ HỒ THẦU" in text
    assert "CHI BỘ THÔN TÂN MINH" in text
    assert "Hồ Thầu, ngày 05 tháng 01 năm 2026" in text
    assert "GIẤY GIỚI THIỆU NGƯỜI VÀO ĐẢNG" in text
    assert introducer.member.full_name in text
    assert "Nguyễn Thị Ánh Tuyết" in text
    assert "01/01/2023" in text
    assert "NGƯỜI GIỚI THIỆU" in text


def test_the_cells_and_the_grassroots_resolutions(voted, hothau_secretary, client_as):
    client = client_as(hothau_secretary)
    cell = printed(client, "6-KNĐ", voted.pk)
    assert "Số 05-NQ/CB" in cell
    assert "Hồ Thầu, ngày 10 tháng 02 năm 2026" in cell
    assert "7/10, đạt 70,0%" in cell
    assert "Ban Thường vụ Huyện ủy Hoàng Su Phì" in cell
    assert "T/M ĐẢNG ỦY" not in cell
    assert "T/M CHI BỘ" in cell
    grassroots = printed(client, "8-KNĐ", voted.pk)
    assert "ĐẢNG BỘ HUYỆN HOÀNG SU PHÌ" in grassroots
    assert "ĐẢNG ỦY XÃ HỒ THẦU" in grassroots
    assert "Số 12-NQ/ĐU" in grassroots
    assert "6/9, đạt 66,7%" in grassroots
    assert "Nghị quyết số 05-NQ/CB ngày 10/02/2026" in grassroots
    assert "T/M ĐẢNG ỦY" in grassroots
    assert hothau_secretary.display_name in grassroots


def test_a_paper_not_yet_voted_leaves_the_blanks_for_the_hand(
    org_tree, hothau_secretary, client_as
):
    candidate = introduce(org_tree.hothau_village, hothau_secretary)
    text = printed(client_as(hothau_secretary), "6-KNĐ", candidate.pk)
    assert "Hồ Thầu, ngày ...... tháng ...... năm" in text
    assert "......../........, đạt ........%" in text


def test_the_recognition_resolutions(proposal, hothau_secretary, client_as):
    member = proposal.member
    client = client_as(hothau_secretary)
    cell = printed(client, "13-KNĐ", proposal.pk)
    assert "Mẫu 13-KNĐ" in cell
    assert "đề nghị công nhận đảng viên chính thức" in cell
    assert member.full_name in cell
    assert member.ceremony_date.strftime("%d/%m/%Y") in cell
    grassroots = printed(client, "15-KNĐ", proposal.pk)
    assert "ĐẢNG ỦY XÃ HỒ THẦU" in grassroots


def test_the_transfer_letter(org_tree, cell, hothau_secretary, client_as):
    member = cell.officials[0]
    transfer = start_transfer(
        member,
        on=D(2026, 11, 20),
        introduction_number="53-GGT",
        to=org_tree.namdich_village,
        by=hothau_secretary,
    )
    text = printed(client_as(hothau_secretary), "GTSH", transfer.pk)
    assert "GIẤY GIỚI THIỆU SINH HOẠT ĐẢNG" in text
    assert "Số 53-GGT" in text
    assert "ĐẢNG ỦY XÃ HỒ THẦU" in text
    assert f"đồng chí {member.full_name}" in " ".join(text.split())
    assert org_tree.namdich_village.name in text
    assert transfer.present_by.strftime("%d/%m/%Y") in text
    assert "Mẫu" not in text


def test_only_who_keeps_the_dossier_prints_its_papers(
    voted, namdich_secretary, viewer, client_as
):
    url = reverse("reports:cell_form", args=["6-KNĐ", voted.pk])
    assert client_as(namdich_secretary).post(url).status_code == 404
    assert client_as(viewer).post(url).status_code == 403
    assert client_as(viewer).get(url).status_code == 405
    unknown = reverse("reports:cell_form", args=["99-KNĐ", voted.pk])
    assert client_as(viewer).post(unknown).status_code == 404
    assert not Job.objects.filter(kind=FORMS["6-KNĐ"].kind).exists()


def test_the_youth_unions_resolution(org_tree, org_staff, client_as):
    candidate = introduce(
        org_tree.agency,
        org_staff,
        cccd="002300009999",
        route="youth_union",
        youth_union_member=True,
    )
    text = printed(client_as(org_staff), "4-KNĐ", candidate.pk)
    assert "Mẫu 4-KNĐ" in text
    assert "ĐOÀN TNCS HỒ CHÍ MINH" in text
    assert "giới thiệu đoàn viên ưu tú vào Đảng" in text
    assert "Nguyễn Thị Ánh Tuyết" in text
    assert org_tree.agency.name in " ".join(text.split())
    assert "T/M BAN CHẤP HÀNH" in text


def test_the_sub_committees_report(school, org_staff, hothau_secretary, client_as):
    member = probationer(school)
    recognition = Recognition.objects.create(
        member=member,
        ceremony_date=member.ceremony_date,
        stage=RecognitionStage.OPINIONS,
        created_by=org_staff,
    )
    assert [f.code for f in forms_for(recognition)] == [
        "13-KNĐ",
        "14-KNĐ",
        "15-KNĐ",
    ]
    text = printed(client_as(hothau_secretary), "14-KNĐ", recognition.pk)
    assert "Mẫu 14-KNĐ" in text
    assert "ĐẢNG ỦY BỘ PHẬN TRƯỜNG HỌC" in text
    assert "thẩm định đề nghị công nhận đảng viên chính thức" in text
    assert member.full_name in " ".join(text.split())
