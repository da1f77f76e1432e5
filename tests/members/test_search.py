import datetime
import unicodedata

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import Ethnicity, Member, Religion, TheoryLevel
from members.search import keyset_page, search
from organizations.models import AuditEntry
from tests.factories import MemberFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

D_START = datetime.date(2024, 3, 1)

NAMES = [
    "Nguyễn Thị Ánh",
    "Nguyễn Thị Ánh Tuyết",
    "Đặng Văn Dũng",
    "Đặng Thị Mẩy",
    "Trần Thanh Hà",
    "Vàng Seo Páo",
    "Ngàm Đăng Vài",
    "Pờ Ly Ngài",
    "Lê Văn Anh",
    "Hoàng Thị Ưng",
]


@pytest.fixture
def named(org_tree):
    return {
        name: MemberFactory(full_name=name, organization=org_tree.hothau_village)
        for name in NAMES
    }


def found(text):
    return sorted(m.full_name for m in search(Member.objects.all(), text))


@pytest.mark.smoke
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nguyen thi anh", ["Nguyễn Thị Ánh", "Nguyễn Thị Ánh Tuyết"]),
        ("Nguyễn Thị Ánh Tuyết", ["Nguyễn Thị Ánh Tuyết"]),
        ("NGUYEN THI ANH TUYET", ["Nguyễn Thị Ánh Tuyết"]),
        ("dang", ["Ngàm Đăng Vài", "Đặng Thị Mẩy", "Đặng Văn Dũng"]),
        ("đặng", ["Ngàm Đăng Vài", "Đặng Thị Mẩy", "Đặng Văn Dũng"]),
        ("dung", ["Đặng Văn Dũng"]),
        ("anh", ["Lê Văn Anh", "Nguyễn Thị Ánh", "Nguyễn Thị Ánh Tuyết"]),
        ("thanh", ["Trần Thanh Hà"]),
        ("po ly ngai", ["Pờ Ly Ngài"]),
        ("ung", ["Hoàng Thị Ưng"]),
        ("  vang   seo ", ["Vàng Seo Páo"]),
        ("xyz", []),
    ],
)
def test_name_search_ignores_accents_and_case(named, query, expected):
    assert found(query) == sorted(expected)


@pytest.mark.smoke
def test_decomposed_unicode_input_finds_the_same(named):
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Ánh Tuyết")
    assert decomposed != "Nguyễn Thị Ánh Tuyết"
    assert found(decomposed) == ["Nguyễn Thị Ánh Tuyết"]
    stored = Member(
        full_name=unicodedata.normalize("NFD", "Đỗ Thị Hường"),
        sex="female",
        birth_date=datetime.date(1990, 1, 1),
        ethnicity=Ethnicity.objects.get(name="Kinh"),
        organization=named["Lê Văn Anh"].organization,
        status="official",
        admission_decision_date=datetime.date(2015, 1, 1),
        ceremony_date=datetime.date(2015, 2, 1),
    )
    stored.set_derived_fields()
    stored.save()
    assert found("do thi huong") == [stored.full_name]


def test_search_by_cccd_card_and_history_number(org_tree):
    member = MemberFactory(
        organization=org_tree.hothau,
        cccd="002190012345",
        card_number="47001234",
        history_number="012345HG",
    )
    assert list(search(Member.objects.all(), "002190012345")) == [member]
    assert list(search(Member.objects.all(), "0021900")) == [member]
    assert list(search(Member.objects.all(), "47001234")) == [member]
    assert list(search(Member.objects.all(), "012345hg")) == [member]
    assert list(search(Member.objects.all(), "4700")) == []


def test_vietnamese_order_given_name_then_family(named):
    page = keyset_page(Member.objects.all(), size=50)
    names = [m.full_name for m in page.rows]
    assert names.index("Lê Văn Anh") < names.index("Nguyễn Thị Ánh")
    assert names.index("Nguyễn Thị Ánh") < names.index("Đặng Văn Dũng")
    assert names.index("Đặng Văn Dũng") < names.index("Trần Thanh Hà")
    assert names.index("Trần Thanh Hà") < names.index("Đặng Thị Mẩy")
    assert names[-2:] == ["Hoàng Thị Ưng", "Ngàm Đăng Vài"]  # ư before v


def test_keyset_pages_cover_every_row_once_both_ways(org_tree):
    for n in range(23):
        MemberFactory(organization=org_tree.hothau, full_name=f"Lý Văn {chr(65 + n)}")
    everything = list(Member.objects.order_by("sort_key", "pk"))
    seen, page = [], keyset_page(Member.objects.all(), size=5)
    while True:
        seen.extend(page.rows)
        if page.next_cursor is None:
            break
        key, _, pk = page.next_cursor.partition("~")
        page = keyset_page(Member.objects.all(), after=(key, int(pk)), size=5)
    assert seen == everything
    key, _, pk = page.previous_cursor.partition("~")
    back = keyset_page(Member.objects.all(), before=(key, int(pk)), size=5)
    assert back.rows == everything[15:20]


