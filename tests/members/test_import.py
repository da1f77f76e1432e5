"""Importing members: every row checked before anything is written, the
same events and audit as the forms, as a command, a page and a background job."""

import datetime
import io
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from members.columns import ERROR_HEADER, EXPORT_HEADERS, HEADERS
from members.imports import import_members
from members.models import Member, MemberEvent
from members.tables import (
    TableError,
    member_rows,
    read_table,
    write_csv,
    write_export,
    write_xlsx,
)
from organizations.models import AuditEntry, Job
from tests.factories import MemberFactory, letters

from .conftest import row

pytestmark = pytest.mark.django_db

SAMPLE = settings.BASE_DIR / "docs" / "member-import-sample.csv"


@pytest.mark.smoke
def test_a_new_member_is_created_with_placement_events_and_audit(
    codes, hothau_secretary
):
    """On PostgreSQL the database writes the placement and events; on the
    embedded default (smoke suite) Python does: both give the same rows."""
    content = write_csv([row(codes[0])])
    result = import_members("m.csv", content, by=hothau_secretary)
    assert result.ok, result.error_lines()
    member = Member.objects.get(cccd="002198001234")
    assert (member.status, member.ceremony_date) == (
        "probationary",
        datetime.date(2025, 6, 10),
    )
    assert member.search_name == " trieu thi may "
    placement = member.placements.get()
    assert (placement.organization.code, placement.start, placement.opens_period) == (
        codes[0],
        datetime.date(2025, 6, 10),
        True,
    )
    admitted = member.events.get()
    assert (admitted.kind, admitted.on, admitted.decision_date) == (
        MemberEvent.Kind.ADMITTED,
        datetime.date(2025, 6, 10),
        datetime.date(2025, 5, 20),
    )
    assert (admitted.note, admitted.recorded_by, admitted.data) == (
        "Nhập từ tệp",
        hothau_secretary,
        {},
    )
    official = write_csv(
        [
            row(
                codes[0],
                **{
                    "Họ và tên": "Lò Văn Páo",
                    "Giới tính": "Nam",
                    "Số CCCD": "002098001234",
                    "Trạng thái": "Chính thức",
                    "Ngày chính thức": "10/06/2026",
                },
            )
        ]
    )
    assert import_members("o.csv", official, by=hothau_secretary).ok
    kinds = list(
        Member.objects.get(cccd="002098001234")
        .events.order_by("on")
        .values_list("kind", "on")
    )
    assert kinds == [
        ("admitted", datetime.date(2025, 6, 10)),
        ("recognized", datetime.date(2026, 6, 10)),
    ]
    assert AuditEntry.objects.filter(
        action="members.import", actor=hothau_secretary
    ).exists()
    again = import_members("m.csv", content, by=hothau_secretary)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


def test_an_export_edited_in_a_spreadsheet_imports_again(org_tree, hothau_secretary):
    members = MemberFactory.create_batch(3, organization=org_tree.hothau_village)
    for n, member in enumerate(members):
        member.cccd = f"00208000000{n}"
        member.save()
    # The export as people get it: names beside codes, real dates.
    exported = write_export(
        "xlsx", member_rows(Member.objects.select_related("organization", "ethnicity"))
    )
    workbook = load_workbook(io.BytesIO(exported))
    sheet = workbook.active
    column = EXPORT_HEADERS.index("Nghề nghiệp") + 1
    sheet.cell(row=2, column=column, value="Giáo viên")
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = import_members("edited.xlsx", buffer.getvalue(), by=hothau_secretary)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 2), (
        result.error_lines()
    )
    changed = Member.objects.get(occupation="Giáo viên")
    assert changed.events.get(kind=MemberEvent.Kind.PROFILE_UPDATED).data[
        "occupation"
    ] == ["", "Giáo viên"]


