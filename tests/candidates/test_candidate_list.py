"""The candidate list where people compare: a search by name or CCCD, a count
per stage, pages instead of a silent cut, the user's scope only."""

import pytest
from django.urls import reverse

from candidates.models import Candidate, Stage
from tests.candidates.conftest import introduce
from tests.factories import letters

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.smoke,
    pytest.mark.usefixtures("frozen_today"),
]


@pytest.fixture
def many(org_tree, hothau_secretary, namdich_secretary):
    made = [
        introduce(
            org_tree.hothau_village,
            hothau_secretary,
            full_name=f"Hoàng Thị Mai {letters(n)}",
            cccd=f"0023000{n:05d}",
        )
        for n in range(55)
    ]
    Candidate.objects.filter(pk__in=[c.pk for c in made[:5]]).update(stage=Stage.LISTED)
    introduce(
        org_tree.namdich_village,
        namdich_secretary,
        full_name="Lý Thị Nậm",
        cccd="002300099999",
    )
    return made


def listing(client, **params):
    return client.get(reverse("candidates:list"), params)


def test_counts_pages_and_scope(many, hothau_secretary, client_as):
    client = client_as(hothau_secretary)
    first = listing(client)
    assert first.context["total"] == 55
    counts = {value: n for value, _label, n in first.context["stages"]}
    assert (counts[Stage.INTRODUCED], counts[Stage.LISTED]) == (50, 5)
    assert len(first.context["page"].object_list) == 50
    assert "Trang 1 / 2" in first.text
    second = listing(client, page=2)
    assert len(second.context["page"].object_list) == 5
    assert "Lý Thị Nậm" not in first.text + second.text
    listed = listing(client, stage=Stage.LISTED)
    assert len(listed.context["page"].object_list) == 5
    # The counts stay those of the search, whatever the stage chosen.
    assert listed.context["total"] == 55


def test_search_by_name_without_accents_or_by_cccd(many, hothau_secretary, client_as):
    client = client_as(hothau_secretary)
    by_name = listing(client, q="mai ah")
    assert [c.full_name for c in by_name.context["page"].object_list] == [
        "Hoàng Thị Mai AH"
    ]
    by_cccd = listing(client, q="002300000012")
    assert [c.full_name for c in by_cccd.context["page"].object_list] == [
        "Hoàng Thị Mai AM"
    ]
    # Another commune's candidate is not found by her CCCD.
    assert not listing(client, q="002300099999").context["page"].object_list


@pytest.mark.parametrize("q", ["x" * 101, "Mai\x00"])
def test_an_unusable_search_lists_nobody_and_says_why(
    many, hothau_secretary, client_as, q
):
    page = listing(client_as(hothau_secretary), q=q)
    assert page.status_code == 200
    assert 'id="filter-error"' in page.text
    assert not page.context["page"].object_list
