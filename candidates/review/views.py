"""Pages of the monthly review: meetings, their agenda and outcomes, and the
committees' decision registers. Meetings belong to their committee: people who
read the committee see them; others get 404. Writing is checked by the services
(403 for a role that may not)."""

from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organizations import clock
from organizations.http import AuthedRequest
from organizations.models import Organization, Role, RoleAssignment, User
from organizations.selectors import Permission, can, organizations_with
from organizations.signers import committee_members, minute_takers

from ..models import AgendaItem, ReviewMeeting
from ..selectors import (
    get_agenda_item_for,
    get_decision_number_for,
    get_meeting_for,
    get_register_for,
    visible_meetings,
    visible_registers,
)
from . import forms as rf
from .services import corrections, decisions, meetings, proposal, registers


def _deciding_committees(user: User) -> QuerySet[Organization]:
    return organizations_with(user, Permission.APPRAISE).filter(
        has_admission_authority=True
    )


def _form_page(
    request: AuthedRequest,
    form: django_forms.Form,
    title: str,
    back: str,
    run: Callable[[dict[str, Any]], object],
    done: Callable[[object], str],
    intro: list[str] | None = None,
) -> HttpResponse:
    """A form run through a service: refusals show on the form, nothing saved;
    `intro` says above it what the person needs to fill it in."""
    if request.method == "POST" and form.is_valid():
        try:
            result = run(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Recorded."))
            return redirect(done(result))
    context = {"form": form, "title": title, "back": back, "intro": intro or []}
    return render(request, "candidates/step.html", context)


def meeting_list(request: AuthedRequest) -> HttpResponse:
    meetings_seen = visible_meetings(request.user).select_related("committee")
    meetings_seen = meetings_seen.annotate(
        item_count=Count("items"),
        approved=Count("items", filter=Q(items__outcome=AgendaItem.Outcome.APPROVED)),
    )
    committees = list(_deciding_committees(request.user))
    ready = [
        (c, len(meetings.ready_candidates(c)), len(meetings.ready_recognitions(c)))
        for c in committees
    ]
    context = {"meetings": meetings_seen[:100], "ready": ready}
    return render(request, "candidates/review/meeting_list.html", context)


def meeting_create(request: AuthedRequest) -> HttpResponse:
    committees = _deciding_committees(request.user)
    if not committees.exists():
        raise Http404
    members = User.objects.filter(
        pk__in=RoleAssignment.objects.active()
        .filter(role=Role.STANDING_COMMITTEE, organization__in=committees)
        .values("user_id")
    ).order_by("full_name", "username")
    data = request.POST if request.method == "POST" else None
    form = rf.MeetingForm(data, committees=committees, members=members)
    return _form_page(
        request,
        form,
        _("New review meeting"),
        reverse("candidates:meetings"),
        lambda d: meetings.create_meeting(
            d["committee"],
            held_on=d["held_on"],
            place=d["place"],
            chair=d["chair"],
            by=request.user,
        ),
        lambda meeting: meeting.get_absolute_url(),  # type: ignore[attr-defined]
    )


def meeting_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for(request.user, pk)
    user = request.user
    # Decisions are recorded once the meeting has been held.
    held = meeting.held_on <= clock.today()
    items = meeting.items.select_related(
        "candidate__organization",
        "recognition__member__organization",
        "decision__register",
    ).order_by("position", "pk")
    context = {
        "meeting": meeting,
        "items": items,
        "counts": meetings.counts(meeting),
        "present": meeting.attendees.order_by("full_name", "username"),
        "corrections": meeting.corrections.select_related("item", "by"),
        "can_prepare": not meeting.is_locked
        and can(user, Permission.APPRAISE, meeting.committee),
        "held": held,
        "can_decide": held
        and not meeting.is_locked
        and can(user, Permission.DECIDE, meeting.committee),
        "can_correct": meeting.is_locked
        and can(user, Permission.APPRAISE, meeting.committee),
        "can_documents": can(user, Permission.DECIDE, meeting.committee),
    }
    if context["can_prepare"]:
        context["lock_problems"] = decisions.lock_problems(meeting)
        context["to_issue"] = decisions.numbers_to_issue(meeting)
    return render(request, "candidates/review/meeting_detail.html", context)


def _run_and_back(
    request: AuthedRequest, run: Callable[[], object], back: str
) -> HttpResponse:
    try:
        run()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Recorded."))
    return redirect(back)


@require_POST
def meeting_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    meeting = get_meeting_for(request.user, pk)
    actions: dict[str, Callable[[], object]] = {
        "fill": lambda: meetings.fill_agenda(meeting, by=request.user),
        "proposal": lambda: proposal.issue_proposal(meeting, by=request.user),
        "lock": lambda: decisions.lock_meeting(meeting, by=request.user),
    }
    if action not in actions:
        raise Http404
    return _run_and_back(request, actions[action], meeting.get_absolute_url())


@require_POST
def item_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    item = get_agenda_item_for(request.user, pk)
    actions: dict[str, Callable[[], object]] = {
        "hold": lambda: meetings.hold_back(item, by=request.user),
        "up": lambda: meetings.move_item(item, by=request.user, up=True),
        "down": lambda: meetings.move_item(item, by=request.user, up=False),
    }
    if action not in actions:
        raise Http404
    return _run_and_back(request, actions[action], item.meeting.get_absolute_url())


def meeting_attendance(request: AuthedRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for(request.user, pk)
    members = committee_members(meeting.committee, meeting.held_on)
    data = request.POST if request.method == "POST" else None
    form = rf.AttendanceForm(
        data,
        members=members,
        takers=minute_takers(meeting.committee, meeting.held_on),
        initial={
            "present": list(meeting.attendees.all()),
            "secretary": meeting.secretary,
        },
    )
    return _form_page(
        request,
        form,
        _("Who attended"),
        meeting.get_absolute_url(),
        lambda d: meetings.set_attendance(
            meeting,
            present=list(d["present"]),
            secretary=d["secretary"],
            by=request.user,
        ),
        lambda _counts: meeting.get_absolute_url(),
    )


def _present_line(meeting: ReviewMeeting) -> str:
    numbers = meetings.counts(meeting)
    names = ", ".join(
        u.display_name for u in meeting.attendees.order_by("full_name", "username")
    )
    return _(
        "Present: %(present)s of %(members)s (%(names)s). Admitting or "
        "recognizing needs at least %(needed)s votes for."
    ) % {
        "present": numbers.present,
        "members": numbers.members,
        "names": names or "—",
        "needed": numbers.needed,
    }


def item_outcome(request: AuthedRequest, pk: int) -> HttpResponse:
    item = get_agenda_item_for(request.user, pk)
    data = request.POST if request.method == "POST" else None
    # Most decisions are unanimous: the votes start at everyone present for.
    present = item.meeting.attendees.count()
    form = rf.OutcomeForm(data, initial={"votes_for": present})
    return _form_page(
        request,
        form,
        _("Decision on %(name)s") % {"name": item.subject_name},
        item.meeting.get_absolute_url(),
        lambda d: meetings.record_outcome(
            item,
            outcome=d["outcome"],
            votes_for=d["votes_for"],
            votes_against=d["votes_against"],
            abstaining=d["abstaining"],
            reason=d["reason"],
            needs_correction=d["needs_correction"],
            note=d["note"],
            by=request.user,
        ),
        lambda _item: item.meeting.get_absolute_url(),
        intro=[_present_line(item.meeting)],
    )


def item_correct(request: AuthedRequest, pk: int) -> HttpResponse:
    item = get_agenda_item_for(request.user, pk)
    data = request.POST if request.method == "POST" else None
    initial = {
        "votes_for": item.votes_for,
        "votes_against": item.votes_against,
        "abstaining": item.abstaining,
        "note": item.note,
    }
    form = rf.CorrectionForm(data, initial=initial)
    return _form_page(
        request,
        form,
        _("Correct the record of %(name)s") % {"name": item.subject_name},
        item.meeting.get_absolute_url(),
        lambda d: corrections.correct_item(
            item,
            why=d["why"],
            votes_for=d["votes_for"],
            votes_against=d["votes_against"],
            abstaining=d["abstaining"],
            note=d["note"],
            by=request.user,
        ),
        lambda _c: item.meeting.get_absolute_url(),
    )


def register_list(request: AuthedRequest) -> HttpResponse:
    committees = _deciding_committees(request.user)
    context = {
        "registers": visible_registers(request.user).select_related("committee"),
        "can_open": committees.exists(),
    }
    return render(request, "candidates/review/register_list.html", context)


def register_open(request: AuthedRequest) -> HttpResponse:
    committees = _deciding_committees(request.user)
    if not committees.exists():
        raise Http404

    class OpenForm(rf.RegisterForm):
        committee = rf.OrganizationChoiceField(
            label=_("Committee"), queryset=committees
        )

    data = request.POST if request.method == "POST" else None
    return _form_page(
        request,
        OpenForm(data),
        _("Open a numbering book"),
        reverse("candidates:registers"),
        lambda d: registers.open_register(
            d["committee"],
            book=d["book"],
            year=d["year"],
            symbol=d["symbol"],
            start_number=d["start_number"],
            by=request.user,
        ),
        lambda register: register.get_absolute_url(),  # type: ignore[attr-defined]
    )


def register_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    register = get_register_for(request.user, pk)
    numbers = register.numbers.select_related("recorded_by", "agenda_item__meeting")
    context = {
        "register": register,
        "numbers": numbers,
        "can_write": can(request.user, Permission.APPRAISE, register.committee),
    }
    return render(request, "candidates/review/register_detail.html", context)


def register_reserve(request: AuthedRequest, pk: int) -> HttpResponse:
    register = get_register_for(request.user, pk)
    data = request.POST if request.method == "POST" else None
    return _form_page(
        request,
        rf.ReserveForm(data),
        _("Reserve a number for a decision outside the registry"),
        register.get_absolute_url(),
        lambda d: registers.reserve_number(
            register, dated=d["dated"], subject=d["subject"], by=request.user
        ),
        lambda _n: register.get_absolute_url(),
    )


def number_void(request: AuthedRequest, pk: int) -> HttpResponse:
    number = get_decision_number_for(request.user, pk)
    data = request.POST if request.method == "POST" else None
    return _form_page(
        request,
        rf.VoidForm(data),
        _("Void number %(label)s") % {"label": number.label},
        number.register.get_absolute_url(),
        lambda d: registers.void_number(number, reason=d["reason"], by=request.user),
        lambda _n: number.register.get_absolute_url(),
    )
