"""Figures as at a date count each member where they were on that date."""

import datetime

import pytest

from members.models import Placement
from members.selectors import member_counts_by_subtree
from members.services.transfers import receive_transfer, start_transfer
from organizations.models import Organization
from reports.selectors import dashboard_figures
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def counts(orgs, day):
    result = member_counts_by_subtree(list(Organization.objects.all()), day)
    return [result[o.pk].total for o in orgs]


def move(member, to, on, by):
    transfer = start_transfer(
        member,
        to=to,
        on=on - datetime.timedelta(days=10),
        introduction_number="1",
        by=by,
    )
    receive_transfer(transfer, on=on, by=by)


def test_a_member_counts_where_they_were_on_each_date(org_tree, superuser):
    member = MemberFactory(organization=org_tree.hothau_village)
    move(member, org_tree.namdich_village, D(2020, 6, 1), superuser)
    orgs = [org_tree.hothau, org_tree.namdich, org_tree.district]
    assert counts(orgs, D(2020, 5, 31)) == [1, 0, 1]
    assert counts(orgs, D(2020, 6, 1)) == [0, 1, 1]


def test_admissions_count_once_where_the_member_was_admitted(org_tree, org_staff):
    member = MemberFactory(
        organization=org_tree.hothau_village,
        admission_decision_date=D(2020, 3, 20),
        ceremony_date=D(2020, 4, 10),
        official_date=None,
        status="probationary",
    )
    move(member, org_tree.namdich_village, D(2020, 9, 1), org_staff)
    assert Placement.objects.filter(member=member).count() == 2
    figures = dashboard_figures(org_staff, D(2020, 12, 31))
    assert (figures.members.total, figures.admitted_in_year) == (1, 1)
