from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import render

from organizations.http import AuthedRequest
from organizations.selectors import visible_organizations

from .forms import MemberFilterForm
from .search import apply_filters, keyset_page, parse_cursor
from .selectors import get_member_for, visible_members

PAGE_SIZE = 50


def member_list(request: AuthedRequest) -> HttpResponse:
    """Current members of the user's scope, filtered and searched, in Vietnamese
    name order, one keyset page at a time."""
    organizations = visible_organizations(request.user)
    form = MemberFilterForm(request.GET or None, organizations=organizations)
    if form.is_bound and not form.is_valid() and "organization" in form.errors:
        raise Http404
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    members = visible_members(request.user).filter(end_date__isnull=True)
    organization = data.get("organization")
    if organization is not None:
        members = members.in_subtree(organization)
    members = apply_filters(members, data)
    after = parse_cursor(request.GET.get("after", ""))
    before = parse_cursor(request.GET.get("before", ""))
    page = keyset_page(
        members.select_related("organization", "ethnicity"),
        after=after,
        before=before,
        size=PAGE_SIZE,
    )
    filters = {
        k: v for k, v in request.GET.items() if k not in ("after", "before") and v
    }
    context = {
        "form": form,
        "page": page,
        "total": members.count(),
        "organization": organization,
        "filters": urlencode(filters),
    }
    return render(request, "members/member_list.html", context)


def member_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    member = get_member_for(request.user, pk)
    return render(request, "members/member_detail.html", {"member": member})
