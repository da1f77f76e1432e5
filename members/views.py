import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import model_to_dict
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from organizations import clock
from organizations.audit import record_audit
from organizations.files import private_file_response
from organizations.forms import days_read_back
from organizations.http import AuthedRequest
from organizations.selectors import (
    Permission,
    can,
    get_organization_for,
    holds_anywhere,
)

from .actions import ACTIONS, Situation
from .due import badges_due, probation_due, probation_end
from .forms import MemberProfileForm, PhotoForm, RatingSheetForm
from .forms.lists import filter_members
from .models import Member, Rating
from .search import keyset_page, parse_cursor
from .selectors import get_member_for, with_then
from .services.badges import gift_multipliers
from .services.profile import PROFILE_FIELDS, set_member_photo, update_profile
from .services.ratings import not_rated_reasons, rate_organization

PAGE_SIZE = 50
# Counting a whole province on every page costs more than the page itself; past
# this the page asks for the exact count once it is shown (member_count).
TOTAL_CAP = 1000


@dataclass(frozen=True)
class RowThen:
    """A member as listed as at a past day."""

    member: Member
    # The record's page, for whom may open it now (a member since transferred
    # away is listed, not opened).
    url: str | None
    organization: str
    status: str


def _rows_then(
    request: AuthedRequest, members: list[Member], day: datetime.date
) -> list[RowThen]:
    official = str(Member.Status.OFFICIAL.label)
    probationary = str(Member.Status.PROBATIONARY.label)
    return [
        RowThen(
            member,
            member.get_absolute_url()
            if can(request.user, Permission.READ, member.organization)
            else None,
            member.then_organization,  # type: ignore[attr-defined]
            official
            if member.then_official and member.then_official <= day  # type: ignore[attr-defined]
            else probationary,
        )
        for member in members
    ]


def member_list(request: AuthedRequest) -> HttpResponse:
    """Members of the user's scope, today or as at a past date, filtered and
    searched, in Vietnamese name order, one keyset page at a time."""
    form, members = filter_members(request.user, request.GET)
    after = parse_cursor(request.GET.get("after", ""))
    before = parse_cursor(request.GET.get("before", ""))
    as_at = (
        form.cleaned_data.get("as_at") if form.is_bound and form.is_valid() else None
    )
    if as_at == clock.today():
        as_at = None
    shown = with_then(members, as_at) if as_at else members
    page = keyset_page(
        shown.select_related("organization", "ethnicity"),
        after=after,
        before=before,
        size=PAGE_SIZE,
    )
    filters = {
        k: v for k, v in request.GET.items() if k not in ("after", "before") and v
    }
    context = {
        "as_at": as_at,
        "rows_then": _rows_then(request, page.rows, as_at) if as_at else [],
        "form": form,
        "page": page,
        "total": members.order_by()[: TOTAL_CAP + 1].count(),
        "total_cap": TOTAL_CAP,
        "exact": False,
        "organization": form.cleaned_data.get("organization")
        if form.is_bound and not form.errors
        else None,
        "filters": urlencode(filters),
        "active_filters": len([k for k in filters if k != "q"]),
        "can_import": holds_anywhere(request.user, Permission.EDIT_REGISTRY),
    }
    return render(request, "members/member_list.html", context)


def member_count(request: AuthedRequest) -> HttpResponse:
    """The exact count of a list too long to count with the page: asked by the
    page once it has been shown, with the same filters and scope."""
    form, members = filter_members(request.user, request.GET)
    as_at = (
        form.cleaned_data.get("as_at") if form.is_bound and form.is_valid() else None
    )
    context = {
        "as_at": None if as_at == clock.today() else as_at,
        "total": members.order_by().count(),
        "exact": True,
    }
    return render(request, "members/_member_total.html", context)


def member_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    member = get_member_for(request.user, pk)
    record_audit(
        "members.view", member, by=request.user, organization=member.organization
    )
    situation = Situation.of(member)
    actions = [
        (slug, spec.title)
        for slug, spec in ACTIONS.items()
        if can(request.user, spec.permission, member.organization)
        and spec.offered(situation)
    ]
    context = {
        "member": member,
        "can_edit": can(request.user, Permission.EDIT_REGISTRY, member.organization),
        "events": member.events.select_related("organization", "recorded_by"),
        "exemption": situation.exemption,
        "suspension": situation.suspension,
        "guidance": situation.guidance,
        "open_transfers": situation.transfers,
        "temporary": situation.away,
        "party_age": member.party_age(clock.today()),
        "cards": member.cards.all(),
        "badges": member.badges.all(),
        "actions": actions,
        "probation_end": probation_end(member)
        if member.status == member.Status.PROBATIONARY
        else None,
    }
    return render(request, "members/member_detail.html", context)


