"""The menu on a phone: the dashboard and the two pages each role opens most,
the rest behind one "Menu" button; on a desk every link."""

import re

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


def menu(client):
    page = client.get(reverse("reports:dashboard")).content.decode()
    nav = page.split('<nav class="nav"')[1].split("</nav>")[0]
    direct = nav.split('<details class="nav-more">')[0]
    on_phone = re.findall(r'<a href="([^"]+)">', direct)
    behind = re.findall(r'<a href="([^"]+)"', nav.split('class="nav-more-links"')[1])
    return on_phone, behind


@pytest.mark.parametrize(
    ("persona", "pages"),
    [
        ("hothau_secretary", ["candidates:list", "members:list"]),
        ("org_staff", ["candidates:list", "candidates:meetings"]),
        ("standing_member", ["reports:statistics", "candidates:meetings"]),
        ("viewer", ["members:list", "reports:statistics"]),
    ],
)
def test_each_role_gets_its_two_pages_on_a_phone(request, client_as, persona, pages):
    on_phone, behind = menu(client_as(request.getfixturevalue(persona)))
    expected = {reverse("reports:dashboard"), *(reverse(p) for p in pages)}
    assert set(on_phone) == expected
    # Nothing is lost: every other link is behind "Menu", once.
    assert reverse("organizations:jobs") in behind
    assert not expected & set(behind)
    assert len(behind) == len(set(behind))
