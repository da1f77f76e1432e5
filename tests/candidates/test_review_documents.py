"""The review's documents: rendered as jobs, read back as text, fonts listed,
scoped like every other download."""

import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from pypdf import PdfReader

from candidates.models import Candidate, ReviewMeeting
from candidates.review.services import corrections, decisions, meetings
from members.models import Member
from organizations import clock
from organizations.models import Job
from organizations.services import jobs as job_service
from organizations.services.jobs import run_job
from reports.documents import requests
from reports.documents.kinds import build_document
from tests.factories import MemberFactory, OrganizationFactory, letters
from tests.jobs import wait_for

from .conftest import appraised, decide

NAMES = ("Nguyễn Thị Ánh Tuyết", "Ngàm Đăng Vài", "Lù Seo Chứ")


def render(job: Job) -> PdfReader:
    run_job(job.pk, build_document)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    return PdfReader(io.BytesIO(job.file.read()))


def text_of(reader: PdfReader) -> str:
    """The text with line breaks as spaces: a table cell may wrap a name."""
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def embedded_fonts(reader: PdfReader) -> set[str]:
    """Names of the fonts whose files are inside the PDF (subset prefix cut)."""
    fonts = set()
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            descriptor = descriptor.get_object()
            if any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                fonts.add(str(font["/BaseFont"]).split("+")[-1])
    return fonts


@pytest.fixture
def locked(
    org_tree, hothau_secretary, candidate, meeting, committee, register, org_staff
):
    second = appraised(
        org_tree.hothau_village,
        hothau_secretary,
        full_name="Ngàm Đăng Vài",
        cccd="002200007777",
        sex="male",
    )
    meetings.fill_agenda(meeting, by=org_staff)
    meetings.set_attendance(meeting, present=committee, by=org_staff)
    for item in meeting.items.all():
        decide(item, org_staff, votes_for=5, votes_against=0)
    decisions.lock_meeting(meeting, by=org_staff)
    assert Candidate.objects.get(pk=second.pk).decision_number
    return ReviewMeeting.objects.get(pk=meeting.pk)


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.mark.smoke
def test_the_meeting_dossier_lists_every_item_with_its_marks(locked, org_staff):
    job = requests.request_meeting_document(locked, "meeting_dossier", by=org_staff)
    reader = render(job)
    text = text_of(reader)
    for name in NAMES:
        assert name in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "TỜ TRÌNH" in text
    assert "Hoàng Su Phì, ngày 25 tháng 11 năm 2026" in text
    # Cover, submission, then one page per candidate and one per proposal.
    assert len(reader.pages) >= 5
    fonts = embedded_fonts(reader)
    assert fonts >= {"Liberation-Serif", "Liberation-Serif-Bold"}, fonts
    assert "1/" in reader.pages[0].extract_text()


def test_one_decision_per_admission_and_recognition(locked, org_staff, committee):
    texts = {}
    for item in locked.items.select_related("decision"):
        job = requests.request_decision(item.decision, by=org_staff)
        texts[item.decision.label] = text_of(render(job))
    assert set(texts) == {"12-QĐ/HU", "13-QĐ/HU", "14-QĐ/HU"}
    admission = next(t for t in texts.values() if "Nguyễn Thị Ánh Tuyết" in t)
    assert "kết nạp đảng viên" in admission
    assert "Số 12-QĐ/HU" in admission
    recognition = next(t for t in texts.values() if "Lù Seo Chứ" in t)
    assert "công nhận đảng viên chính thức" in recognition
    assert "15/10/2026" in recognition  # official from the end of probation
    together = render(
        requests.request_meeting_document(locked, "decisions", by=org_staff)
    )
    assert len(together.pages) == 3
    text = text_of(together)
    for label in texts:
        assert f"Số {label}" in text
    # Each signed for the Standing Committee by its secretary.
    secretary = committee[1].display_name
    for page in together.pages:
        page_text = page.extract_text()
        assert "ĐẢNG BỘ TỈNH HÀ GIANG" in page_text
        assert page_text.index("BÍ THƯ") < page_text.index(secretary)


def test_a_document_task_run_twice_replaces_its_file(locked, org_staff, monkeypatch):
    job = requests.request_meeting_document(locked, "minutes", by=org_staff)
    render(job)
    first = job.file.name
    # Done: a duplicate delivery does nothing.
    run_job(job.pk, build_document)
    job.refresh_from_db()
    assert job.file.name == first
    # Redelivered while running (the worker was lost): rendered again, the
    # earlier file replaced rather than left behind.
    finished = job.finished_at
    storage, folder = job.file.storage, job.file.name.rsplit("/", 1)[0]
    before = storage.listdir(folder)[1]
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
    monkeypatch.setattr(job_service, "_redelivered", lambda: True)
    render(job)
    assert storage.listdir(folder)[1] == before
    assert job.file.name == first
    assert job.finished_at > finished


def test_the_minutes_carry_attendance_votes_and_numbers(locked, org_staff, committee):
    text = text_of(
        render(requests.request_meeting_document(locked, "minutes", by=org_staff))
    )
    assert "BIÊN BẢN" in text
    assert "có mặt 5 đồng chí" in text
    assert "12-QĐ/HU" in text
    assert "14-QĐ/HU" in text
    assert committee[1].full_name in text


