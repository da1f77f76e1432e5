"""A database that does not answer gives the 503 page (wait and try again);
any other failure the plain 500 page."""

import pytest
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
