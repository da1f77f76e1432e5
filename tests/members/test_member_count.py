"""The member list says exactly how many it lists: counted with the page when
that is cheap, asked for once the page is shown when the list is long, with
the same filters and the same scope."""

import pytest
from django.urls import reverse

from tests.factories import MemberFactory, letters

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.smoke,
    pytest.mark.usefixtures("frozen_today"),
]


@pytest.fixture
def members(org_tree):
    for n in range(4):
        MemberFactory(
            organization=org_tree.hothau_village, full_name=f"Lò Văn {letters(n)}"
        )
    MemberFactory(organization=org_tree.namdich_village, full_name="Lò Thị Nậm")


def test_a_short_list_is_counted_with_the_page(members, hothau_secretary, client_as):
    page = client_as(hothau_secretary).get(reverse("members:list"))
    assert "4 đảng viên hiện tại" in page.text
    assert "hx-get" not in page.text.split('id="member-total"')[0][-200:]


def test_a_long_list_asks_for_its_count_after_the_page(
    members, hothau_secretary, namdich_secretary, client_as, monkeypatch
):
    monkeypatch.setattr("members.views.TOTAL_CAP", 2)
    client = client_as(hothau_secretary)
    page = client.get(reverse("members:list"), {"q": "lo van"}).text
    total = page.split('id="member-total"')[1].split("</p>")[0]
    assert "Hơn 2 đảng viên; đang đếm" in total
    assert f'hx-get="{reverse("members:list_count")}?q=lo+van"' in total
    counted = client.get(reverse("members:list_count"), {"q": "lo van"}).text
    assert "4 đảng viên hiện tại" in counted
    assert "hx-get" not in counted
    # The same filters and scope: her commune's members only.
    assert (
        "1 đảng viên hiện tại"
        in client_as(namdich_secretary)
        .get(reverse("members:list_count"), {"q": "lo"})
        .text
    )


def test_after_a_search_the_filters_fold_away(members, hothau_secretary, client_as):
    page = client_as(hothau_secretary).get(
        reverse("members:list"), {"q": "lo", "sex": "male"}
    )
    filters = page.text.split('class="filters"')[1].split("</summary>")[0]
    assert "<details>" in filters
    assert "1 đang dùng" in filters
    assert page.text.index("Lò Văn AA") > page.text.index("</details>")
