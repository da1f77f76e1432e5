import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.smoke
def test_health_reports_the_database(client, settings):
    body = client.get(reverse("healthz")).json()
    assert body["status"] == "ok"
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
