"""The due list mailed every morning: each responsible user once a day, each
item once, a missed day caught up, never before six, never a person's name."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from organizations.models import Notification, Role
from reports.models import Reminder, ReminderRun
from reports.services.reminders import remind, send_due_reminders
from tests.factories import (
    MemberFactory,
    RoleAssignmentFactory,
    UserFactory,
    away_to_work,
)

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]

D = datetime.date


def nine_in_the_morning() -> datetime.datetime:
    return timezone.localtime().replace(hour=9, minute=0)


@pytest.fixture
def mailing(in_process_tasks, django_capture_on_commit_callbacks):
    """Send the reminders as beat would, the mails sent at once."""

    def send(at=None):
        with django_capture_on_commit_callbacks(execute=True):
            return send_due_reminders(at or nine_in_the_morning())

    return send


@pytest.fixture
def staff(org_tree, hothau_secretary, org_staff):
    hothau_secretary.email = "hothau@example.vn"
    hothau_secretary.save()
    org_staff.email = "btc@example.vn"
    org_staff.save()
    return hothau_secretary, org_staff


def away_until(org_tree, by, until, name="Vàng Seo Páo"):
    member = MemberFactory(organization=org_tree.hothau_village, full_name=name)
    away_to_work(member, by, start=D(2026, 7, 1), until=until)
    return member


def test_each_responsible_user_is_mailed_once_a_day(
    org_tree, staff, today_is, mailing, settings
):
    today_is(D(2026, 11, 28))
    settings.SITE_URL = "https://dangvien.example.vn"
    secretary, _staff = staff
    member = away_until(org_tree, secretary, D(2026, 12, 1))

    assert mailing() == 2
    assert sorted(m.to for m in mail.outbox) == [
        ["btc@example.vn"],
        ["hothau@example.vn"],
    ]
    letter = mail.outbox[0]
    assert letter.subject == "Phần mềm quản lý đảng viên: việc đến hạn (28/11/2026)"
    assert "01/12/2026" in letter.body
    assert f"https://dangvien.example.vn/members/{member.pk}/" in letter.body
    # A mail leaves the registry's protection: no person is named in it.
    assert "Vàng Seo Páo" not in letter.body
    assert Notification.objects.filter(mail_sent_at__isnull=False).count() == 2

    # Asked again the same day, by beat or by hand: nothing more is sent.
    assert mailing() is None
    assert remind(secretary, D(2026, 11, 28)) is None
    assert len(mail.outbox) == 2
    assert ReminderRun.objects.get().users_mailed == 2


def test_a_day_the_workers_were_down_is_caught_up(org_tree, staff, today_is, mailing):
    secretary, _staff = staff
    today_is(D(2026, 11, 28))
    away_until(org_tree, secretary, D(2026, 12, 1))
    assert mailing() == 2
    # On the 29th a new item falls due and no reminder runs; on the 30th the
    # new item is mailed, and the one mailed before is not mailed again.
    today_is(D(2026, 11, 29))
    away_until(org_tree, secretary, D(2026, 12, 4), name="Lù Thị Mai")
    today_is(D(2026, 11, 30))
    mail.outbox.clear()
    assert mailing() == 2
    body = mail.outbox[0].body
    assert "04/12/2026" in body
    assert "01/12/2026" not in body
    assert Reminder.objects.filter(user=secretary).count() == 2


def test_nothing_before_six_in_the_morning(org_tree, staff, today_is, mailing):
    today_is(D(2026, 11, 28))
    away_until(org_tree, staff[0], D(2026, 12, 1))
    assert mailing(timezone.localtime().replace(hour=5, minute=59)) is None
    assert mail.outbox == []
    assert not ReminderRun.objects.exists()


def test_only_the_responsible_with_an_address_and_something_new(
    org_tree, staff, namdich_secretary, viewer, today_is, mailing
):
    today_is(D(2026, 11, 28))
    secretary, org_staff = staff
    away_until(org_tree, secretary, D(2026, 12, 1))
    namdich_secretary.email = "namdich@example.vn"
    namdich_secretary.save()
    viewer.email = "xem@example.vn"
    viewer.save()
    org_staff.email = ""
    org_staff.save()
    no_role = UserFactory(email="nobody@example.vn")
    former = UserFactory(email="former@example.vn")
    RoleAssignmentFactory(
        user=former,
        organization=org_tree.hothau,
        role=Role.SECRETARY,
        ended_on=D(2026, 1, 1),
    )
    assert mailing() == 1
    assert [m.to for m in mail.outbox] == [["hothau@example.vn"]]
    assert not Notification.objects.filter(recipient=no_role).exists()
