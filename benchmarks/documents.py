"""Document rendering benchmark (issue: monthly review).

Seeds the demo district in its own PostgreSQL database, puts 30 dossiers on a
review meeting, decides and locks it, then measures in one process, as a
documents worker runs them: the meeting dossier (about 60 pages) beside
WeasyPrint alone on the same HTML, the 30 decisions rendered one after another
and as one file, with the page counts and the process's peak memory. Each
measurement runs in its own child process so peaks do not add up.

Run:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/registry_docs \\
      .venv/bin/python benchmarks/documents.py
Results are appended to docs/benchmarks.md.
"""

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("PRIVATE_MEDIA_ROOT", str(ROOT / "var" / "bench-private"))
RUNS = 5
ITEMS = 30


def setup() -> None:
    from setting_up import set_up_django

    set_up_django("registry_docs")


def prepare() -> int:
    """The demo, and a locked meeting of 30 admission dossiers; returns its id."""
    from django.core.management import call_command

    from candidates.models import AgendaItem, Candidate, ReviewMeeting, Stage
    from candidates.review.services import decisions, meetings
    from organizations import clock
    from organizations.models import Organization, User
    from organizations.signers import committee_members

    call_command("migrate", verbosity=0)
    call_command("seed_demo", "--if-empty", verbosity=0)
    existing = ReviewMeeting.objects.filter(place="Benchmark").first()
    if existing is not None:
        return existing.pk
    committee = Organization.objects.get(code="HSP")
    staff = User.objects.get(username="btc")
    # Bench set-up, not a path users take: thirty dossiers past the cell vote
    # are marked appraised so that one meeting carries them.
    chosen = list(
        Candidate.objects.filter(
            status="active",
            stage__in=[
                Stage.CELL_APPROVED,
                Stage.GRASSROOTS_APPROVED,
                Stage.SUBMITTED,
                Stage.RETURNED,
                Stage.OPINIONS,
                Stage.INTRODUCERS,
            ],
        ).values_list("pk", flat=True)[:ITEMS]
    )
    Candidate.objects.filter(pk__in=chosen).update(stage=Stage.APPRAISED)
    meeting = meetings.create_meeting(
        committee,
        held_on=clock.today(),
        place="Benchmark",
        chair=User.objects.get(username="btv"),
        by=staff,
    )
    for item in meeting.items.exclude(candidate_id__in=chosen):
        meetings.hold_back(item, by=staff)
    members = committee_members(committee, meeting.held_on)
    meetings.set_attendance(meeting, present=members, secretary=staff, by=staff)
    for item in meeting.items.all():
        meetings.record_outcome(
            item,
            outcome=AgendaItem.Outcome.APPROVED,
            votes_for=len(members),
            votes_against=0,
            abstaining=0,
            by=staff,
        )
    decisions.lock_meeting(meeting, by=staff)
    return meeting.pk


def _pages(content: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(content)).pages)


def _timed(work) -> tuple[float, bytes]:  # type: ignore[no-untyped-def]
    from organizations.memo import unit_of_work

    def job() -> bytes:
        # As run_job does: each document is one unit of work.
        with unit_of_work():
            return work()  # type: ignore[no-any-return]

    job()  # warm-up: fonts, stylesheet, templates
    times, content = [], b""
    for _ in range(RUNS):
        started = time.perf_counter()
        content = job()
        times.append(time.perf_counter() - started)
    return statistics.median(times), content


