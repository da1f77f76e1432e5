"""Going live: the organization committee's staff import the pipeline under
way (targets, open probation files, candidates mid-dossier) after the
members; every row through the services as of its day, all or nothing, row
errors, the samples in docs/ import into the demo in order."""

import datetime
import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from candidates.golive import SHEETS, run_sheet
from candidates.golive.sheet import read_day
from candidates.models import AdmissionTarget, Candidate, Recognition, Stage
from members.columns import ERROR_HEADER
from members.imports import import_members
from members.models import Member
from members.tables import read_table
from organizations import clock
from organizations.models import AuditEntry, Job, User

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]

DOCS = settings.BASE_DIR / "docs"
# The samples' dates are of 2025–2026: the demo and the import run as of a
# day after them, whatever day the suite runs.
DAY = datetime.date(2026, 12, 6)


@pytest.fixture(scope="module", autouse=True)
def sample_day():
    with clock.pinned(DAY):
        yield


def sample(name: str) -> bytes:
    return (DOCS / name).read_bytes()


def staff() -> User:
    return User.objects.get(username="btc")


def import_members_sample() -> None:
    result = import_members("m.csv", sample("member-import-sample.csv"), by=staff())
    assert result.ok, result.error_lines()


def run(slug: str, content: bytes, *, by: User | None = None, name: str = "s.csv"):
    return run_sheet(SHEETS[slug], name, content, by=by or staff())


def sample_text(slug: str) -> str:
    return (DOCS / f"golive-{slug}-sample.csv").read_text(encoding="utf-8-sig")


def test_the_samples_import_in_order_into_the_demo(demo):
    import_members_sample()
    before = Candidate.objects.count()

    for slug, outcome in (("targets", 2), ("probation", 1), ("candidates", 3)):
        result = run(slug, sample(f"golive-{slug}-sample.csv"))
        assert result.ok, result.error_lines()
        assert result.outcomes == {"created": outcome}

    assert Candidate.objects.count() == before + 3
    hung = Candidate.objects.get(cccd="002099007777")
    assert (hung.stage, hung.paper_until) == (Stage.CELL_APPROVED, Stage.CELL_APPROVED)
    # Each step as of its own day, with the vote counted on the cell's members.
    log = [(entry.action, entry.on) for entry in hung.log.all()]
    assert log[0] == ("introduce", datetime.date(2026, 1, 10))
    assert log[-1] == ("cell_vote", datetime.date(2026, 8, 20))
    vote = hung.votes.get()
    assert vote.passed
    assert vote.eligible >= vote.present == 11
    assert hung.introducers.get().member.card_number == "47100001"
    assert Candidate.objects.get(cccd="002201005555").stage == Stage.CLASS_DONE
    assert Candidate.objects.get(cccd="002303004321").stage == Stage.INTRODUCED

    may = Recognition.objects.get(member__cccd="002198001234")
    assert may.stage == "r_cell_approved"
    assert may.mentor.card_number == "47100001"
    targets = AdmissionTarget.objects.filter(year=2027).order_by("organization__code")
    assert [(t.organization.code, t.target) for t in targets] == [
        ("HSP-HOTHAU", 12),
        ("HSP-NAMDICH", 8),
    ]
    assert all(t.confirmed_by == staff() for t in targets)
    assert AuditEntry.objects.filter(action="candidates.golive.candidates").count() == 1

    # The same sheets again change nothing.
    for slug in ("targets", "probation", "candidates"):
        again = run(slug, sample(f"golive-{slug}-sample.csv"))
        assert again.ok
        assert set(again.outcomes) == {"unchanged"}
    assert Candidate.objects.count() == before + 3


def test_the_dossier_page_says_the_forms_are_on_paper(demo, client_as):
    import_members_sample()
    assert run("candidates", sample("golive-candidates-sample.csv")).ok
    hung = Candidate.objects.get(cccd="002099007777")
    page = client_as(staff()).get(hung.get_absolute_url())
    assert page.status_code == 200
    assert b'id="on-paper"' in page.content
    # Nothing is asked for as an upload up to the cell's vote.
    assert "Tải lên 6-KNĐ" not in page.content.decode()


def test_a_stage_the_dates_do_not_reach_refuses_the_sheet(demo):
    import_members_sample()
    before = Candidate.objects.count()
    text = sample_text("candidates").replace(
        "Chi bộ đề nghị kết nạp", "Nghị quyết của đảng ủy cơ sở"
    )
    result = run("candidates", text.encode())
    assert not result.ok
    assert list(result.errors) == [4]
    lines = "\n".join(result.error_lines())
    assert "Chi bộ đề nghị kết nạp" in lines
    assert "đảng ủy cơ sở" in lines
    # All or nothing: the two good rows were not kept either.
    assert Candidate.objects.count() == before


