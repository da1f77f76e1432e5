"""The simulated users of benchmarks/load.py: committee staff of the province
and commune secretaries, signed in through the login page, reading the
dashboard, lists, searches, member and candidate pages, and now and then
asking for a member's sheet (a PDF rendered by a documents worker).

benchmarks/load.py writes the accounts and the ids to visit to the file in
LOAD_TARGETS and runs locust on this file; it is not meant to be run alone.
"""

import json
import os
import random
import re
from pathlib import Path

from locust import HttpUser, between, task

TARGETS = json.loads(Path(os.environ["LOAD_TARGETS"]).read_text(encoding="utf-8"))
SYLLABLES = ["thị", "văn", "seo", "nguyễn", "lù", "giàng", "thi", "hoàng", "páo"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class RegistryUser(HttpUser):
    # A person reads a page before opening the next one.
    wait_time = between(1, 5)

    def on_start(self) -> None:
        account = random.choice(TARGETS["accounts"])
        self.members = account["members"]
        self.candidates = account["candidates"]
        page = self.client.get("/login/", name="login page")
        token = CSRF.search(page.text)
        self.client.post(
            "/login/",
            {
                "username": account["username"],
                "password": TARGETS["password"],
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": self.host + "/login/"},
            name="sign in",
        )

    @task(3)
    def dashboard(self) -> None:
        self.client.get("/", name="dashboard")

    @task(3)
    def member_list(self) -> None:
        page = random.choice(["", "?page=2", "?page=5"])
        self.client.get(f"/members/{page}", name="member list")

    @task(2)
    def search(self) -> None:
        self.client.get(
            "/members/", params={"q": random.choice(SYLLABLES)}, name="member search"
        )

    @task(3)
    def member_page(self) -> None:
        self.client.get(f"/members/{random.choice(self.members)}/", name="member page")

    @task(2)
    def candidate_list(self) -> None:
        self.client.get("/candidates/", name="candidate list")

    @task(2)
    def candidate_page(self) -> None:
        if self.candidates:
            pk = random.choice(self.candidates)
            self.client.get(f"/candidates/{pk}/", name="candidate page")

    @task(1)
    def member_sheet(self) -> None:
        # Signing in rotated the CSRF token; the cookie holds the new one.
        token = self.client.cookies.get("csrftoken", "")
        self.client.post(
            f"/documents/members/{random.choice(self.members)}/",
            {"csrfmiddlewaretoken": token},
            headers={"Referer": self.host + "/"},
            name="document request (→ job page)",
        )
