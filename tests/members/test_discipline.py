"""Every discipline carries the vote that decided it: more than the share of
those entitled to vote that the rule rows set for its form (DOMAIN.md §5.4)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from members.models import MemberEvent
from members.services.discipline import Tally, discipline_member
from members.services.lifecycle import end_membership
from members.services.recording import Decision
from organizations.models import RuleVersion
from tests.factories import MemberFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.smoke,
    pytest.mark.usefixtures("frozen_today"),
]

D = datetime.date
DECISION = Decision("12-QĐ/HU", D(2026, 11, 20), "Ban Thường vụ Huyện ủy")


@pytest.fixture
def member(org_tree):
    return MemberFactory(full_name="Vàng Seo Páo", organization=org_tree.hothau_village)


def discipline(member, by, level, entitled, votes_for):
    return discipline_member(
        member,
        level=level,
        decision=DECISION,
        tally=Tally(entitled, votes_for),
        by=by,
    )


@pytest.mark.parametrize(
    ("level", "entitled", "votes_for", "taken"),
    [
        ("reprimand", 10, 5, False),
        ("reprimand", 10, 6, True),
        ("warning", 9, 5, True),
        # Two thirds of nine is six: a dismissal needs seven.
        ("dismissal", 9, 6, False),
        ("dismissal", 9, 7, True),
        ("warning", 9, 10, False),
    ],
)
def test_the_share_of_votes_each_form_needs(
    member, org_staff, level, entitled, votes_for, taken
):
    if taken:
        event = discipline(member, org_staff, level, entitled, votes_for)
        assert event.data["votes_for"] == votes_for
    else:
        with pytest.raises(ValidationError):
            discipline(member, org_staff, level, entitled, votes_for)
        assert not member.events.filter(kind=MemberEvent.Kind.DISCIPLINED).exists()


def test_the_share_is_the_rule_row_s(member, org_staff):
    RuleVersion.objects.create(
        key="discipline.reprimand_warning_threshold",
        value="2/3",
        unit=RuleVersion.Unit.FRACTION,
        effective_from=D(2026, 1, 1),
        source="Quy định mới (giả định cho kiểm thử)",
    )
    with pytest.raises(ValidationError, match="giả định"):
        discipline(member, org_staff, "reprimand", 10, 6)
    discipline(member, org_staff, "reprimand", 10, 7)


def test_an_expulsion_needs_its_vote(member, org_staff):
    def expel(tally):
        return end_membership(
            member,
            reason="expelled",
            on=D(2026, 11, 20),
            decision=DECISION,
            tally=tally,
            by=org_staff,
        )

    with pytest.raises(ValidationError):
        expel(None)
    with pytest.raises(ValidationError, match="2/3"):
        expel(Tally(9, 6))
    member.refresh_from_db()
    assert member.end_date is None
    expel(Tally(9, 7))
    member.refresh_from_db()
    assert member.status == "expelled"


def test_discipline_through_the_member_page(client_as, member, org_staff):
    url = reverse("members:action", args=[member.pk, "discipline"])
    data = {
        "decision_number": "12-QĐ/HU",
        "decision_date": "20/11/2026",
        "decided_by": "Ban Thường vụ Huyện ủy",
        "level": "warning",
        "entitled": "9",
        "votes_for": "4",
        "note": "",
    }
    refused = client_as(org_staff).post(url, data)
    assert refused.status_code == 200
    assert "4 trên 9 người có quyền biểu quyết" in refused.content.decode()
    assert client_as(org_staff).post(url, data | {"votes_for": "5"}).status_code == 302
    assert member.events.get(kind=MemberEvent.Kind.DISCIPLINED).data["entitled"] == 9
