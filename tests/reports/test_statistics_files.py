"""Frozen periods, the statistics as PDF and XLSX files from the worker, and the
operators' command: the same figures everywhere, and a frozen year unchanged
by what is corrected afterwards."""

import datetime
import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from members.models import Member
from members.services.lifecycle import end_membership
from organizations.models import Job, Organization
from organizations.services.jobs import run_job
from reports.models import StatisticsSnapshot
from reports.services.statistics import figures_for, freeze
from reports.statistics import Period, compute
from reports.statistics.files import build_statistics, request_statistics_file
from tests.factories import MemberFactory, OrganizationFactory
from tests.jobs import wait_for

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR = Period.year(2025)
FILE_URL = "reports:statistics_file"


@pytest.fixture
def registry(org_tree, frozen_today):
    MemberFactory.create_batch(2, organization=org_tree.hothau_village)
    MemberFactory(
        organization=org_tree.namdich_village,
        full_name="Lồ Thị Lan",
        admission_decision_date=D(2025, 4, 2),
        official_date=None,
        status=Member.Status.PROBATIONARY,
    )
    # A name a spreadsheet would run as a formula, were it not kept as text.
    OrganizationFactory(
        code="T-F",
        name='=HYPERLINK("http://x.example","Chi bộ")',
        kind=Organization.Kind.GRASSROOTS_CELL,
        parent=org_tree.district,
        is_grassroots=True,
    )
    return org_tree


def total(figures):
    return figures["members"]["total"]


@pytest.mark.smoke
def test_a_frozen_year_stays_as_it_was(registry, org_staff, client):
    snapshot = freeze(registry.district, YEAR, by=org_staff)
    assert total(snapshot.figures) == 3
    member = Member.objects.filter(organization=registry.hothau_village).first()
    end_membership(
        member, reason=Member.Status.DECEASED, on=D(2025, 6, 1), by=org_staff
    )

    figures, found = figures_for(registry.district, YEAR)
    assert found == snapshot
    assert total(figures) == 3
    assert total(compute(registry.district, YEAR)) == 2

    client.force_login(org_staff)
    query = {"year": 2025, "span": "year"}
    page = client.get(reverse("reports:statistics"), query)
    assert page.context["snapshot"] == snapshot
    assert "Số liệu đã chốt" in page.content.decode()
    live = client.get(reverse("reports:statistics"), {**query, "live": "1"})
    assert live.context["snapshot"] is None
    assert live.context["frozen"] == snapshot


@pytest.mark.smoke
def test_freezing_again_only_on_purpose(registry, org_staff, client):
    first = freeze(registry.district, YEAR, by=org_staff)
    with pytest.raises(ValidationError, match="đã được chốt"):
        freeze(registry.district, YEAR, by=org_staff)
    with pytest.raises(ValidationError, match="lý do"):
        freeze(registry.district, YEAR, by=org_staff, again=True, reason="  ")
    MemberFactory(organization=registry.agency)
    second = freeze(
        registry.district, YEAR, by=org_staff, again=True, reason="Sót một đảng viên"
    )
    first.refresh_from_db()
    assert first.replaced_at is not None
    assert total(first.figures) == 3
    assert total(second.figures) == 4
    assert StatisticsSnapshot.objects.current().get() == second

    client.force_login(org_staff)
    data = {
        "organization": registry.district.pk,
        "year": 2025,
        "span": "year",
        "query": "year=2025&span=year",
    }
    refused = client.post(reverse("reports:statistics_freeze"), data, follow=True)
    assert "đã được chốt" in refused.content.decode()
    assert StatisticsSnapshot.objects.count() == 2


@pytest.mark.smoke
def test_who_may_freeze_and_what(
    registry, hothau_secretary, standing_member, org_staff
):
    for user in (hothau_secretary, standing_member):
        with pytest.raises(PermissionDenied):
            freeze(registry.hothau, YEAR, by=user)
    with pytest.raises(ValidationError, match="đã kết thúc"):
        freeze(registry.district, Period(D(2026, 1, 1), D(2026, 11, 28)), by=org_staff)
    assert not StatisticsSnapshot.objects.exists()


@pytest.mark.smoke
def test_the_freeze_button_is_for_org_staff(
    registry, client, hothau_secretary, org_staff
):
    client.force_login(hothau_secretary)
    page = client.get(reverse("reports:statistics"), {"year": 2025})
    assert not page.context["can_freeze"]
    data = {"organization": registry.hothau.pk, "year": 2025, "span": "year"}
    assert client.post(reverse("reports:statistics_freeze"), data).status_code == 403
    client.force_login(org_staff)
    assert client.get(reverse("reports:statistics"), {"year": 2025}).context[
        "can_freeze"
    ]


def _rendered(job):
    run_job(job.pk, build_statistics)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    with job.file.open("rb") as handle:
        return handle.read()