@pytest.mark.smoke
def test_member_sheet_and_cell_list(org_tree, hothau_secretary):
    member = MemberFactory(
        full_name="Pờ Ly Ngài",
        organization=org_tree.hothau_village,
        status=Member.Status.OFFICIAL,
        native_place="xã Hồ Thầu, huyện Hoàng Su Phì",
    )
    sheet = text_of(render(requests.request_member_sheet(member, by=hothau_secretary)))
    assert "Mẫu 2-HSĐV" in sheet
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in sheet
    assert "PHIẾU ĐẢNG VIÊN" in sheet
    assert "Pờ Ly Ngài" in sheet
    assert "xã Hồ Thầu, huyện Hoàng Su Phì" in sheet
    listing = text_of(
        render(
            requests.request_cell_list(
                org_tree.hothau, day=member.ceremony_date, by=hothau_secretary
            )
        )
    )
    assert "DANH SÁCH ĐẢNG VIÊN" in listing
    assert "Pờ Ly Ngài" in listing
    # Without a photo, the sheet keeps the empty box for one.
    assert "3 x 4 cm" in sheet


@pytest.mark.smoke
def test_the_member_list_is_grouped_by_cell_with_totals_and_signature(
    org_tree, hothau_secretary
):
    other = OrganizationFactory(
        code="T-HT-2",
        name="Chi bộ thôn Đông Lợi",
        kind="subordinate_cell",
        parent=org_tree.hothau,
    )
    for n, cell in enumerate([org_tree.hothau_village, other]):
        MemberFactory(
            full_name=f"Người {letters(n)}",
            organization=cell,
            status=Member.Status.OFFICIAL,
        )
    many = MemberFactory.create_batch(
        60, organization=org_tree.hothau_village, status=Member.Status.OFFICIAL
    )
    assert len(many) == 60
    reader = render(
        requests.request_cell_list(
            org_tree.hothau, day=clock.today(), by=hothau_secretary
        )
    )
    pages = [page.extract_text() for page in reader.pages]
    listing = "\n".join(pages)
    first, second = org_tree.hothau_village.name, other.name
    assert listing.index(first) < listing.index("Người AA") < listing.index(second)
    assert listing.index(second) < listing.index("Người AB")
    assert len(pages) >= 2
    # The column header repeats on every page.
    assert all("Họ và tên" in page for page in pages)
    assert "Tổng số: 62 đảng viên, trong đó 62 chính thức, 0 dự bị" in listing
    assert "T/M ĐẢNG ỦY" in listing
    assert hothau_secretary.display_name in listing


def test_same_inputs_same_job_and_a_correction_makes_a_new_version(
    locked, org_staff, standing_member
):
    first = requests.request_meeting_document(locked, "minutes", by=org_staff)
    render(first)
    # Shared with the committee: btv asking gets org_staff's job.
    assert (
        requests.request_meeting_document(locked, "minutes", by=standing_member)
        == first
    )
    item = locked.items.first()
    corrections.correct_item(
        item,
        why="Ghi nhầm số phiếu",
        by=org_staff,
        votes_for=4,
        votes_against=1,
        abstaining=0,
    )
    locked.refresh_from_db()
    # Nothing is rendered until asked for; then the new revision is a new job.
    assert not Job.objects.filter(kind="minutes", params__revision=1).exists()
    second = requests.request_meeting_document(locked, "minutes", by=org_staff)
    assert second != first
    assert second.params["revision"] == 1
    text = text_of(render(second))
    assert "Bản đính chính lần 1" in text
    assert "Ghi nhầm số phiếu" in text
    first.refresh_from_db()
    assert first.status == Job.Status.DONE
    assert first.file


def test_meeting_documents_are_read_in_the_committees_scope(
    locked, hothau_secretary, viewer
):
    with pytest.raises(PermissionDenied):
        requests.request_meeting_document(locked, "minutes", by=hothau_secretary)
    job = requests.request_meeting_document(locked, "minutes", by=viewer)
    assert job.organization == locked.committee
    assert job.shared_with_committee


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_renders_the_meeting_dossier(
    worker, reference_data, locked, org_staff, tmp_path
):
    job = requests.request_meeting_document(locked, "meeting_dossier", by=org_staff)
    assert wait_for(job).status == Job.Status.DONE, job.error
    stored = tmp_path / "private" / job.file.name
    reader = PdfReader(stored)
    assert "Ngàm Đăng Vài" in text_of(reader)
    assert worker.poll() is None


def test_a_pdf_opens_in_the_browser_as_well_as_downloads(locked, org_staff, client_as):
    item = locked.items.filter(decision__isnull=False).first()
    job = requests.request_decision(item.decision, by=org_staff)
    render(job)
    url = reverse("organizations:job_download", args=[job.pk])
    saved = client_as(org_staff).get(url)
    assert saved["Content-Disposition"].startswith("attachment;")
    opened = client_as(org_staff).get(f"{url}?view=1")
    assert opened["Content-Disposition"].startswith("inline;")
    assert opened["Content-Type"] == "application/pdf"
    page = client_as(org_staff).get(job.get_absolute_url()).text
    assert f"{url}?view=1" in page