def test_every_error_is_reported_and_nothing_is_written(
    org_tree, codes, hothau_secretary
):
    MemberFactory(
        full_name="Lù Seo Chứ",
        birth_date=datetime.date(1990, 1, 2),
        organization=org_tree.hothau_village,
    )
    rows = [
        row(codes[0]),  # valid on its own
        row(codes[0], **{"Số CCCD": "002198001234"}),  # the same CCCD twice in the file
        row(codes[0], **{"Số CCCD": "12345", "Ngày sinh": "31/02/1998"}),
        row(codes[1], **{"Số CCCD": ""}),  # Nậm Dịch: outside the secretary's scope
        row(
            codes[0],
            **{
                "Số CCCD": "",
                "Họ và tên": "Lù Seo Chứ",
                "Ngày sinh": "02/01/1990",
                "Giới tính": "Nam",
            },
        ),
        row(codes[0], **{"Số CCCD": "", "Giới tính": "X", "Trạng thái": "Chính thức"}),
    ]
    result = import_members("bad.csv", write_csv(rows), by=hothau_secretary)
    assert not result.ok
    assert set(result.errors) == {3, 4, 5, 6, 7}
    text = "\n".join(result.error_lines())
    assert "Dòng 3: Số CCCD: số này đã có ở dòng 2" in text
    assert "Dòng 4: Ngày sinh: ghi ngày theo dạng dd/mm/yyyy" in text
    assert "Dòng 5: Mã tổ chức: không có trong sổ hoặc ngoài phạm vi của bạn" in text
    assert "Dòng 6: Họ và tên: có thể trùng" in text
    assert "Dòng 7: Giới tính: chọn một trong: Nam, Nữ" in text
    assert "Dòng 7: Ngày chính thức: bắt buộc với đảng viên chính thức" in text
    assert Member.objects.count() == 1


def test_status_and_organization_changes_are_refused(
    org_tree, codes, hothau_secretary, org_staff
):
    member = MemberFactory(organization=org_tree.hothau_village, cccd="002090000001")
    exported = write_export(
        "csv", member_rows(Member.objects.select_related("organization", "ethnicity"))
    )
    moved = exported.decode("utf-8-sig").replace(codes[0], codes[1]).encode()
    result = import_members("moved.csv", moved, by=org_staff)
    assert "chuyển sinh hoạt" in "\n".join(result.error_lines())
    retired = exported.decode("utf-8-sig").replace("Chính thức", "Dự bị").encode()
    assert "trang của đảng viên" in "\n".join(
        import_members("s.csv", retired, by=org_staff).error_lines()
    )
    member.refresh_from_db()
    assert member.organization == org_tree.hothau_village


def test_unknown_columns_and_unreadable_files(codes, hothau_secretary):
    bad_header = write_csv([row(codes[0])], [*HEADERS[:-1], "Cột lạ"])
    result = import_members("x.csv", bad_header, by=hothau_secretary)
    assert "Cột “Cột lạ” không đúng mẫu" in "\n".join(result.error_lines())
    with pytest.raises(TableError):
        read_table("x.xlsx", b"<html>not a workbook</html>")


def test_command_line_import_and_export(org_tree, codes, superuser, tmp_path, capsys):
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "import_members",
            str(SAMPLE),
            "--dry-run",
            "--as",
            "nobody-here",
        ],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    sample = (
        SAMPLE.read_text(encoding="utf-8-sig")
        .replace("HSP-HOTHAU-POHA", codes[0])
        .encode()
    )
    path = tmp_path / "sample.csv"
    path.write_bytes(sample)
    call_command("import_members", str(path), "--dry-run")
    assert "would import: 2 new" in capsys.readouterr().out
    assert not Member.objects.exists()
    call_command("import_members", str(path))
    assert Member.objects.count() == 2
    out = tmp_path / "out.xlsx"
    call_command(
        "export_members", "--organization", org_tree.hothau.code, "--output", str(out)
    )
    headers, rows = read_table("out.xlsx", out.read_bytes())
    assert headers == list(EXPORT_HEADERS)
    names = sorted(r[headers.index("Họ và tên")] for r in rows)
    assert names == ["Triệu Thị Mẩy", "Vàng Seo Páo"]
    path.write_bytes(sample.replace(b"002198001234", b"12"))
    with pytest.raises(CommandError):
        call_command("import_members", str(path))


def upload(client, org, name, content, **extra):
    return client.post(
        reverse("members:import"),
        {"file": SimpleUploadedFile(name, content), "organization": org.pk, **extra},
    )


