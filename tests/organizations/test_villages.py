"""A commune's villages: kept by org_staff, read by whoever reads the commune,
a member's village of residence on the record, and the villages where no
party member lives in the statistics."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from members.columns import HEADERS
from members.imports import import_members
from members.models import Member
from members.services.lifecycle import end_membership
from members.tables import write_csv
from organizations import clock
from organizations.models import Organization, Village
from organizations.services.villages import add_village, close_village, rename_village
from reports.statistics import Period, compute
from tests.factories import MemberFactory, OrganizationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]

D = datetime.date


@pytest.fixture
def villages(org_tree, org_staff):
    return [
        add_village(org_tree.hothau, code="HT-1", name="thôn Tân Minh", by=org_staff),
        add_village(org_tree.hothau, code="HT-2", name="thôn Nà Ràng", by=org_staff),
        add_village(org_tree.namdich, code="ND-1", name="thôn Nậm Hồng", by=org_staff),
    ]


def test_only_org_staff_keep_the_villages(
    org_tree, villages, org_staff, hothau_secretary
):
    with pytest.raises(PermissionDenied):
        add_village(org_tree.hothau, code="HT-3", name="thôn Mới", by=hothau_secretary)
    with pytest.raises(PermissionDenied):
        rename_village(villages[0], code="HT-1", name="x", by=hothau_secretary)
    with pytest.raises(ValidationError, match="Đã có thôn"):
        add_village(org_tree.hothau, code="ht-9", name="thôn Tân Minh", by=org_staff)
    with pytest.raises(ValidationError, match="Đã có thôn"):
        add_village(org_tree.namdich, code="HT-1", name="thôn Khác", by=org_staff)
    renamed = rename_village(
        villages[1], code="HT-2", name="thôn Nà Ràng Trên", by=org_staff
    )
    assert renamed.name == "thôn Nà Ràng Trên"
    with pytest.raises(ValidationError, match="ngày đã đến"):
        close_village(
            villages[1], on=clock.today() + datetime.timedelta(days=1), by=org_staff
        )
    assert villages[1].closed_on is None
    close_village(villages[1], on=D(2025, 7, 1), by=org_staff)
    with pytest.raises(ValidationError, match="đã giải thể"):
        close_village(villages[1], on=D(2025, 8, 1), by=org_staff)
    assert Village.objects.count() == 3


def test_the_villages_page_by_role(
    client_as, org_tree, villages, org_staff, hothau_secretary, namdich_secretary
):
    url = reverse("members:villages", args=[org_tree.hothau.pk])
    mine = client_as(hothau_secretary).get(url)
    assert mine.status_code == 200
    text = mine.content.decode()
    assert "thôn Tân Minh" in text
    assert "thôn Nậm Hồng" not in text
    assert not mine.context["editable"]
    assert client_as(namdich_secretary).get(url).status_code == 404
    new = {"code": "HT-3", "name": "thôn Cốc Pài"}
    assert client_as(hothau_secretary).post(url, new).status_code == 403
    rename = reverse("members:village_rename", args=[villages[2].pk])
    assert client_as(hothau_secretary).post(rename, new).status_code == 404
    staff = client_as(org_staff)
    assert staff.post(url, new).status_code == 302
    assert Village.objects.filter(code="HT-3", organization=org_tree.hothau).exists()
    close = reverse("members:village_close", args=[villages[0].pk])
    bad = staff.post(close, {"changed_on": "31/02/2025"}, follow=True)
    assert "ngày/tháng/năm" in bad.content.decode()
    assert Village.objects.get(pk=villages[0].pk).closed_on is None


def test_a_member_s_village_by_form_and_by_import(
    client_as, org_tree, villages, hothau_secretary
):
    member = MemberFactory(organization=org_tree.hothau_village)
    edit = reverse("members:edit", args=[member.pk])
    form = client_as(hothau_secretary).get(edit).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        birth_date=member.birth_date.isoformat(),
        ethnicity=member.ethnicity.pk,
        village=villages[2].pk,
    )
    # Another district's village is neither offered nor taken.
    xin_man = OrganizationFactory(
        code="T-XM",
        name="Đảng bộ huyện Xín Mần",
        kind=Organization.Kind.UPPER_COMMITTEE,
        parent=org_tree.province,
        has_admission_authority=True,
    )
    nakhuong = OrganizationFactory(
        code="T-XM-NK",
        name="Đảng bộ xã Nà Khương",
        kind=Organization.Kind.COMMUNE_COMMITTEE,
        parent=xin_man,
        is_grassroots=True,
    )
    far = Village.objects.create(organization=nakhuong, code="NK-1", name="thôn Xa")
    assert set(form.fields["village"].queryset) == set(villages)
    refused = client_as(hothau_secretary).post(edit, {**data, "village": far.pk})
    assert refused.status_code == 200
    assert "village" in refused.context["form"].errors
    answer = client_as(hothau_secretary).post(edit, data)
    assert answer.status_code == 302, answer.context["form"].errors
    member.refresh_from_db()
    assert member.village == villages[2]

    def imported(code: str):
        cells = dict.fromkeys(HEADERS, "")
        cells.update(
            {
                "Mã tổ chức": org_tree.hothau_village.code,
                "Họ và tên": member.full_name,
                "Giới tính": "Nam",
                "Ngày sinh": member.birth_date.strftime("%d/%m/%Y"),
                "Dân tộc": "Nùng",
                "Số thẻ đảng viên": "47100321",
                "Mã thôn nơi ở": code,
            }
        )
        return write_csv([[cells[h] for h in HEADERS]])

    Member.objects.filter(pk=member.pk).update(card_number="47100321")
    assert import_members("v.csv", imported("ht-1"), by=hothau_secretary).ok
    member.refresh_from_db()
    assert member.village == villages[0]
    refused = import_members("v.csv", imported("KHONG-CO"), by=hothau_secretary)
    assert "Mã thôn nơi ở" in " ".join(refused.error_lines())


def test_villages_where_no_member_lives(org_tree, villages, org_staff, frozen_today):
    # The agency cell's member lives in Nà Ràng: it counts for Hồ Thầu.
    MemberFactory(organization=org_tree.agency, village=villages[1])
    dead = MemberFactory(organization=org_tree.hothau_village, village=villages[0])
    end_membership(dead, reason=Member.Status.DECEASED, on=D(2025, 3, 1), by=org_staff)
    year = compute(org_tree.hothau, Period.year(2025))["organizations"]
    assert year["villages"] == 2
    assert [v["code"] for v in year["villages_without_members"]] == ["HT-1"]
    before = compute(org_tree.hothau, Period.year(2024))["organizations"]
    assert before["villages_without_members"] == []
    close_village(villages[0], on=D(2025, 6, 1), by=org_staff)
    after = compute(org_tree.district, Period.year(2025))["organizations"]
    assert after["villages"] == 2
    assert [v["code"] for v in after["villages_without_members"]] == ["ND-1"]
