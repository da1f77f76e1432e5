"""The demo keeps every promise of README.md whatever the day it is built, and a
failed build leaves nothing behind."""

import datetime

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import transaction

from members.models import Member
from organizations import clock
from organizations.calendar import is_working_day
from organizations.models import Organization, User
from reports import demo
from reports.demo import SeedFailed, seed_demo
from reports.demo.promises import broken_promises
from reports.demo.review import last_and_next

from .test_seed_demo import _fingerprint

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]

REVIEW_DAY = datetime.date(2027, 4, 20)
DAYS = [
    REVIEW_DAY,
    REVIEW_DAY + datetime.timedelta(days=1),
    datetime.date(2026, 12, 31),  # the last day of a month and of a year
    datetime.date(2027, 1, 1),  # the first of both
    datetime.date(2027, 6, 30),
    datetime.date(2028, 2, 29),
    datetime.date(2027, 2, 8),  # in the Tết holiday
    datetime.date(2027, 3, 14),  # a Sunday
]


def test_the_dates_cover_the_edges():
    assert last_and_next(REVIEW_DAY) == (datetime.date(2027, 3, 22), REVIEW_DAY)
    assert last_and_next(DAYS[1]) == (REVIEW_DAY, datetime.date(2027, 5, 20))
    assert not is_working_day(datetime.date(2027, 2, 8))
    assert DAYS[-1].weekday() == 6


@pytest.mark.parametrize("day", [*DAYS, None], ids=[*map(str, DAYS), "today"])
def test_every_promise_is_kept(day):
    day = day or clock.today()
    with clock.as_of(day), transaction.atomic():
        seed_demo()
        assert broken_promises() == []
        transaction.set_rollback(True)


def test_a_failed_step_leaves_nothing_behind(monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("the committee room is locked")

    monkeypatch.setattr(demo, "build_reviews", fail)
    with pytest.raises(CommandError, match="«review meetings» failed"):
        call_command("seed_demo", "--date", "05/02/2027")
    assert not Organization.objects.exists()
    assert not User.objects.exists()
    assert default_storage.listdir("dossiers/demo")[1] == []


def test_seed_failed_names_its_step(monkeypatch):
    monkeypatch.setattr(demo, "build_pipeline", lambda *a, **k: 1 / 0)
    with pytest.raises(SeedFailed) as failure:
        seed_demo()
    assert failure.value.step == "candidate pipeline"
    assert not Member.objects.exists()


def test_a_demo_as_of_a_day_and_a_reset(capsys):
    call_command("seed_demo", "--date", "05/02/2027")
    assert "05/02/2027" in capsys.readouterr().out
    with clock.as_of(datetime.date(2027, 2, 5)):
        assert broken_promises() == []
    first = _fingerprint()
    # A second run, on any day, changes nothing without --reset.
    call_command("seed_demo", "--date", "2027-06-30")
    assert "nothing changed" in capsys.readouterr().out
    assert _fingerprint() == first
    call_command("seed_demo", "--reset", "--date", "2027-06-30")
    with clock.as_of(datetime.date(2027, 6, 30)):
        assert broken_promises() == []
    assert _fingerprint() != first
    assert Organization.objects.filter(code="HSP").count() == 1
    # The same day gives the same demo.
    again = _fingerprint()
    call_command("seed_demo", "--reset", "--date", "30/06/2027")
    assert _fingerprint() == again


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31/02/2027", "Not a date"),
        ("2027-13-01", "Not a date"),
        ("tomorrow", "Not a date"),
        ("31/12/2019", "at the earliest"),
    ],
)
def test_a_date_that_cannot_be_used_is_refused(value, message):
    with pytest.raises(CommandError, match=message):
        call_command("seed_demo", "--date", value)
    assert not Organization.objects.exists()
