"""An official transfer is due within the rule's working days of the move
(DOMAIN.md §5.1): one started later needs the reason, which is reported."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from members.services.transfers import start_transfer
from organizations.calendar import working_days_between
from organizations.models import RuleVersion
from tests.factories import MemberFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.smoke,
    pytest.mark.usefixtures("frozen_today"),
]

D = datetime.date
INTRODUCED = D(2026, 11, 2)


def moved_working_days_before(days):
    """The day from which the introduction falls `days` working days later."""
    day = INTRODUCED
    while working_days_between(day, INTRODUCED) < days:
        day -= datetime.timedelta(days=1)
    return day


@pytest.fixture
def member(org_tree):
    return MemberFactory(full_name="Lù Seo Chứ", organization=org_tree.hothau_village)


def introduce(member, org_tree, by, moved_on, late_reason=""):
    return start_transfer(
        member,
        to=org_tree.namdich_village,
        on=INTRODUCED,
        introduction_number="12-GGT",
        moved_on=moved_on,
        late_reason=late_reason,
        by=by,
    )


def test_sixty_working_days_and_then_a_reason(member, org_tree, hothau_secretary):
    late = moved_working_days_before(61)
    with pytest.raises(ValidationError, match="1 ngày làm việc"):
        introduce(member, org_tree, hothau_secretary, late)
    assert not member.transfers.exists()
    transfer = introduce(
        member, org_tree, hothau_secretary, late, late_reason="Ốm, nằm viện"
    )
    assert (transfer.moved_on, transfer.late_reason) == (late, "Ốm, nằm viện")


def test_in_time_needs_no_reason(member, org_tree, hothau_secretary):
    introduce(member, org_tree, hothau_secretary, moved_working_days_before(60))
    with pytest.raises(ValidationError):
        introduce(
            MemberFactory(organization=org_tree.hothau_village),
            org_tree,
            hothau_secretary,
            INTRODUCED + datetime.timedelta(days=1),
        )


def test_the_working_days_are_the_rule_row_s(member, org_tree, hothau_secretary):
    RuleVersion.objects.create(
        key="transfer.official_start_working_days",
        value=90,
        unit=RuleVersion.Unit.WORKING_DAYS,
        effective_from=D(2026, 1, 1),
        source="Quy định mới (giả định cho kiểm thử)",
    )
    introduce(member, org_tree, hothau_secretary, moved_working_days_before(61))


def test_the_transfer_form_takes_the_move(
    member, org_tree, hothau_secretary, namdich_secretary, client_as
):
    url = reverse("members:action", args=[member.pk, "transfer"])
    data = {
        "to": org_tree.namdich_village.pk,
        "on": "02/11/2026",
        "introduction_number": "12-GGT",
        "moved_on": moved_working_days_before(61).strftime("%d/%m/%Y"),
        "note": "",
    }
    refused = client_as(hothau_secretary).post(url, data)
    assert refused.status_code == 200
    assert "hãy ghi lý do" in refused.content.decode()
    taken = client_as(hothau_secretary).post(url, data | {"late_reason": "Ốm"})
    assert taken.status_code == 302
    transfer = member.transfers.get()
    assert transfer.late_reason == "Ốm"
    # The reason travels with the transfer: both sides read it.
    for side in (hothau_secretary, namdich_secretary):
        page = client_as(side).get(transfer.get_absolute_url()).content.decode()
        assert "Ốm" in page
        assert "bắt đầu muộn" in page
