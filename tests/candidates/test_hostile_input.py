"""Hostile and random input, tried by machine (hypothesis): every form the
registry offers a secretary and the organization committee's staff is posted
values people should not type (formulas, scripts, NUL bytes, absurd dates
and numbers, text a page long), and the lists and searches get the same in
their query parameters. Nothing answers 500, and a refused form writes
nothing. A fixed, derandomized example budget keeps CI's time the same."""

from collections.abc import Callable

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from candidates.cell_forms import CELL_FORMS
from candidates.steps import ADMISSION_PAGES
from members.actions import ACTIONS
from members.structure.views import CHANGES
from tests.factories import MemberFactory

from .conftest import introduce, prepare_for_vote

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

HOSTILE = [
    "",
    " ",
    "=cmd|' /C calc'!A0",
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "@SUM(A1:A9)",
    "<script>alert(1)</script>",
    "'; DROP TABLE members_member; --",
    "\x00",
    "a\x00b",
    "\u202eRTL\u202c",
    "31/02/2026",
    "00/00/0000",
    "29/02/2025",
    "1/13/2026",
    "9999-12-31",
    "01/01/0001",
    "-1",
    "0",
    "1e309",
    "NaN",
    "9" * 40,
    "92,5",
    "1.000.000",
    "🙂" * 60,
    "../../etc/passwd",
    "%00%0d%0a",
    "Nguyễn Thị Ánh Tuyết " * 20,
]
VALUES = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=300),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.dates().map(lambda day: day.strftime("%d/%m/%Y")),
)
PER_PAGE = settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
BUDGET = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# What a refused form must leave as it was (the audit log and sessions aside:
# reading a page is logged).
WRITTEN = (
    "candidates.Candidate",
    "candidates.StageLog",
    "candidates.Vote",
    "candidates.Verification",
    "candidates.Introducer",
    "candidates.ClassEnrolment",
    "candidates.TrainingClass",
    "candidates.ReviewMeeting",
    "candidates.AgendaItem",
    "candidates.DecisionRegister",
    "candidates.DecisionNumber",
    "members.Member",
    "members.MemberEvent",
    "members.Transfer",
    "organizations.Organization",
    "organizations.RoleAssignment",
    "organizations.User",
)


def written() -> dict[str, int]:
    return {label: apps.get_model(label).objects.count() for label in WRITTEN}


def form_pages(client: Client, urls: list[str]) -> list[tuple[str, list[str]]]:
    """The pages among `urls` that show this user a form, with its fields."""
    pages = []
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, url
        form = (
            (response.context or {}).get("form")
            if response.status_code == 200
            else None
        )
        if form is not None and form.fields:
            pages.append((url, list(form.fields)))
    return pages


def hostile_posts(client: Client, url: str, fields: list[str]) -> Callable[[], None]:
    @PER_PAGE
    @given(data=st.data())
    def attempt(data: st.DataObject) -> None:
        values = {name: data.draw(VALUES, label=name) for name in fields}
        before = written()
        response = client.post(url, values)
        assert response.status_code < 500, (url, values)
        if response.status_code == 200:
            assert written() == before, (url, values)

    return attempt


def post_hostile(client: Client, pages: list[tuple[str, list[str]]]) -> None:
    """Each page's form, posted the budget's examples."""
    for url, fields in pages:
        hostile_posts(client, url, fields)()


@pytest.fixture
def dossier(org_tree, cell, awareness_class, hothau_secretary):
    candidate = introduce(org_tree.hothau_village, hothau_secretary)
    return prepare_for_vote(candidate, cell, awareness_class, hothau_secretary)


def test_every_form_of_the_secretary(dossier, org_tree, hothau_secretary, client_as):
    member = MemberFactory(organization=org_tree.hothau_village)
    urls = [
        reverse("candidates:create"),
        *(
            reverse("candidates:step", args=[dossier.pk, slug])
            for slug in ADMISSION_PAGES
        ),
        reverse("members:edit", args=[member.pk]),
        *(reverse("members:action", args=[member.pk, slug]) for slug in ACTIONS),
        reverse("members:ratings", args=[org_tree.hothau_village.pk]),
        reverse("members:months", args=[org_tree.hothau_village.pk]),
        reverse("password_change"),
        reverse("two_factor_setup"),
    ]
    client = client_as(hothau_secretary)
    pages = form_pages(client, urls)
    assert len(pages) >= 20, [url for url, _fields in pages]
    post_hostile(client, pages)


def test_every_form_of_the_organization_committee(
    meeting, register, committee, org_tree, org_staff, client_as
):
    urls = [
        reverse("candidates:meeting_create"),
        reverse("candidates:register_open"),
        reverse("candidates:class_create"),
        reverse("candidates:meeting_attendance", args=[meeting.pk]),
        *(
            reverse("candidates:item_outcome", args=[item.pk])
            for item in meeting.items.all()
        ),
        reverse("candidates:register_reserve", args=[register.pk]),
        reverse("organizations:account_create"),
        *(
            reverse("members:reorganize", args=[org_tree.hothau.pk, slug])
            for slug in CHANGES
        ),
        reverse("members:villages", args=[org_tree.hothau.pk]),
        reverse("candidates:golive"),
    ]
    client = client_as(org_staff)
    pages = form_pages(client, urls)
    assert len(pages) >= 6, [url for url, _fields in pages]
    post_hostile(client, pages)


LISTS = {
    "members:list": ["q", "organization", "status", "as_at", "page", "sex", "sort"],
    "candidates:list": ["q", "stage", "status", "page", "organization"],
    "candidates:targets": ["year", "sort", "organization"],
    "reports:statistics": ["year", "start", "end", "organization", "period"],
    "reports:dashboard": ["as_at"],
    "organizations:audit": ["person", "record", "organization", "start", "end", "page"],
    "members:organization_tree": ["as_at"],
}


@pytest.mark.parametrize("user", ["hothau_secretary", "org_staff", "viewer"])
def test_every_list_and_search_takes_any_query(request, user, org_tree, client_as):
    client = client_as(request.getfixturevalue(user))

    @BUDGET
    @given(data=st.data())
    def attempt(data: st.DataObject) -> None:
        name = data.draw(st.sampled_from(sorted(LISTS)))
        query = {
            param: data.draw(VALUES, label=param)
            for param in data.draw(st.lists(st.sampled_from(LISTS[name]), unique=True))
        }
        response = client.get(reverse(name), query)
        assert response.status_code < 500, (name, query)

    attempt()


def test_a_cell_paper_for_any_pk_and_code(org_tree, hothau_secretary, client_as):
    client = client_as(hothau_secretary)

    @BUDGET
    @given(
        code=st.one_of(
            st.sampled_from([f.code for f in CELL_FORMS]), st.text(max_size=20)
        ),
        pk=st.integers(min_value=0, max_value=2**31 - 1),
    )
    def attempt(code: str, pk: int) -> None:
        code = code.replace("/", "") or "x"
        response = client.post(reverse("reports:cell_form", args=[code, pk]))
        assert response.status_code in (404, 403), (code, pk)

    attempt()
