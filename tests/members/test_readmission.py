import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from members.models import Member, MemberEvent, Placement
from members.services.readmission import readmit_member
from members.services.recording import Decision
from reports.selectors import dashboard_figures
from tests.factories import MemberFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

D = datetime.date


@pytest.fixture
def removed(org_tree):
    return MemberFactory(
        full_name="Lù Seo Chứ",
        organization=org_tree.hothau_village,
        status=Member.Status.REMOVED,
        end_date=D(2022, 6, 1),
        end_reason=Member.Status.REMOVED,
    )


DECIDED = D(2026, 5, 20)


def readmit(member, org, by, decided=DECIDED, **flags):
    flags.setdefault("provincial_consent", True)
    return readmit_member(
        member,
        decision=Decision("7-QĐ/HU", decided, "Ban Thường vụ Huyện ủy"),
        ceremony_date=decided + datetime.timedelta(days=20),
        organization=org,
        by=by,
        **flags,
    )


def test_a_new_period_on_the_same_row(removed, org_tree, org_staff):
    readmit(removed, org_tree.hothau_village, org_staff)
    removed.refresh_from_db()
    assert (removed.status, removed.end_date, removed.official_date) == (
        "probationary",
        None,
        None,
    )
    periods = Placement.objects.filter(member=removed, opens_period=True).order_by(
        "start"
    )
    assert [p.decision_date for p in periods] == [D(2010, 3, 20), D(2026, 5, 20)]
    assert removed.events.filter(kind=MemberEvent.Kind.READMITTED).exists()
    # Counted as an admission of 2026; not a member between the two periods.
    assert dashboard_figures(org_staff, D(2026, 11, 28)).admitted_in_year == 1
    assert dashboard_figures(org_staff, D(2024, 1, 1)).members.total == 0


@pytest.mark.parametrize(
    ("decided", "flags", "message"),
    [
        (D(2025, 5, 31), {}, "01/06/2025"),
        (D(2026, 5, 20), {"provincial_consent": False}, "Ban Thường vụ tỉnh"),
    ],
)
def test_the_rules_are_explained(removed, org_tree, org_staff, decided, flags, message):
    with pytest.raises(ValidationError, match=message):
        readmit(removed, org_tree.hothau_village, org_staff, decided=decided, **flags)
    removed.refresh_from_db()
    assert removed.end_date is not None


def test_only_once_and_never_after_leaving_at_own_request(removed, org_tree, org_staff):
    readmit(removed, org_tree.hothau_village, org_staff)
    removed.refresh_from_db()
    removed.status = removed.end_reason = Member.Status.REMOVED
    removed.end_date = D(2026, 7, 1)
    removed.save()
    with pytest.raises(ValidationError, match="một lần"):
        readmit(removed, org_tree.hothau_village, org_staff)
    left = MemberFactory(
        organization=org_tree.hothau_village,
        status="left",
        end_date=D(2020, 1, 1),
        end_reason="left",
    )
    with pytest.raises(ValidationError, match="hoàn cảnh gia đình"):
        readmit(left, org_tree.hothau_village, org_staff)
    readmit(left, org_tree.hothau_village, org_staff, family_hardship=True)
    dead = MemberFactory(
        organization=org_tree.hothau_village,
        status="deceased",
        end_date=D(2020, 1, 1),
        end_reason="deceased",
    )
    with pytest.raises(ValidationError):
        readmit(dead, org_tree.hothau_village, org_staff)


def test_secretaries_cannot_readmit(removed, org_tree, hothau_secretary, client_as):
    with pytest.raises(PermissionDenied):
        readmit(removed, org_tree.hothau_village, hothau_secretary)
    url = reverse("members:action", args=[removed.pk, "readmit"])
    assert client_as(hothau_secretary).get(url).status_code == 403