def test_every_bad_cell_is_reported_by_row_and_column(demo):
    import_members_sample()
    before = Candidate.objects.count()
    text = (
        sample_text("candidates")
        .replace("Lù Thị Dín", "=SUM(A1:A9)")
        .replace("14/08/2003", "14/8/20033")
        .replace("Giáo viên mầm non", "Giáo viên")
        .replace("20/01/2001", "01/20/2001")
        .replace("15/10/2026", "15/10/2027")
        .replace(",Mông,", ",Martian,")
    )
    result = run("candidates", text.encode())
    lines = result.error_lines()
    assert any(line.startswith("Dòng 2: Ngày sinh") for line in lines), lines
    assert any(line.startswith("Dòng 3: Ngày sinh") for line in lines), lines
    assert any(line.startswith("Dòng 3: Dân tộc") for line in lines), lines
    assert Candidate.objects.count() == before
    # The formula-like name is refused by the candidate form's name check.
    fixed = text.replace("14/8/20033", "14/08/2003").replace("15/10/2027", "15/10/2026")
    result = run("candidates", fixed.encode())
    assert any(line.startswith("Dòng 2: Họ và tên") for line in result.error_lines()), (
        result.error_lines()
    )


def test_a_step_given_in_part_and_a_future_step_are_refused(demo):
    import_members_sample()
    text = sample_text("candidates").replace("05-NQ/CB", "")
    result = run("candidates", text.encode())
    assert result.error_lines() == [
        "Dòng 4: Số nghị quyết chi bộ: cần ghi cùng các cột khác của bước này"
    ]
    later = (DAY + datetime.timedelta(days=3)).strftime("%d/%m/%Y")
    text = sample_text("candidates").replace("20/05/2026", later, 1)
    result = run("candidates", text.encode())
    assert any("Ngày cấp giấy chứng nhận" in line for line in result.error_lines())


def test_members_and_codes_outside_the_scope_read_as_not_found(demo):
    """A commune secretary does not appraise: nothing of theirs is in scope."""
    import_members_sample()
    secretary = User.objects.get(username="hothau")
    result = run("targets", sample("golive-targets-sample.csv"), by=secretary)
    assert result.error_lines()[0].startswith("Dòng 2: Mã tổ chức")
    result = run("probation", sample("golive-probation-sample.csv"), by=secretary)
    assert result.error_lines()[0].startswith("Dòng 2: Đảng viên dự bị")
    assert not Recognition.objects.filter(member__cccd="002198001234").exists()


def test_a_confirmed_target_is_not_overwritten(demo):
    this_year = AdmissionTarget.objects.filter(
        year=DAY.year, confirmed_at__isnull=False
    )
    target = this_year.select_related("organization").first()
    confirmed = target.target
    header = "Mã tổ chức,Năm,Chỉ tiêu kết nạp\n"
    code = target.organization.code
    content = f"{header}{code},{DAY.year},{target.target + 5}\n"
    result = run("targets", content.encode())
    assert not result.ok
    assert "đã được duyệt" in result.error_lines()[0]
    target.refresh_from_db()
    assert target.target == confirmed
    same = f"{header}{code},{DAY.year},{target.target}\n"
    assert run("targets", same.encode()).outcomes == {"unchanged": 1}


def test_missing_and_unknown_columns(demo):
    result = run("targets", "Mã tổ chức,Năm,Ghi chú\nHSP-HOTHAU,2027,x\n".encode())
    assert result.error_lines() == [
        "Dòng 1: Thiếu cột “Chỉ tiêu kết nạp”.",
        "Dòng 1: Cột “Ghi chú” không đúng mẫu; hãy dùng các cột của tệp mẫu.",
    ]


