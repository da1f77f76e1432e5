"""A database that does not answer gives the 503 page (wait and try again);
any other failure the plain 500 page."""

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


def failing_with(exception: Exception):
    def load(self):
        raise exception

    return load


@pytest.mark.parametrize(
    ("failure", "status", "text"),
    [
        (
            OperationalError("the database system is shutting down"),
            503,
            "Cơ sở dữ liệu đang tạm thời không trả lời",
        ),
        (RuntimeError("a bug"), 500, "Đã có lỗi xảy ra"),
    ],
)
def test_the_error_page_says_whether_to_wait(
    hothau_secretary, monkeypatch, failure, status, text
):
    client = Client(raise_request_exception=False)
    client.force_login(hothau_secretary)
    monkeypatch.setattr(SessionStore, "load", failing_with(failure))
    response = client.get(reverse("reports:dashboard"))
    assert response.status_code == status
    assert text in response.content.decode()
    assert response.has_header("Retry-After") == (status == 503)


def test_a_session_the_database_could_not_save_is_a_wait_not_a_bad_request(
    hothau_secretary, monkeypatch, settings
):
    """Django reports a session save refused by a dying database as an
    interrupted session (a 400); the user is told to wait instead."""
    settings.SESSION_SAVE_EVERY_REQUEST = True
    client = Client(raise_request_exception=False)
    client.force_login(hothau_secretary)

    def refuse(self, must_create=False):
        # As the database backend does when the UPDATE fails.
        try:
            raise OperationalError("terminating connection due to administrator")
        except OperationalError:
            raise UpdateError  # noqa: B904

    monkeypatch.setattr(SessionStore, "save", refuse)
    response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 503
    assert "Cơ sở dữ liệu đang tạm thời không trả lời" in response.content.decode()