def text_of(content):
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


@pytest.mark.smoke
def test_the_pdf_from_the_page(registry, client, org_staff):
    client.force_login(org_staff)
    data = {"organization": registry.district.pk, "year": 2025, "span": "year"}
    answer = client.post(reverse(FILE_URL, args=["pdf"]), data)
    job = Job.objects.get(kind="statistics_pdf")
    assert answer["Location"] == job.get_absolute_url()
    text = text_of(_rendered(job))
    assert "BÁO CÁO THỐNG KÊ ĐẢNG VIÊN VÀ TỔ CHỨC ĐẢNG" in text
    assert "Năm 2025 (từ 01/01/2025 đến 31/12/2025)" in text
    assert "Đảng viên cuối kỳ" in text
    assert "Tổ chức cơ sở đảng không kết nạp được đảng viên trong kỳ" in text
    assert "Đảng viên dự bị 1" in text


@pytest.mark.smoke
def test_the_xlsx_holds_numbers_and_text_as_text(registry, org_staff):
    job = request_statistics_file(
        registry.district, YEAR, file_format="xlsx", by=org_staff, snapshot_id=None
    )
    book = load_workbook(io.BytesIO(_rendered(job)))
    summary = book["Đảng viên"]
    assert [c.value for c in summary[1]] == ["Chỉ tiêu", "Số"]
    assert summary["A2"].value == "Đảng viên"
    assert summary["B2"].value == 3
    assert summary["B2"].data_type == "n"
    assert summary.freeze_panes == "B2"
    listed = next(
        sheet for sheet in book if sheet.title.startswith("Tổ chức cơ sở đảng không")
    )
    names = [row[0].value for row in listed.iter_rows(min_row=2)]
    formula = next(n for n in names if n.startswith("="))
    assert listed[f"A{names.index(formula) + 2}"].data_type == "s"
    assert book["Thông tin"]["B3"].value.date() == D(2025, 1, 1)


@pytest.mark.smoke
def test_a_frozen_period_prints_its_frozen_figures(registry, org_staff):
    snapshot = freeze(registry.district, YEAR, by=org_staff)
    MemberFactory.create_batch(5, organization=registry.agency)
    job = request_statistics_file(
        registry.district,
        YEAR,
        file_format="pdf",
        by=org_staff,
        snapshot_id=snapshot.pk,
    )
    text = text_of(_rendered(job))
    assert "Số liệu đã chốt ngày" in text
    assert "Đảng viên 3" in text


@pytest.mark.smoke
def test_the_command_gives_the_page_s_figures(registry, tmp_path):
    out = io.StringIO()
    target = tmp_path / "2025.json"
    call_command(
        "annual_statistics",
        "--year",
        "2025",
        "--organization",
        "T-HSP",
        "--output",
        str(target),
        stderr=out,
    )
    figures = json.loads(target.read_text())
    assert figures == json.loads(json.dumps(compute(registry.district, YEAR)))
    assert figures["members"]["total"] == 3
    assert figures["movements"]["admitted"]["total"] == 1
    half = tmp_path / "h1.xlsx"
    call_command(
        "annual_statistics",
        "--year",
        "2025",
        "--half",
        "1",
        "--organization",
        "T-HT",
        "--format",
        "xlsx",
        "--output",
        str(half),
        stderr=out,
    )
    assert load_workbook(half)["Thông tin"]["B2"].value == "6 tháng đầu năm 2025"


@pytest.mark.smoke
@pytest.mark.parametrize(
    "arguments",
    [
        ["--year", "2030", "--organization", "T-HSP"],
        ["--from", "31/02/2025", "--to", "01/03/2025", "--organization", "T-HSP"],
        ["--from", "02/03/2025", "--to", "01/03/2025", "--organization", "T-HSP"],
        ["--from", "01/03/2025", "--organization", "T-HSP"],
        ["--year", "2025", "--organization", "KHONG-CO"],
        ["--organization", "T-HSP"],
    ],
)
def test_the_command_refuses_what_it_cannot_answer(registry, arguments):
    with pytest.raises(CommandError):
        call_command("annual_statistics", *arguments)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_renders_the_statistics(worker, org_tree, org_staff, tmp_path):
    MemberFactory.create_batch(2, organization=org_tree.hothau_village)
    job = request_statistics_file(
        org_tree.district, YEAR, file_format="pdf", by=org_staff, snapshot_id=None
    )
    assert wait_for(job).status == Job.Status.DONE, job.error
    content = (tmp_path / "private" / job.file.name).read_bytes()
    # The district committee issues it, under the province as the tree stands.
    assert "ĐẢNG BỘ TỈNH HÀ GIANG HUYỆN ỦY HOÀNG SU PHÌ" in text_of(content)
    assert worker.poll() is None