def member_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    """GET shows the action's form; POST records it through the service."""
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404
    member = get_member_for(request.user, pk, write=True)
    if not can(request.user, spec.permission, member.organization):
        raise PermissionDenied
    form = spec.form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            spec.run(member, form.cleaned_data, request.user)
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied:
            form.add_error(
                None, _("Only the organization committee records this decision.")
            )
        else:
            messages.success(request, f"{_('Recorded.')} {days_read_back(form)}")
            return redirect(member)
    context = {"member": member, "form": form, "title": spec.title}
    return render(request, "members/member_action.html", context)


def member_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    member = get_member_for(request.user, pk, write=True)
    initial = model_to_dict(member, fields=PROFILE_FIELDS)
    form = MemberProfileForm(
        request.POST or None, initial=initial, near=[member.organization]
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_profile(member, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"{_('The record has been updated.')} {days_read_back(form)}",
            )
            return redirect(member)
    context = {"member": member, "form": form, "title": _("Correct the record")}
    return render(request, "members/member_action.html", context)


def probation(request: AuthedRequest) -> HttpResponse:
    try:
        within = max(0, min(int(request.GET.get("within", 30)), 365))
    except ValueError:
        within = 30
    rows = probation_due(request.user, within_days=within)
    context = {"rows": rows, "within": within, "today": clock.today()}
    return render(request, "members/probation.html", context)


def badges(request: AuthedRequest) -> HttpResponse:
    award, due = badges_due(request.user)
    gifts, source = gift_multipliers(award)
    milestones = [
        (years, list(members), gifts.get(years)) for years, members in due.items()
    ]
    context = {"award": award, "milestones": milestones, "gift_source": source}
    return render(request, "members/badges.html", context)


def member_photo(request: AuthedRequest, pk: int) -> HttpResponseBase:
    """The photo, only through the access layer (files are outside the web root)."""
    member = get_member_for(request.user, pk)
    if not member.photo:
        raise Http404
    return private_file_response(
        member.photo,
        content_type="image/jpeg",
        as_attachment=False,
        filename=f"{member.pk}.jpg",
    )


def member_photo_upload(request: AuthedRequest, pk: int) -> HttpResponse:
    member = get_member_for(request.user, pk, write=True)
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            set_member_photo(member, upload=form.cleaned_data["photo"], by=request.user)
        except ValidationError as error:
            form.add_error("photo", error)
        else:
            messages.success(request, _("The photo has been saved."))
            return redirect(member)
    context = {"member": member, "form": form, "title": _("Member photo")}
    return render(request, "members/member_action.html", context)


def _rating_year(request: AuthedRequest) -> int:
    today = clock.today()
    # Ratings are made in December for the year ending, later for a past year.
    default = today.year if today.month == 12 else today.year - 1
    try:
        year = int(request.GET.get("year", default))
    except ValueError:
        return default
    return year if 1930 <= year <= today.year else default


def organization_ratings(request: AuthedRequest, pk: int) -> HttpResponse:
    """The year's quality ratings of an organization's members on one page."""
    organization = get_organization_for(request.user, pk)
    writable = can(request.user, Permission.EDIT_REGISTRY, organization)
    if request.method == "POST" and not writable:
        raise PermissionDenied
    year = _rating_year(request)
    members = list(
        Member.objects.filter(organization=organization, end_date__isnull=True)
        .order_by("sort_key")
        .prefetch_related("exemptions")
    )
    ratings = {
        pk: (level, points)
        for pk, level, points in Rating.objects.filter(
            member__in=members, year=year
        ).values_list("member_id", "level", "points")
    }
    form = RatingSheetForm(
        request.POST or None, members=members, initial=ratings, disabled=not writable
    )
    if request.method == "POST" and form.is_valid():
        try:
            written = rate_organization(
                organization,
                year=year,
                levels=form.levels(),
                points=form.points(),
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(n)s ratings recorded for %(year)s.")
                % {"n": written, "year": year},
            )
            return redirect(f"{request.path}?year={year}")
    rows = [
        (
            member,
            form[f"level_{member.pk}"],
            form[f"points_{member.pk}"],
            not_rated_reasons(member, year),
        )
        for member in members
    ]
    context = {
        "organization": organization,
        "year": year,
        "years": range(clock.today().year, clock.today().year - 6, -1),
        "rows": rows,
        "form": form,
        "writable": writable,
    }
    return render(request, "members/ratings.html", context)
