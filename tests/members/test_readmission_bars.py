"""The bars to re-admission of DOMAIN.md §1.16: found by the decision that
ended the membership, kept on its event, judged by the rule row in force when
a re-admission is decided (never for corruption, serious crime, disunity,
abandoning activities; a less serious crime waits from the record's
clearing)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from members.models import MemberEvent
from members.services import lifecycle
from members.services.discipline import Tally
from members.services.readmission import readmit_member
from members.services.recording import Decision
from organizations.models import RuleVersion
from tests.factories import MemberFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.smoke,
    pytest.mark.usefixtures("frozen_today"),
]

D = datetime.date
DECIDED = D(2026, 5, 20)


@pytest.fixture
def former(org_tree):
    return MemberFactory(full_name="Lù Seo Chứ", organization=org_tree.hothau_village)


def expel(member, by, bars):
    lifecycle.end_membership(
        member,
        reason="expelled",
        on=D(2021, 3, 1),
        decision=Decision("3-QĐ/HU", D(2021, 3, 1), "Ban Thường vụ Huyện ủy"),
        bars=bars,
        tally=Tally(11, 9),
        by=by,
    )


def readmit(member, org, by, decided=DECIDED):
    return readmit_member(
        member,
        decision=Decision("7-QĐ/HU", decided, "Ban Thường vụ Huyện ủy"),
        ceremony_date=decided + datetime.timedelta(days=20),
        organization=org,
        provincial_consent=True,
        by=by,
    )


def test_a_bar_found_at_the_ending_refuses_with_its_rule(former, org_tree, org_staff):
    expel(former, org_staff, ["corruption"])
    event = former.events.get(kind=MemberEvent.Kind.EXPELLED)
    assert event.data["bars"] == ["corruption"]
    with pytest.raises(ValidationError, match="294-QĐ/TW") as refused:
        readmit(former, org_tree.hothau_village, org_staff)
    assert "tham nhũng" in str(refused.value)
    # A later rule that no longer bars it applies from its date.
    RuleVersion.objects.create(
        key="candidate.readmission_bars",
        value=["abandoned", "left_on_request"],
        unit=RuleVersion.Unit.LIST,
        effective_from=D(2026, 1, 1),
        source="Quy định mới (giả định cho kiểm thử)",
    )
    readmit(former, org_tree.hothau_village, org_staff)
    former.refresh_from_db()
    assert former.end_date is None


def test_a_less_serious_crime_waits_from_the_record_s_clearing(
    former, org_tree, org_staff
):
    expel(former, org_staff, ["less_serious_crime"])
    with pytest.raises(ValidationError, match="xóa án tích"):
        readmit(former, org_tree.hothau_village, org_staff)
    with pytest.raises(ValidationError):
        lifecycle.record_conviction_cleared(former, on=D(2021, 2, 1), by=org_staff)
    lifecycle.record_conviction_cleared(former, on=D(2021, 5, 21), by=org_staff)
    # Sixty months from 21/05/2021: not on 20/05/2026.
    with pytest.raises(ValidationError, match="21/05/2026"):
        readmit(former, org_tree.hothau_village, org_staff)
    readmit(former, org_tree.hothau_village, org_staff, decided=D(2026, 5, 21))


def test_the_ending_form_takes_the_bars(client_as, former, org_staff):
    url = reverse("members:action", args=[former.pk, "end"])
    data = {
        "reason": "removed",
        "on": "01/03/2021",
        "decision_number": "3-QĐ/HU",
        "decision_date": "01/03/2021",
        "decided_by": "Ban Thường vụ Huyện ủy",
        "bars": ["abandoned", "disunity"],
        "note": "",
    }
    assert client_as(org_staff).post(url, data).status_code == 302
    event = former.events.get(kind=MemberEvent.Kind.REMOVED)
    assert event.data["bars"] == ["abandoned", "disunity"]
    refused = client_as(org_staff).post(
        reverse("members:action", args=[former.pk, "record-cleared"]),
        {"on": "01/02/2021"},
    )
    assert refused.status_code == 200
    assert not former.events.filter(kind=MemberEvent.Kind.RECORD_CLEARED).exists()
