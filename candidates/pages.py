"""The two page shapes every step of both dossier paths shares: a verb's form
run through its service, and a document upload. Who may take a verb is the
stage machine's (pipeline.py); the step pages are in steps.py."""

from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from organizations.forms import days_read_back
from organizations.http import AuthedRequest

from . import services
from .forms import UploadForm
from .models import Candidate, DocumentKind, Recognition
from .pipeline import may_take, person_of, pipeline_of
from .steps import page_of

Subject = Candidate | Recognition


def _page(
    request: AuthedRequest, subject: Subject, form: django_forms.Form, title: Any
) -> HttpResponse:
    person = person_of(subject)
    context = {
        "back": subject.get_absolute_url(),
        "who": person.full_name,
        "where": person.organization.name,
        "form": form,
        "title": title,
    }
    return render(request, "candidates/step.html", context)


def step_page(
    request: AuthedRequest,
    subject: Subject,
    form_class: type[django_forms.Form],
    run: Callable[[Any, dict[str, Any], Any], object],
    title: Any,
) -> HttpResponse:
    # A confirmation has no fields: an empty POST still binds the form.
    data = request.POST if request.method == "POST" else None
    form = form_class(data, subject=subject)  # type: ignore[call-arg]
    if request.method == "POST" and form.is_valid():
        try:
            run(subject, form.cleaned_data, request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{_('Recorded.')} {days_read_back(form)}")
            return redirect(subject)
    return _page(request, subject, form, title)


def dossier_step(request: AuthedRequest, subject: Subject, slug: str) -> HttpResponse:
    """The page of the verb `slug` on an admission dossier or probation file."""
    pipeline = pipeline_of(subject)
    page = page_of(pipeline, slug)
    if page is None or slug not in pipeline.verbs:
        raise Http404
    if not may_take(request.user, subject, slug):
        raise PermissionDenied
    return step_page(request, subject, page.form, page.call, pipeline.verbs[slug].title)


def upload_page(request: AuthedRequest, subject: Subject) -> HttpResponse:
    if not may_take(request.user, subject, "document"):
        raise PermissionDenied
    gates = list(pipeline_of(subject).stages.values)
    # The page a missing paper links to has that paper chosen already.
    asked = DocumentKind.objects.filter(
        gate__in=gates, code=request.GET.get("kind", "")
    ).first()
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        gates=gates,
        initial={"kind": asked} if asked else None,
    )
    if request.method == "POST" and form.is_valid():
        received = form.cleaned_data["file"]
        try:
            services.upload_document(
                subject,
                kind=form.cleaned_data["kind"],
                upload=received,
                filename=received.name,
                by=request.user,
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("The document has been kept."))
            return redirect(subject)
    return _page(request, subject, form, _("Upload a document"))