def test_filters(client_as, org_staff, org_tree, frozen_today):
    kinh = Ethnicity.objects.get(name="Kinh")
    young = MemberFactory(
        organization=org_tree.hothau,
        birth_date=datetime.date(2000, 1, 1),
        sex="female",
        ethnicity=kinh,
        general_education="12/12",
        political_theory=TheoryLevel.INTERMEDIATE,
        religion=Religion.BUDDHISM,
        admission_decision_date=datetime.date(2022, 3, 1),
    )
    old = MemberFactory(
        organization=org_tree.namdich,
        birth_date=datetime.date(1950, 6, 1),
        general_education="7/10",
        admission_decision_date=datetime.date(1975, 3, 1),
    )
    client = client_as(org_staff)

    def rows(**params):
        response = client.get(reverse("members:list"), params)
        assert response.status_code == 200
        return {m.pk for m in response.context["page"].rows}

    assert rows() == {young.pk, old.pk}
    assert rows(sex="female") == {young.pk}
    assert rows(ethnicity=kinh.pk) == {young.pk}
    assert rows(age="-30") == {young.pk}
    assert rows(age="61-") == {old.pk}
    assert rows(education="upper_secondary") == {young.pk}
    assert rows(education="lower_secondary") == {old.pk}
    assert rows(political_theory="intermediate") == {young.pk}
    assert rows(religion="buddhism") == {young.pk}
    assert rows(party_age="50-") == {old.pk}
    assert rows(party_age="-9") == {young.pk}
    assert rows(organization=org_tree.namdich.pk) == {old.pk}
    old.exemptions.create(start=D_START, reason="Tuổi cao")
    assert rows(exempt="yes") == {old.pk}
    assert rows(exempt="no") == {young.pk}
    assert rows(q="thu", organization=org_tree.hothau.pk) == {young.pk}


def test_member_list_queries_do_not_grow_with_rows(client_as, org_staff, org_tree):
    client = client_as(org_staff)

    def count(**params) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("members:list"), params).status_code == 200
        return len(queries)

    MemberFactory(organization=org_tree.hothau)
    small = count()
    for n in range(60):
        cell = org_tree.agency if n % 2 else org_tree.hothau_village
        MemberFactory(organization=cell)
    assert count() == small <= 12
    assert count(q="nguyen", sex="male", organization=org_tree.hothau.pk) <= 12


def test_member_page_and_scope(
    client_as, org_tree, hothau_secretary, namdich_secretary
):
    member = MemberFactory(
        full_name="Vàng Seo Páo",
        organization=org_tree.hothau_village,
        cccd="002090012345",
    )
    page = client_as(hothau_secretary).get(member.get_absolute_url())
    assert page.status_code == 200
    assert "Vàng Seo Páo" in page.content.decode()
    assert "002090012345" in page.content.decode()
    assert (
        client_as(namdich_secretary).get(member.get_absolute_url()).status_code == 404
    )
    listing = client_as(namdich_secretary).get(
        reverse("members:list"), {"q": "vang seo"}
    )
    assert listing.context["total"] == 0


def test_a_bad_cursor_starts_the_list_again(client_as, org_staff, org_tree):
    MemberFactory(organization=org_tree.hothau)
    client = client_as(org_staff)
    for params in ({"after": "abc"}, {"before": "1~x"}):
        response = client.get(reverse("members:list"), params)
        assert response.status_code == 200
        assert response.context["total"] == 1


@pytest.mark.parametrize(
    "params",
    [
        {"q": "Nguyễn " * 20},
        {"q": "Lù\x00Seo"},
        {"age": "nonsense"},
        {"sex": "x"},
        {"ethnicity": "999999"},
    ],
)
def test_a_filter_that_cannot_be_used_lists_nobody_and_says_so(
    client_as, org_staff, org_tree, params
):
    MemberFactory(full_name="Lù Seo Chứ", organization=org_tree.hothau)
    client = client_as(org_staff)
    response = client.get(reverse("members:list"), params)
    assert response.status_code == 200
    assert response.context["total"] == 0
    page = response.content.decode()
    assert 'id="filter-error"' in page
    assert "Lù Seo Chứ" not in page
    # The export treats it the same way: back to the list, which says why.
    export = client.get(reverse("members:export"), {**params, "format": "csv"})
    assert export.status_code == 302
    assert export["Location"].startswith(reverse("members:list") + "?")
    followed = client.get(export["Location"])
    assert 'id="filter-error"' in followed.content.decode()
    assert not AuditEntry.objects.filter(action="members.export").exists()


def test_organization_filter_outside_scope_is_404(
    client_as, org_tree, hothau_secretary
):
    other = OrganizationFactory(parent=org_tree.namdich)
    response = client_as(hothau_secretary).get(
        reverse("members:list"), {"organization": other.pk}
    )
    assert response.status_code == 404
    export = client_as(hothau_secretary).get(
        reverse("members:export"), {"organization": other.pk, "format": "csv"}
    )
    assert export.status_code == 404


def test_large_totals_are_counted_later_and_cells_are_left_out_of_the_dropdown(
    client_as, org_staff, org_tree, monkeypatch
):
    monkeypatch.setattr("members.views.TOTAL_CAP", 2)
    MemberFactory.create_batch(3, organization=org_tree.hothau_village)
    response = client_as(org_staff).get(reverse("members:list"))
    assert "Hơn 2 đảng viên; đang đếm" in response.content.decode()
    offered = [
        value
        for value, _label in response.context["form"]
        .fields["organization"]
        .widget.choices
    ]
    assert org_tree.hothau.pk in offered
    assert org_tree.hothau_village.pk not in offered
    chosen = client_as(org_staff).get(
        reverse("members:list"), {"organization": org_tree.hothau_village.pk}
    )
    assert response.status_code == chosen.status_code == 200
    offered = [
        value
        for value, _l in chosen.context["form"].fields["organization"].widget.choices
    ]
    assert org_tree.hothau_village.pk in offered
