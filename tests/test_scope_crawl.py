"""Every page a secretary can reach on the demo shows nobody from outside her
scope, by link or by name (DESIGN.md §2): the class of leak where a page lists
people without the visibility filter, found once on a district class page."""

import re
from collections import Counter, deque
from html import unescape

import pytest

from candidates.models import Candidate
from candidates.selectors import visible_candidates
from members.models import Member, Transfer
from members.selectors import visible_members
from organizations.models import User
from organizations.selectors import visible_organizations

pytestmark = pytest.mark.django_db

START = [
    "/",
    "/members/organizations/",
    "/members/",
    "/members/probation/",
    "/members/badges/",
    "/members/transfers/",
    "/candidates/",
    "/candidates/mine/",
    "/candidates/classes/",
    "/candidates/targets/",
    "/statistics/",
    "/ranking/",
    "/candidates/recognition/",
    "/candidates/meetings/",
    "/candidates/registers/",
    "/accounts/",
    "/jobs/",
]
# Links that change state, log out or send files are not followed.
SKIPPED = re.compile(
    r"logout|/static/|/admin/|/documents/|download|export|\.(pdf|xlsx|csv|jpg)$"
)
PERSON_LINK = re.compile(r'href="/(members|candidates)/(\d+)/')
PAGES_PER_SHAPE = 4


def _crawl(client) -> list[tuple[str, str]]:
    seen: set[str] = set()
    shapes: Counter[str] = Counter()
    queue, pages = deque(START), []
    while queue:
        url = queue.popleft()
        shape = re.sub(r"\d+", "N", url.split("?")[0])
        if url in seen or shapes[shape] >= PAGES_PER_SHAPE or SKIPPED.search(url):
            continue
        seen.add(url)
        shapes[shape] += 1
        response = client.get(url)
        # The entry pages are real pages: a moved one must not quietly drop out.
        expected = (200,) if url in START else (200, 302, 403, 404)
        assert response.status_code in expected, url
        assert_private(response, url)
        if response.status_code != 200 or "html" not in response["Content-Type"]:
            continue
        html = response.content.decode()
        pages.append((url, html))
        queue.extend(unescape(h) for h in re.findall(r'href="(/[^"#]*)"', html))
    return pages


INLINE_CODE = re.compile(r"<script(?![^>]*\ssrc=)|\son[a-z]+=|\sstyle=|<style", re.I)


def assert_private(response, url: str) -> None:
    """No copy of a page or file kept by a browser or proxy; a policy that
    runs only the registry's own scripts and styles; no sensor for any page."""
    assert response["Cache-Control"] == "private, no-store", url
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy, url
    assert "unsafe-inline" not in policy, url
    assert "camera=()" in response["Permissions-Policy"], url
    if "html" in response.get("Content-Type", ""):
        html = response.content.decode()
        assert not INLINE_CODE.search(html), f"{url}: {INLINE_CODE.search(html)}"


def _ngrams(html: str, sizes: set[int]) -> set[tuple[str, ...]]:
    words = re.sub(r"<[^>]+>", " ", unescape(html)).split()
    return {tuple(words[i : i + n]) for n in sizes for i in range(len(words))}


def test_a_secretary_sees_nobody_from_outside_her_scope(demo, client_as):
    hothau = User.objects.get(username="hothau")
    members = set(visible_members(hothau).values_list("pk", flat=True))
    candidates = set(visible_candidates(hothau).values_list("pk", flat=True))
    # The receiving side of a transfer sees who comes (DESIGN.md §2).
    scope = visible_organizations(hothau)
    moved = Member.objects.filter(
        transfers__in=Transfer.objects.filter(from_organization__in=scope)
        | Transfer.objects.filter(to_organization__in=scope)
    )
    # Accounts' names (the header shows her own) are not registry records.
    insiders = {
        *User.objects.values_list("full_name", flat=True),
        *Member.objects.filter(pk__in=members).values_list("full_name", flat=True),
        *moved.values_list("full_name", flat=True),
        *Candidate.objects.filter(pk__in=candidates).values_list(
            "full_name", flat=True
        ),
    }
    outsiders = {
        tuple(name.split())
        for name in [
            *Member.objects.exclude(pk__in=members).values_list("full_name", flat=True),
            *Candidate.objects.exclude(pk__in=candidates).values_list(
                "full_name", flat=True
            ),
        ]
        if name not in insiders
    }
    assert len(outsiders) > 1000
    sizes = {len(name) for name in outsiders}

    pages = _crawl(client_as(hothau))
    assert len(pages) > 60
    assert {"/candidates/classes/", "/members/transfers/", "/candidates/targets/"} <= {
        url for url, _html in pages
    }
    assert any(re.fullmatch(r"/candidates/classes/\d+/", url) for url, _ in pages)
    for url, html in pages:
        for kind, pk in PERSON_LINK.findall(html):
            allowed = members if kind == "members" else candidates
            assert int(pk) in allowed, f"{url} links to /{kind}/{pk}/"
        leaked = outsiders & _ngrams(html, sizes)
        assert not leaked, f"{url} names {sorted(' '.join(n) for n in leaked)[:5]}"
