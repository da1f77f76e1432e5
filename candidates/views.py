from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from members.due import probation_due
from organizations import clock
from organizations.audit import record_audit
from organizations.files import private_file_response
from organizations.http import AuthedRequest
from organizations.models import Organization
from organizations.selectors import (
    Permission,
    can,
    get_organization_for,
    organizations_with,
)

from .cell_forms import printable
from .class_forms import EnrolForm, ResultsForm, TrainingClassForm
from .dossier_checks import certificate_of
from .forms import CandidateForm, TargetForm
from .models import Candidate, Recognition, Stage, TrainingClass
from .next_step import dossier_actions
from .pages import dossier_step, upload_page
from .pipeline import (
    gate_problems,
    may_take,
    next_gate,
)
from .rules import Blocked
from .selectors import (
    deadlines,
    get_candidate_for,
    get_class_for,
    get_document_for,
    get_target_for,
    search_candidates,
    visible_candidates,
    visible_classes,
    visible_learners,
)
from .services import (
    CELL_KINDS,
    introduce_candidate,
    vote_rule_problems,
)
from .services.classes import enrol, open_class, record_results
from .services.targets import confirm_target, propose_target
from .targets import SORTS, sorted_rows, summarize, target_rows

CANDIDATES_PER_PAGE = 50


def candidate_list(request: AuthedRequest) -> HttpResponse:
    """Every candidate in the user's scope, searched by name or CCCD, counted
    per stage, fifty to a page."""
    candidates: QuerySet[Candidate] = visible_candidates(request.user).select_related(
        "organization"
    )
    status = request.GET.get("status", Candidate.Status.ACTIVE)
    stage = request.GET.get("stage", "")
    text = request.GET.get("q", "")
    # A filter that cannot be used lists nobody rather than everyone.
    unusable = (
        status not in Candidate.Status.values
        or (stage != "" and stage not in Stage.values)
        or len(text) > 100
        or "\x00" in text
    )
    if unusable:
        candidates = candidates.none()
    else:
        candidates = search_candidates(candidates.filter(status=status), text)
    per_stage = dict(candidates.order_by().values_list("stage").annotate(n=Count("pk")))
    if stage:
        candidates = candidates.filter(stage=stage)
    page = Paginator(candidates.order_by("sort_key", "pk"), CANDIDATES_PER_PAGE)
    context = {
        "unusable_filter": unusable,
        "page": page.get_page(request.GET.get("page")),
        "status": status,
        "stage": stage,
        "q": text,
        "statuses": Candidate.Status.choices,
        "stages": [
            (value, label, per_stage.get(value, 0)) for value, label in Stage.choices
        ],
        "total": sum(per_stage.values()),
        "can_add": _cells(request).exists(),
    }
    return render(request, "candidates/candidate_list.html", context)


def _cells(request: AuthedRequest) -> "QuerySet[Organization]":
    return (
        organizations_with(request.user, Permission.EDIT_REGISTRY)
        .filter(kind__in=CELL_KINDS, closed_on__isnull=True)
        .order_by("path")
    )