def test_web_import_runs_as_a_job_with_an_error_copy(
    in_process_tasks,
    org_tree,
    codes,
    hothau_secretary,
    client_as,
    django_capture_on_commit_callbacks,
):
    client = client_as(hothau_secretary)
    bad = write_xlsx([row(codes[0], **{"Số CCCD": "1"})])
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, org_tree.hothau, "loi.xlsx", bad)
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "Dòng 2: Số CCCD" in job.error
    download = client.get(reverse("organizations:job_download", args=[job.pk]))
    copy = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert copy.cell(row=1, column=len(HEADERS) + 1).value == ERROR_HEADER
    assert "12 chữ số" in copy.cell(row=2, column=len(HEADERS) + 1).value
    good = write_csv([row(codes[0])])
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, org_tree.hothau, "tot.csv", good)
    done = Job.objects.order_by("-pk").first()
    assert done.status == Job.Status.DONE
    assert done.summary == "Nhập từ tệp: 1 dòng; 1 mới, 0 cập nhật, 0 không đổi."
    page = client.get(done.get_absolute_url()).content.decode()
    assert done.summary in page
    assert Member.objects.filter(cccd="002198001234").exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "trang.csv",
            b"<!DOCTYPE html><html><body>x</body></html>",
            "không phải tệp văn bản CSV",
        ),
        ("gia.xlsx", b"<html></html>", "không phải tệp Excel"),
        ("anh.jpg", b"\xff\xd8\xff\xe0", ".csv hoặc .xlsx"),
        ("ansi.csv", "Ngày sinh\n1/1/1990".encode("cp1258"), "UTF-8"),
    ],
)
def test_uploads_are_checked_by_content(
    org_tree, hothau_secretary, client_as, name, content, message
):
    response = upload(client_as(hothau_secretary), org_tree.hothau, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Job.objects.exists()


def test_import_page_scope(org_tree, viewer, namdich_secretary, client_as, codes):
    assert client_as(viewer).get(reverse("members:import")).status_code == 403
    # The member list offers the import only to those who may import.
    link = f'href="{reverse("members:import")}"'
    assert link not in client_as(viewer).get(reverse("members:list")).content.decode()
    listed = client_as(namdich_secretary).get(reverse("members:list"))
    assert link in listed.content.decode()
    response = upload(
        client_as(namdich_secretary),
        org_tree.hothau,
        "x.csv",
        write_csv([row(codes[0])]),
    )
    assert "organization" in response.context["form"].errors
    assert not Job.objects.exists()


def test_a_large_import_reports_progress_outside_its_transaction(
    org_tree, codes, hothau_secretary
):
    """Progress is written while rows are checked and prepared, before the
    writing transaction opens, so a page polling the job sees it move."""
    rows = [
        row(
            codes[0],
            **{
                "Họ và tên": f"Triệu Thị Mẩy {letters(n)}",
                "Số CCCD": f"0021980{n:05d}",
            },
        )
        for n in range(1200)
    ]
    depth = len(connection.savepoint_ids)
    reported = []

    def progress(percent):
        assert len(connection.savepoint_ids) == depth, "reported inside a transaction"
        reported.append(percent)

    result = import_members(
        "lon.csv", write_csv(rows), by=hothau_secretary, progress=progress
    )
    assert result.ok, result.error_lines()[:3]
    assert result.created == 1200
    assert reported == sorted(reported)
    assert reported[0] < 50 <= reported[-2] < reported[-1] == 90
    assert len(reported) >= 5


@pytest.mark.smoke
def test_the_occupation_group_is_read_by_its_vietnamese_name(codes, hothau_secretary):
    grouped = write_csv(
        [
            row(codes[0], **{"Nhóm nghề nghiệp": "nong dan"}),
            row(
                codes[0],
                **{
                    "Họ và tên": "Lò Văn Páo",
                    "Giới tính": "Nam",
                    "Số CCCD": "002098001234",
                    "Nhóm nghề nghiệp": "",
                },
            ),
        ]
    )
    result = import_members("g.csv", grouped, by=hothau_secretary)
    assert result.ok, result.error_lines()
    assert Member.objects.get(cccd="002198001234").occupation_group == "farmer"
    assert Member.objects.get(cccd="002098001234").occupation_group == ""
    wrong = write_csv(
        [row(codes[0], **{"Số CCCD": "002198009999", "Nhóm nghề nghiệp": "Thợ săn"})]
    )
    refused = import_members("w.csv", wrong, by=hothau_secretary)
    assert not refused.ok
    assert "Nông dân" in " ".join(refused.error_lines())
    assert not Member.objects.filter(cccd="002198009999").exists()