def phase(name: str, meeting_id: int) -> dict[str, object]:
    from django.template.loader import render_to_string

    from candidates.models import DecisionNumber, ReviewMeeting
    from reports.documents import context as ctx
    from reports.documents.render import _fonts_and_stylesheet, render_pdf

    meeting = ReviewMeeting.objects.select_related("committee", "chair").get(
        pk=meeting_id
    )
    result: dict[str, object] = {}
    if name == "dossier":
        median, content = _timed(
            lambda: render_pdf(
                "reports/pdf/meeting_dossier.html", ctx.meeting_context(meeting)
            )
        )
        result.update(seconds=median, pages=_pages(content))
    elif name == "weasyprint":
        from weasyprint import HTML

        html = render_to_string(
            "reports/pdf/meeting_dossier.html", ctx.meeting_context(meeting)
        )
        fonts, css = _fonts_and_stylesheet()
        median, content = _timed(
            lambda: HTML(string=html).write_pdf(stylesheets=[css], font_config=fonts)
        )
        result.update(seconds=median, pages=_pages(content))
    elif name == "decisions":
        numbers = list(
            DecisionNumber.objects.filter(agenda_item__meeting=meeting).order_by(
                "number"
            )
        )

        def each() -> bytes:
            last = b""
            for number in numbers:
                last = render_pdf(
                    "reports/pdf/decision.html", ctx.decision_context(number)
                )
            return last

        median, _content = _timed(each)
        result.update(seconds=median, documents=len(numbers))
    elif name == "bundle":
        median, content = _timed(
            lambda: render_pdf(
                "reports/pdf/decisions.html", ctx.decisions_context(meeting)
            )
        )
        result.update(seconds=median, pages=_pages(content))
    result["peak_mb"] = peak_rss_mb()
    return result


def peak_rss_mb() -> float:
    # VmHWM starts afresh at exec; ru_maxrss would carry the parent's peak.
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--phase")
    parser.add_argument("--meeting", type=int)
    args = parser.parse_args()
    setup()
    if args.phase:
        print(json.dumps(phase(args.phase, args.meeting)))
        return
    meeting_id = prepare()
    results = {}
    for name in ("dossier", "weasyprint", "decisions", "bundle"):
        out = subprocess.run(
            [sys.executable, __file__, "--phase", name, "--meeting", str(meeting_id)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        results[name] = json.loads(out.strip().splitlines()[-1])
        print(name, results[name], flush=True)
    report(results)


def report(results: dict[str, dict[str, float]]) -> None:
    import django
    import weasyprint
    from django.utils import timezone
    from setting_up import machine

    dossier, alone = results["dossier"], results["weasyprint"]
    each, bundle = results["decisions"], results["bundle"]
    lines = [
        "",
        f"## Documents (WeasyPrint) — {timezone.localdate():%d/%m/%Y}",
        "",
        f"Machine: {machine()}, "
        f"Django {django.get_version()}, WeasyPrint {weasyprint.__version__}, "
        f"PostgreSQL, the demo district. One process, as a documents worker runs "
        f"them; median of {RUNS} runs after a warm-up; each line in its own process "
        f"for its peak memory (RSS high-water mark, Django and the models "
        f"loaded included).",
        "",
        "| document | median (s) | pages | peak memory (MB) |",
        "|---|---|---|---|",
        f"| meeting dossier, {ITEMS} candidates (registry: queries, template, PDF) "
        f"| {dossier['seconds']:.2f} | {dossier['pages']} | {dossier['peak_mb']:.0f} |",
        f"| the same HTML, WeasyPrint alone | {alone['seconds']:.2f} | "
        f"{alone['pages']} | {alone['peak_mb']:.0f} |",
        f"| {each['documents']} decisions, one file each, one after another | "
        f"{each['seconds']:.2f} | {each['documents']} | {each['peak_mb']:.0f} |",
        f"| the same {ITEMS} decisions in one file | {bundle['seconds']:.2f} | "
        f"{bundle['pages']} | {bundle['peak_mb']:.0f} |",
        "",
        f"The dossier takes {dossier['seconds'] / alone['seconds']:.2f}× WeasyPrint "
        "alone on its HTML (goal: under 6 s and within 1.5×); 30 decisions goal: "
        "under 6 s.",
    ]
    with (ROOT / "docs" / "benchmarks.md").open("a", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