def candidate_create(request: AuthedRequest) -> HttpResponse:
    cells = _cells(request)
    if not cells.exists():
        raise PermissionDenied
    form = CandidateForm(
        request.POST or None,
        cells=cells,
        initial={"introduced_on": clock.today()},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organization = data.pop("organization")
        try:
            candidate = introduce_candidate(organization, by=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The candidate has been added."))
            return redirect(candidate)
    return render(request, "candidates/candidate_form.html", {"form": form})


def candidate_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    candidate = get_candidate_for(request.user, pk)
    record_audit(
        "candidates.view",
        candidate,
        by=request.user,
        organization=candidate.organization,
    )
    today = clock.today()
    actions = dossier_actions(request.user, candidate)
    # Before the cell votes, the rules it will be judged on, as they stand today.
    flags = (
        [p for p in vote_rule_problems(candidate, today) if p not in actions.missing]
        if candidate.status == Candidate.Status.ACTIVE
        and Stage(candidate.stage) in (Stage.INTRODUCERS, Stage.OPINIONS)
        else []
    )
    context = {
        "candidate": candidate,
        "flags": flags,
        "actions": actions,
        "deadlines": deadlines(candidate, today),
        "log": candidate.log.select_related("by"),
        "documents": candidate.documents.select_related("kind", "uploaded_by"),
        "on_paper": candidate.get_paper_until_display(),
        "introducers": candidate.introducers.select_related("member"),
        "verifications": candidate.verifications.all(),
        "votes": candidate.votes.all(),
        "certificate": certificate_of(candidate),
        "cell_forms": printable(candidate)
        if may_take(request.user, candidate, "document")
        else [],
    }
    return render(request, "candidates/candidate_detail.html", context)


def candidate_step(request: AuthedRequest, pk: int, step: str) -> HttpResponse:
    return dossier_step(request, get_candidate_for(request.user, pk), step)


def document_upload(request: AuthedRequest, pk: int) -> HttpResponse:
    return upload_page(request, get_candidate_for(request.user, pk))


def document_download(request: AuthedRequest, pk: int) -> HttpResponseBase:
    """Dossier files only through the access layer (they are outside the web root)."""
    document = get_document_for(request.user, pk)
    record_audit(
        "candidates.document_download",
        document,
        by=request.user,
        organization=document.organization,
    )
    return private_file_response(
        document.file,
        content_type=document.content_type,
        as_attachment=False,
        filename=document.file.name.rsplit("/", 1)[-1],
    )


TARGET_COLUMNS = [
    ("name", _lazy("Organization")),
    ("target", _lazy("Target")),
    ("admitted", _lazy("Admitted so far")),
    ("pool", _lazy("In the pipeline")),
    ("projected", _lazy("Forecast")),
    ("short_by", _lazy("Short by")),
]


def targets(request: AuthedRequest) -> HttpResponse:
    today = clock.today()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    if not today.year - 5 <= year <= today.year + 1:
        year = today.year
    rows = target_rows(request.user, year)
    order = request.GET.get("sort", "short")
    order = order if order in SORTS else "short"
    writable = {
        row.organization.pk
        for row in rows
        if can(request.user, Permission.EDIT_REGISTRY, row.organization)
        and not (row.target and row.target.confirmed_at)
    }
    confirmable = {
        row.target.pk
        for row in rows
        if row.target
        and not row.target.confirmed_at
        and can(request.user, Permission.APPRAISE, row.organization)
    }
    context = {
        "rows": sorted_rows(rows, order),
        "order": order,
        "columns": TARGET_COLUMNS,
        "summary": summarize(rows),
        "year": year,
        "years": range(today.year + 1, today.year - 4, -1),
        "writable": writable,
        "confirmable": confirmable,
    }
    return render(request, "candidates/targets.html", context)


@require_POST
def target_propose(request: AuthedRequest, pk: int) -> HttpResponse:
    organization = get_organization_for(
        request.user, pk, permission=Permission.EDIT_REGISTRY
    )
    form = TargetForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, " ".join(str(m) for errors in form.errors.values() for m in errors)
        )
        return redirect("candidates:targets")
    year = form.cleaned_data["year"]
    try:
        propose_target(
            organization, year=year, target=form.cleaned_data["target"], by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The target has been registered."))
    return redirect(f"{reverse('candidates:targets')}?year={year}")


@require_POST
def target_confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    target = get_target_for(request.user, pk)
    confirm_target(target, by=request.user)
    messages.success(request, _("The target has been confirmed."))
    return redirect(f"{reverse('candidates:targets')}?year={target.year}")


def _organizers(request: AuthedRequest) -> "QuerySet[Organization]":
    return organizations_with(request.user, Permission.APPRAISE).filter(
        has_admission_authority=True, closed_on__isnull=True
    )


CLASSES_PER_PAGE = 30


def class_list(request: AuthedRequest) -> HttpResponse:
    classes = visible_classes(request.user).annotate(
        learners=Count(
            "enrolments", filter=visible_learners(request.user, "enrolments__")
        )
    )
    pages = Paginator(classes.order_by("-starts_on", "pk"), CLASSES_PER_PAGE)
    context = {
        "page": pages.get_page(request.GET.get("page")),
        "today": clock.today(),
        "can_open": _organizers(request).exists(),
    }
    return render(request, "candidates/class_list.html", context)


def class_create(request: AuthedRequest) -> HttpResponse:
    organizers = _organizers(request)
    if not organizers.exists():
        raise PermissionDenied
    form = TrainingClassForm(request.POST or None, organizers=organizers)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            course = open_class(data.pop("organizer"), by=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The class has been opened."))
            return redirect("candidates:class", pk=course.pk)
    return render(
        request,
        "candidates/class_form.html",
        {"form": form, "title": _("Open a class")},
    )


def class_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    course = get_class_for(request.user, pk)
    manages = can(request.user, Permission.APPRAISE, course.organizer)
    if request.method == "POST" and not manages:
        raise PermissionDenied
    enrolments = list(
        course.enrolments.filter(visible_learners(request.user))
        .select_related("candidate__organization")
        .order_by("candidate__sort_key")
    )
    waiting = (
        visible_candidates(request.user)
        .filter(
            status=Candidate.Status.ACTIVE,
            organization__path__startswith=course.organizer.path,
            stage__in=[Stage.INTRODUCED, Stage.LISTED],
        )
        .exclude(enrolments__training_class=course)
        .select_related("organization")
    )
    enrol_form = EnrolForm(
        request.POST if "enrol" in request.POST else None, candidates=waiting
    )
    results_form = ResultsForm(
        request.POST if "results" in request.POST else None, enrolments=enrolments
    )
    try:
        if enrol_form.is_bound and enrol_form.is_valid():
            added = enrol(
                course, list(enrol_form.cleaned_data["candidates"]), by=request.user
            )
            messages.success(request, _("%(n)s enrolled.") % {"n": added})
            return redirect("candidates:class", pk=course.pk)
        if results_form.is_bound and results_form.is_valid():
            record_results(course, results_form.results(), by=request.user)
            messages.success(request, _("The results have been recorded."))
            return redirect("candidates:class", pk=course.pk)
    except Blocked as blocked:
        target = enrol_form if enrol_form.is_bound else results_form
        target.add_error(None, [str(problem) for problem in blocked.problems])
    context = {
        "course": course,
        "manages": manages and course.kind == TrainingClass.Kind.AWARENESS,
        "enrol_form": enrol_form,
        "results_form": results_form,
        "rows": [(e, results_form.row(e)) for e in enrolments],
    }
    return render(request, "candidates/class_detail.html", context)


OVERVIEW_LIMIT = 100


def overview(request: AuthedRequest) -> HttpResponse:
    """The secretary's page on a phone: every candidate and probationary member
    of their scope, what each misses next and the next deadline."""
    today = clock.today()
    candidates = list(
        visible_candidates(request.user)
        .filter(status=Candidate.Status.ACTIVE)
        .select_related("organization__parent")
        .prefetch_related(
            "documents",
            "introducers",
            "verifications",
            "votes",
            "enrolments__training_class",
        )[:OVERVIEW_LIMIT]
    )
    rows = []
    for candidate in candidates:
        gate = next_gate(candidate)
        missing = gate_problems(candidate, gate) if gate else []
        ahead = deadlines(candidate, today)
        rows.append((candidate, missing[:2], ahead[0] if ahead else None))
    due = probation_due(request.user, within_days=366)[:OVERVIEW_LIMIT]
    files = {
        (f.member_id, f.ceremony_date): f
        for f in Recognition.objects.filter(member__in=[row.member for row in due])
    }
    probation = [
        (row, files.get((row.member.pk, row.member.ceremony_date))) for row in due
    ]
    context = {"rows": rows, "probation": probation, "today": today}
    return render(request, "candidates/overview.html", context)