def _xlsx(text: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for line in text.strip().splitlines():
        sheet.append(line.split(","))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_the_page_runs_a_job_with_an_error_copy(
    demo, client_as, in_process_tasks, django_capture_on_commit_callbacks
):
    client = client_as(staff())
    url = reverse("candidates:golive")
    assert client.get(url).status_code == 200

    def post(content: bytes, **more: str):
        upload = SimpleUploadedFile("t.xlsx", content)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"sheet": "targets", "file": upload, **more})
        job = Job.objects.filter(kind="golive_import").latest("pk")
        assert response.url == job.get_absolute_url()
        job.refresh_from_db()
        return job

    job = post(_xlsx("Mã tổ chức,Năm,Chỉ tiêu kết nạp\nHSP-HOTHAU,2027,mười\n"))
    assert job.status == Job.Status.FAILED
    assert "Dòng 2: Chỉ tiêu kết nạp" in job.error
    download = client.get(reverse("organizations:job_download", args=[job.pk]))
    headers, rows = read_table("e.xlsx", b"".join(download.streaming_content))
    assert headers[-1] == ERROR_HEADER
    assert "số nguyên" in rows[0][-1]

    good = _xlsx("Mã tổ chức,Năm,Chỉ tiêu kết nạp\nHSP-HOTHAU,2027,12\n")
    checked = post(good, dry_run="on")
    assert checked.status == Job.Status.DONE
    assert (
        checked.summary
        == "Đã kiểm tra, chưa nhập: 1 dòng; 1 mới, 0 cập nhật, 0 không đổi."
    )
    assert not AdmissionTarget.objects.filter(year=2027).exists()
    assert post(good).status == Job.Status.DONE
    target = AdmissionTarget.objects.get(year=2027, organization__code="HSP-HOTHAU")
    assert target.target == 12


def test_only_the_organization_committee_staff_import(demo, client_as):
    url = reverse("candidates:golive")
    template = reverse("candidates:golive_template", args=["candidates"])
    for username in ("hothau", "xem", "btv"):
        client = client_as(User.objects.get(username=username))
        assert client.get(url).status_code == 403
        assert client.get(template).status_code == 403
        upload = SimpleUploadedFile("t.csv", sample("golive-targets-sample.csv"))
        assert client.post(url, {"sheet": "targets", "file": upload}).status_code == 403
    assert not Job.objects.filter(kind="golive_import").exists()
    client = client_as(staff())
    assert (
        client.get(reverse("candidates:golive_template", args=["nothing"])).status_code
        == 404
    )
    response = client.get(template)
    headers = [
        c.value
        for c in next(
            load_workbook(io.BytesIO(response.content)).active.iter_rows(max_row=1)
        )
    ]
    assert headers == SHEETS["candidates"].headers
    # The member import page leads here for the staff only.
    assert url.encode() in client.get(reverse("members:import")).content


def test_uploads_are_checked_by_content(demo, client_as):
    client = client_as(staff())
    page = b"<!doctype html><html><body>x</body></html>"
    response = client.post(
        reverse("candidates:golive"),
        {"sheet": "targets", "file": SimpleUploadedFile("t.csv", page)},
    )
    assert response.status_code == 200
    assert "không phải tệp văn bản CSV" in response.content.decode()
    assert not Job.objects.filter(kind="golive_import").exists()


def test_the_documentation_lists_every_column():
    text = (DOCS / "going-live-import.md").read_text()
    for sheet in SHEETS.values():
        for column in sheet.columns:
            assert column.header in text, column.header


def test_the_samples_hold_the_template_columns():
    for slug, sheet in SHEETS.items():
        headers, rows = read_table("s.csv", sample(f"golive-{slug}-sample.csv"))
        assert headers == sheet.headers
        assert rows


def test_members_found_by_any_number(demo):
    import_members_sample()
    pao = Member.objects.get(card_number="47100001")
    text = sample_text("probation").replace("47100001", pao.cccd)
    assert run("probation", text.encode()).ok


def test_the_command_imports_a_sample_and_refuses_a_bad_one(demo, tmp_path, capsys):
    import_members_sample()
    path = tmp_path / "probation.csv"
    path.write_text(sample_text("probation").replace("47100001", "99999999"))
    with pytest.raises(CommandError, match="1 row"):
        call_command("import_going_live", "probation", str(path), "--as", "btc")
    assert "Dòng 2: Đảng viên giúp đỡ" in capsys.readouterr().err
    path.write_bytes(sample("golive-probation-sample.csv"))
    call_command(
        "import_going_live", "probation", str(path), "--as", "btc", "--dry-run"
    )
    assert "would import: 1 created" in capsys.readouterr().out
    assert not Recognition.objects.filter(member__cccd="002198001234").exists()
    call_command("import_going_live", "probation", str(path), "--as", "btc")
    assert Recognition.objects.get(member__cccd="002198001234").paper_until


def test_dates_are_read_as_the_forms_read_them(demo):
    """A day typed the Vietnamese way in a sheet, as on a phone's form."""
    import_members_sample()
    for typed in ("30.6.2026", "30-06-2026", "30062026", "2026-06-30"):
        assert read_day(typed) == datetime.date(2026, 6, 30)
    probation = sample_text("probation").replace("30/06/2026", "30.6.2026", 1)
    result = run("probation", probation.encode())
    assert result.ok, result.error_lines()
    vote = Recognition.objects.get(member__cccd="002198001234").votes.get()
    assert vote.held_on == datetime.date(2026, 6, 30)
