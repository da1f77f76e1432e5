import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.smoke
def test_health_reports_the_database(client, settings):
    response = client.get(reverse("healthz"))
    body = response.json()
    assert response.status_code == 200
    # With a broker, no worker runs beside this test: "degraded".
    assert body["status"] == ("degraded" if settings.REDIS_URL else "ok")
    assert body["database"]["ok"] is True
    assert body["database"]["engine"] in ("sqlite", "postgresql")
    assert ("broker" in body) is bool(settings.REDIS_URL)


def test_health_reports_a_configured_broker(client, settings):
    if not settings.REDIS_URL:
        pytest.fail("the production configuration has a broker")
    assert client.get(reverse("healthz")).json()["broker"]["ok"] is True


def test_health_fails_when_the_broker_is_down(client, settings, monkeypatch):
    from config.celery import app

    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    monkeypatch.setattr(app.conf, "broker_url", "redis://127.0.0.1:1/0")
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["broker"]["ok"] is False


@pytest.fixture
def nothing_heard(settings):
    from django.core.cache import cache

    if not settings.REDIS_URL:
        pytest.fail("the production configuration has a broker")
    cache.delete_many(["health:beat", "health:queue:default", "health:queue:documents"])


def test_silent_workers_make_health_degraded_not_down(client, nothing_heard):
    from organizations.services.health import note_beat_tick, note_worker_heartbeat

    response = client.get(reverse("healthz"))
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["workers"]["documents"] == {"ok": False, "seconds_ago": None}

    note_worker_heartbeat("default", "celery@web1")
    note_worker_heartbeat("documents", "documents@web1")
    note_beat_tick()
    body = client.get(reverse("healthz")).json()
    assert body["status"] == "ok"
    assert body["workers"]["default"]["by"] == "celery@web1"
    assert body["beat"]["ok"] is True


def test_a_worker_not_heard_for_three_minutes_is_reported(client, nothing_heard):
    import time_machine

    from organizations.services.health import note_beat_tick, note_worker_heartbeat

    with time_machine.travel("2026-12-06 08:00:00 +0700", tick=False):
        note_worker_heartbeat("default", "celery@web1")
        note_worker_heartbeat("documents", "documents@web1")
        note_beat_tick()
    with time_machine.travel("2026-12-06 08:02:59 +0700", tick=False):
        assert client.get(reverse("healthz")).json()["status"] == "ok"
    with time_machine.travel("2026-12-06 08:03:01 +0700", tick=False):
        body = client.get(reverse("healthz")).json()
    assert body["status"] == "degraded"
    assert body["workers"]["default"] == {
        "ok": False,
        "seconds_ago": 181,
        "by": "celery@web1",
    }


def test_the_container_checks_fail_for_silence(nothing_heard):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from organizations.services.health import note_beat_tick

    with pytest.raises(CommandError, match="beat not heard from"):
        call_command("healthcheck", "--beat")
    note_beat_tick()
    call_command("healthcheck", "--beat")
    with pytest.raises(CommandError, match="did not answer"):
        call_command("healthcheck", "--worker", "nobody@%h", "--timeout", "0.5")
