from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render

from organizations.http import AuthedRequest
from organizations.selectors import get_organization_for

from .models import Member

PAGE_SIZE = 50


def member_list(request: AuthedRequest) -> HttpResponse:
    """Current members of the user's scope, or of one organization's subtree."""
    members = Member.objects.visible_to(request.user).filter(end_date__isnull=True)
    organization = None
    org_id = request.GET.get("organization", "")
    if org_id:
        if not org_id.isdigit():
            raise Http404
        organization = get_organization_for(request.user, int(org_id))
        members = members.in_subtree(organization)
    page = Paginator(
        members.select_related("organization", "ethnicity").order_by("full_name", "pk"),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    context = {"page": page, "organization": organization}
    return render(request, "members/member_list.html", context)
