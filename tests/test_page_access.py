"""Every page and action against every persona (DESIGN.md §2): anonymous users go
to the login page, outsiders get 404, read-only roles get 403 on writes, a user
with no role gets empty pages."""

import pytest
from django.urls import reverse

from organizations.models import Role
from tests.factories import (
    JobFactory,
    MemberFactory,
    RoleAssignmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def hothau_data(org_tree, hothau_secretary):
    MemberFactory.create_batch(3, organization=org_tree.hothau_village)
    MemberFactory.create_batch(2, organization=org_tree.namdich_village)
    job = JobFactory(organization=org_tree.hothau, requested_by=hothau_secretary)
    account = UserFactory(username="ht-viewer")
    RoleAssignmentFactory(user=account, organization=org_tree.hothau, role=Role.VIEWER)
    return {"job": job, "account": account}


def read_urls(org_tree, hothau_data):
    job, account = hothau_data["job"], hothau_data["account"]
    return [
        reverse("reports:dashboard"),
        reverse("reports:statistics"),
        reverse("reports:ranking"),
        reverse("members:villages", args=[org_tree.hothau.pk]),
        reverse("members:organization_tree"),
        reverse("members:organization", args=[org_tree.hothau.pk]),
        reverse("members:list"),
        reverse("members:list") + f"?organization={org_tree.hothau.pk}",
        reverse("members:list_count") + f"?organization={org_tree.hothau.pk}",
        reverse("members:ratings", args=[org_tree.hothau_village.pk]),
        reverse("members:months", args=[org_tree.hothau_village.pk]),
        reverse("members:transfer_in"),
        reverse("candidates:list"),
        reverse("candidates:create"),
        reverse("organizations:accounts"),
        reverse("organizations:account_create"),
        reverse("organizations:account", args=[account.pk]),
        reverse("organizations:jobs"),
        reverse("organizations:job", args=[job.pk]),
        reverse("organizations:job_download", args=[job.pk]),
        reverse("password_change"),
    ]


def test_anonymous_users_are_sent_to_login(client, org_tree, hothau_data):
    for url in read_urls(org_tree, hothau_data):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_login_and_health_are_public(client, db):
    assert client.get(reverse("login")).status_code == 200
    assert client.get(reverse("healthz")).status_code == 200


def test_outsider_gets_404_on_hothau_objects(
    client_as, org_tree, hothau_data, namdich_secretary
):
    client = client_as(namdich_secretary)
    for url in [
        reverse("members:organization", args=[org_tree.hothau.pk]),
        reverse("members:organization", args=[org_tree.hothau_village.pk]),
        reverse("members:list") + f"?organization={org_tree.hothau.pk}",
        reverse("members:ratings", args=[org_tree.hothau_village.pk]),
        reverse("members:months", args=[org_tree.hothau_village.pk]),
        reverse("organizations:job", args=[hothau_data["job"].pk]),
        reverse("organizations:job_download", args=[hothau_data["job"].pk]),
    ]:
        assert client.get(url).status_code == 404, url


def test_outsider_sees_nothing_of_hothau_in_lists(
    client_as, org_tree, hothau_data, namdich_secretary
):
    client = client_as(namdich_secretary)
    members = client.get(reverse("members:list"))
    assert members.context["total"] == 2
    tree = client.get(reverse("members:organization_tree")).content.decode()
    assert "Hồ Thầu" not in tree
    assert "Nậm Dịch" in tree
    dashboard = client.get(reverse("reports:dashboard"))
    assert dashboard.context["figures"].members.total == 2
    jobs = client.get(reverse("organizations:jobs"))
    assert list(jobs.context["jobs"]) == []


def test_bad_organization_filter_is_404_not_500(client_as, org_tree, hothau_secretary):
    client = client_as(hothau_secretary)
    assert client.get(reverse("members:list") + "?organization=abc").status_code == 404
    assert (
        client.get(reverse("members:list") + "?organization=999999").status_code == 404
    )


@pytest.mark.parametrize("persona", ["viewer", "standing_member", "hothau_secretary"])
def test_read_only_roles_read_accounts_but_get_403_on_writes(
    request, client_as, org_tree, hothau_data, persona
):
    client = client_as(request.getfixturevalue(persona))
    account = hothau_data["account"]
    listing = client.get(reverse("organizations:accounts"))
    assert listing.status_code == 200
    assert account in listing.context["accounts"]
    assert not listing.context["can_create"]
    assert (
        client.get(reverse("organizations:account", args=[account.pk])).status_code
        == 200
    )
    assert client.get(reverse("organizations:account_create")).status_code == 403
    assert client.post(reverse("organizations:account_create"), {}).status_code == 403
    for name in ("account_disable", "account_enable", "account_reset_password"):
        response = client.post(reverse(f"organizations:{name}", args=[account.pk]))
        assert response.status_code == 403, name
    role = account.role_assignments.get()
    for name in ("role_hand_over", "role_end"):
        url = reverse(f"organizations:{name}", args=[account.pk, role.pk])
        assert client.get(url).status_code == 403, name
        assert client.post(url, {"ended_on": "2030-01-01"}).status_code == 403, name
    account.refresh_from_db()
    role.refresh_from_db()
    assert account.is_active
    assert role.ended_on is None


def test_outsider_gets_404_on_accounts_of_another_commune(
    client_as, hothau_data, namdich_secretary
):
    client = client_as(namdich_secretary)
    account = hothau_data["account"]
    assert (
        account not in client.get(reverse("organizations:accounts")).context["accounts"]
    )
    assert (
        client.get(reverse("organizations:account", args=[account.pk])).status_code
        == 404
    )
    response = client.post(reverse("organizations:account_disable", args=[account.pk]))
    assert response.status_code == 404


def test_an_account_shows_only_the_roles_in_scope(
    client_as, org_tree, hothau_secretary
):
    both = UserFactory(username="both")
    RoleAssignmentFactory(user=both, organization=org_tree.hothau, role=Role.VIEWER)
    RoleAssignmentFactory(user=both, organization=org_tree.namdich, role=Role.VIEWER)
    page = client_as(hothau_secretary).get(
        reverse("organizations:account", args=[both.pk])
    )
    assert [a.organization for a in page.context["assignments"]] == [org_tree.hothau]
    assert "Nậm Dịch" not in page.content.decode()


def test_no_role_user_gets_empty_pages_with_a_message(client_as, nobody, hothau_data):
    client = client_as(nobody)
    dashboard = client.get(reverse("reports:dashboard"))
    assert dashboard.status_code == 200
    assert "chưa được giao vai trò" in dashboard.content.decode()
    tree = client.get(reverse("members:organization_tree"))
    assert "chưa được giao vai trò" in tree.content.decode()
    assert client.get(reverse("members:list")).context["total"] == 0
    assert list(client.get(reverse("organizations:jobs")).context["jobs"]) == []


@pytest.mark.parametrize(
    "name",
    [
        "organizations:account_disable",
        "organizations:account_enable",
        "organizations:account_reset_password",
    ],
)
def test_actions_reject_get(client_as, org_staff, hothau_data, name):
    response = client_as(org_staff).get(reverse(name, args=[hothau_data["account"].pk]))
    assert response.status_code == 405


def test_selftest_and_retry_reject_get(client_as, org_staff, hothau_data):
    client = client_as(org_staff)
    assert client.get(reverse("organizations:job_selftest")).status_code == 405
    assert (
        client.get(
            reverse("organizations:job_retry", args=[hothau_data["job"].pk])
        ).status_code
        == 405
    )


@pytest.mark.parametrize("persona", ["org_staff", "standing_member", "viewer"])
def test_the_admin_is_for_superusers_only(request, client_as, persona):
    client = client_as(request.getfixturevalue(persona))
    response = client.get("/admin/organizations/roleassignment/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_registry_data_is_read_only_in_the_admin(client_as, superuser, hothau_data):
    client = client_as(superuser)
    assert client.get("/admin/members/member/").status_code == 200
    assert client.get("/admin/members/member/add/").status_code == 403
    assert client.get("/admin/organizations/organization/add/").status_code == 403
    assert client.get("/admin/organizations/job/add/").status_code == 403
