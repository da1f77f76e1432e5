"""One table of bounds for every date and whole number people type: absurd
values are refused in Vietnamese by forms, views and the import, never a 500."""

import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from candidates.models import AdmissionTarget
from members.columns import HEADERS
from members.imports import import_members
from members.models import Member
from members.tables import write_csv
from organizations import clock
from organizations.bounds import BoundedForm, check_day, check_number

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

D = datetime.date


@pytest.mark.parametrize(
    ("field", "day", "allowed"),
    [
        ("birth_date", D(1900, 1, 1), True),
        ("birth_date", D(1899, 12, 31), False),
        ("birth_date", D(1, 1, 1), False),
        ("birth_date", D(2026, 11, 28), True),
        ("birth_date", D(2026, 11, 29), False),
        ("ceremony_date", D(2031, 11, 28), True),
        ("ceremony_date", D(2031, 11, 29), False),
        ("ceremony_date", D(9999, 12, 31), False),
        ("a_field_not_in_the_table", D(9999, 12, 31), False),
    ],
)
def test_dates(field, day, allowed):
    if allowed:
        check_day(field, day)
    else:
        with pytest.raises(ValidationError, match="Ghi ngày từ 01/01/1900 đến"):
            check_day(field, day)


@pytest.mark.parametrize(
    ("field", "number", "allowed"),
    [
        ("target", 10_000, True),
        ("target", 10**20, False),
        ("target", -1, False),
        ("year", 2031, True),
        ("year", 99999, False),
        ("votes_for", 100_001, False),
        ("a_field_not_in_the_table", 10**12, False),
    ],
)
def test_numbers(field, number, allowed):
    if allowed:
        check_number(field, number)
    else:
        with pytest.raises(ValidationError, match="Ghi số nguyên từ"):
            check_number(field, number)


def test_every_date_and_number_of_a_form_is_bounded():
    class Form(BoundedForm):
        on = forms.DateField(input_formats=["%d/%m/%Y"])
        count = forms.IntegerField()

    form = Form({"on": "31/12/9999", "count": "9" * 20})
    assert not form.is_valid()
    assert "Ghi ngày từ 01/01/1900 đến 28/11/2031." in form.errors["on"]
    assert form.errors["count"] == ["Ghi số nguyên từ 0 đến 1000000."]
    assert Form({"on": "05/02/2027", "count": "3"}).is_valid()


def test_a_twenty_digit_target_is_refused_with_a_message(
    org_tree, hothau_secretary, client_as
):
    client = client_as(hothau_secretary)
    url = reverse("candidates:target_propose", args=[org_tree.hothau.pk])
    for data in (
        {"year": 2026, "target": "9" * 20},
        {"year": 99999, "target": 5},
        {"year": "", "target": "năm"},
    ):
        response = client.post(url, data, follow=True)
        assert response.status_code == 200
        text = response.content.decode()
        assert "số nguyên" in text or "Nhập số đảng viên" in text
    assert not AdmissionTarget.objects.exists()


def test_a_transfer_in_dated_in_the_year_9999_is_refused(
    org_tree, hothau_secretary, client_as
):
    from members.models import Ethnicity
    from tests.members.test_temporary_and_incoming import transfer_in_data

    data = transfer_in_data(org_tree, Ethnicity.objects.get(name="La Chí"))
    data["ceremony_date"] = "31/12/9999"
    response = client_as(hothau_secretary).post(reverse("members:transfer_in"), data)
    assert response.status_code == 200
    assert "Ghi ngày từ 01/01/1900" in response.content.decode()
    data.update(ceremony_date="20/03/2015", birth_date="01/01/0001")
    response = client_as(hothau_secretary).post(reverse("members:transfer_in"), data)
    assert response.status_code == 200
    assert not Member.objects.exists()


def test_the_import_refuses_dates_outside_the_table_row_by_row(
    org_tree, hothau_secretary
):
    code = org_tree.hothau_village.code

    def row(**cells):
        base = dict.fromkeys(HEADERS, "")
        base.update(
            {
                "Mã tổ chức": code,
                "Họ và tên": "Triệu Thị Mẩy",
                "Giới tính": "Nữ",
                "Ngày sinh": "12/03/1998",
                "Dân tộc": "Dao",
                "Ngày quyết định kết nạp": "20/05/2025",
                "Ngày vào Đảng": "10/06/2025",
                "Trạng thái": "Dự bị",
                **cells,
            }
        )
        return [base[h] for h in HEADERS]

    rows = [
        row(**{"Ngày sinh": "01/01/1850"}),
        row(**{"Ngày vào Đảng": "31/12/9999", "Họ và tên": "Lù Seo Chứ"}),
    ]
    result = import_members("bad.csv", write_csv(rows), by=hothau_secretary)
    lines = result.error_lines()
    assert any(line.startswith("Dòng 2: Ngày sinh: Ghi ngày từ") for line in lines)
    assert any(line.startswith("Dòng 3: Ngày vào Đảng: Ghi ngày từ") for line in lines)
    assert not Member.objects.exists()
    assert clock.today() == D(2026, 11, 28)
