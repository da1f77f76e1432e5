"""Once-only actions taken twice at the same moment, each on its own
PostgreSQL connection: one wins, the other is told why in Vietnamese, and the
registry holds the action once. (The dossier's and the meeting's are in
tests/candidates/test_concurrency.py, receiving a transfer in
tests/members/test_transfers.py.)"""

import datetime

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django_otp.plugins.otp_static.models import StaticToken

from members.models import Badge, MemberEvent, PartyCard
from members.services import cards
from members.services.badges import award_badge
from members.services.cards import issue_card
from members.services.recording import Decision
from members.services.temporary import end_temporary_transfer
from organizations.models import AuditEntry, Notification
from organizations.services import two_factor
from reports.models import StatisticsSnapshot
from reports.services.reminders import remind
from reports.services.statistics import freeze
from reports.statistics.period import Period
from tests.factories import MemberFactory, away_to_work
from tests.threads import at_once, meeting_point

D = datetime.date

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data", "frozen_today"),
]


def one_won(outcomes, message: str) -> None:
    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(refused) == 1, outcomes
    assert isinstance(refused[0], ValidationError), refused[0]
    assert message in " ".join(refused[0].messages)


def test_one_card_number_issued_to_two_members_at_once(
    org_tree, org_staff, monkeypatch
):
    # Members of two cells, so that no lock on a cell orders the two.
    first = MemberFactory(organization=org_tree.hothau_village)
    second = MemberFactory(organization=org_tree.namdich_village)
    # Both past the check that the number is free before either writes it.
    meet, check_unique = meeting_point(), cards.check_unique
    monkeypatch.setattr(
        cards, "check_unique", lambda *a, **k: (check_unique(*a, **k), meet())
    )

    def issue(member):
        return lambda: issue_card(
            member,
            number="47009999",
            issued_on=D(2026, 11, 20),
            reason=PartyCard.Reason.EXCHANGE,
            by=org_staff,
        )

    one_won(at_once(issue(first), issue(second)), "47009999")
    assert PartyCard.objects.filter(number="47009999").count() == 1


def test_one_badge_recorded_twice_at_once(org_tree, org_staff):
    member = MemberFactory(
        organization=org_tree.hothau_village,
        admission_decision_date=D(1990, 3, 1),
        official_date=D(1991, 3, 1),
    )

    def award():
        return award_badge(
            member,
            milestone=30,
            awarded_on=D(2026, 11, 7),
            decision=Decision("900-QĐ/TU", D(2026, 11, 1), "Tỉnh ủy Hà Giang"),
            by=org_staff,
        )

    one_won(at_once(award, award), "30")
    assert Badge.objects.filter(member=member).count() == 1


def test_one_return_from_a_temporary_transfer_recorded_twice_at_once(
    org_tree, hothau_secretary
):
    member = MemberFactory(organization=org_tree.hothau_village)
    away_to_work(member, hothau_secretary, start=D(2026, 6, 1), until=D(2026, 10, 1))

    def back():
        return end_temporary_transfer(member, on=D(2026, 10, 1), by=hothau_secretary)

    one_won(at_once(back, back), "tạm thời")
    returned = MemberEvent.objects.filter(
        member=member, kind=MemberEvent.Kind.TEMPORARY_RETURNED
    )
    assert returned.count() == 1


def test_one_year_of_statistics_frozen_twice_at_once(org_tree, org_staff):
    def freeze_year():
        return freeze(org_tree.district, Period.year(2025), by=org_staff)

    one_won(at_once(freeze_year, freeze_year), "")
    assert (
        StatisticsSnapshot.objects.filter(organization=org_tree.district).count() == 1
    )


def test_one_backup_code_used_by_two_sign_ins_at_once(hothau_secretary, monkeypatch):
    device = two_factor.start_enrolment(hothau_secretary)
    device.confirmed = True
    device.save()
    backup = two_factor.StaticDevice.objects.create(
        user=hothau_secretary, name=two_factor.BACKUP
    )
    StaticToken.objects.create(device=backup, token="abcd1234")
    # Both would have found the code unused before either used it up, but
    # django-otp locks the user's devices first.
    meet, delete = meeting_point(), StaticToken.delete
    monkeypatch.setattr(StaticToken, "delete", lambda self: (meet(), delete(self)))

    def sign_in():
        request = RequestFactory().post("/login/verify/")
        SessionMiddleware(lambda r: None).process_request(request)
        request.user = hothau_secretary
        return two_factor.verify(request, hothau_secretary, "abcd1234")

    assert sorted(at_once(sign_in, sign_in)) == [False, True]
    assert AuditEntry.objects.filter(action="auth.otp_backup_used").count() == 1
    assert not StaticToken.objects.filter(device=backup).exists()


def test_the_reminders_run_twice_at_once_mail_once(org_tree, hothau_secretary):
    hothau_secretary.email = "hothau@example.vn"
    hothau_secretary.save()
    member = MemberFactory(organization=org_tree.hothau_village)
    away_to_work(member, hothau_secretary, start=D(2026, 7, 1), until=D(2026, 12, 1))

    def run():
        return remind(hothau_secretary, D(2026, 11, 28))

    outcomes = at_once(run, run)
    assert sorted(o is None for o in outcomes) == [False, True]
    assert Notification.objects.filter(recipient=hothau_secretary).count() == 1
