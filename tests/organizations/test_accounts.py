import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from organizations.models import AuditEntry, Position, Role, RoleAssignment, User
from organizations.services import accounts
from tests.factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def create_secretary(client, org):
    return client.post(
        reverse("organizations:account_create"),
        {
            "username": "Pbt.HoThau",
            "full_name": "Đặng Thị Mẩy",
            "phone": "0912345678",
            "organization": org.pk,
            "role": Role.SECRETARY,
            "position": Position.DEPUTY_SECRETARY,
            "started_on": "2026-01-05",
        },
    )


def test_org_staff_creates_a_secretary_with_a_one_time_password(
    client_as, org_staff, org_tree, client
):
    response = create_secretary(client_as(org_staff), org_tree.hothau)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    password = response.context["password"]
    user = User.objects.get(username="pbt.hothau")
    assert user.must_change_password
    assert user.check_password(password)
    assignment = user.role_assignments.get()
    assert (assignment.organization, assignment.role, assignment.granted_by) == (
        org_tree.hothau,
        Role.SECRETARY,
        org_staff,
    )
    # The temporary password works once, then the person must choose their own.
    assert (
        client.post(
            reverse("login"), {"username": "pbt.hothau", "password": password}
        ).status_code
        == 302
    )
    assert client.get(reverse("reports:dashboard"))["Location"] == reverse(
        "password_change"
    )
    assert client.get(reverse("organizations:jobs"))["Location"] == reverse(
        "password_change"
    )
    response = client.post(
        reverse("password_change"),
        {
            "old_password": password,
            "new_password1": "Núi-đồi-2026!",
            "new_password2": "Núi-đồi-2026!",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password
    assert client.get(reverse("reports:dashboard")).status_code == 200


def test_password_change_rejects_weak_or_mismatched_passwords(
    client_as, hothau_secretary
):
    client = client_as(hothau_secretary)
    for new1, new2 in [("12345678", "12345678"), ("Núi-đồi-2026!", "khác-hẳn-2026")]:
        response = client.post(
            reverse("password_change"),
            {
                "old_password": "secret-pass-123",
                "new_password1": new1,
                "new_password2": new2,
            },
        )
        assert response.status_code == 200
        assert response.context["form"].errors
    hothau_secretary.refresh_from_db()
    assert hothau_secretary.check_password("secret-pass-123")


def test_create_form_errors_are_in_vietnamese_and_nothing_is_saved(
    client_as, org_staff, org_tree
):
    UserFactory(username="taken")
    response = client_as(org_staff).post(
        reverse("organizations:account_create"),
        {
            "username": "Tên có dấu",
            "full_name": "",
            "organization": org_tree.hothau.pk,
            "role": Role.SECRETARY,
            "position": Position.STAFF,
            "started_on": "05/01/2026",
        },
    )
    errors = response.context["form"].errors
    assert "chữ thường không dấu" in errors["username"][0]
    assert "full_name" in errors
    assert User.objects.count() == 2  # org_staff and "taken"


def test_granting_org_staff_or_standing_committee_is_refused(
    org_staff, org_tree, client_as
):
    for role in (Role.ORG_STAFF, Role.STANDING_COMMITTEE):
        with pytest.raises(ValidationError):
            accounts.create_account(
                username=f"x-{role}",
                full_name="X",
                organization=org_tree.hothau,
                role=role,
                position=Position.MEMBER,
                by=org_staff,
            )
    response = client_as(org_staff).post(
        reverse("organizations:account_create"),
        {
            "username": "sneaky",
            "full_name": "Sneaky",
            "organization": org_tree.hothau.pk,
            "role": Role.ORG_STAFF,
            "position": Position.STAFF,
            "started_on": "2026-01-05",
        },
    )
    assert "role" in response.context["form"].errors
    assert not User.objects.filter(username__startswith="x-").exists()
    assert not User.objects.filter(username="sneaky").exists()


def test_org_staff_of_a_commune_cannot_touch_accounts_outside_it(
    org_tree, namdich_secretary, client_as
):
    commune_staff = UserFactory(username="ht-staff")
    RoleAssignmentFactory(
        user=commune_staff, organization=org_tree.hothau, role=Role.ORG_STAFF
    )
    both = UserFactory(username="both")
    RoleAssignmentFactory(user=both, organization=org_tree.hothau, role=Role.VIEWER)
    RoleAssignmentFactory(user=both, organization=org_tree.namdich, role=Role.VIEWER)
    client = client_as(commune_staff)
    # Not visible at all: 404. Visible, but with a role outside the subtree: 403.
    assert (
        client.post(
            reverse("organizations:account_disable", args=[namdich_secretary.pk])
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("organizations:account_disable", args=[both.pk])
        ).status_code
        == 403
    )
    assert (
        client.get(reverse("organizations:account", args=[both.pk])).status_code == 200
    )
    with pytest.raises(PermissionDenied):
        accounts.reset_password(both, by=commune_staff)
    with pytest.raises(PermissionDenied):
        accounts.create_account(
            username="nd2",
            full_name="Y",
            organization=org_tree.namdich,
            role=Role.SECRETARY,
            position=Position.SECRETARY,
            by=commune_staff,
        )
    both.refresh_from_db()
    namdich_secretary.refresh_from_db()
    assert both.is_active
    assert namdich_secretary.is_active


def test_disabled_account_cannot_log_in_and_its_session_ends(
    client_as, org_staff, hothau_secretary, client
):
    session = client_as(hothau_secretary)
    assert session.get(reverse("reports:dashboard")).status_code == 200
    response = client_as(org_staff).post(
        reverse("organizations:account_disable", args=[hothau_secretary.pk])
    )
    assert response.status_code == 302
    hothau_secretary.refresh_from_db()
    assert not hothau_secretary.is_active
    assert session.get(reverse("reports:dashboard"))["Location"].startswith(
        reverse("login")
    )
    login = client.post(
        reverse("login"), {"username": "hothau", "password": "secret-pass-123"}
    )
    assert login.status_code == 200
    assert "không đúng" in login.content.decode()
    assert AuditEntry.objects.filter(action="account.disable", actor=org_staff).exists()


def test_reset_password_gives_a_new_temporary_password(
    client_as, org_staff, hothau_secretary
):
    response = client_as(org_staff).post(
        reverse("organizations:account_reset_password", args=[hothau_secretary.pk])
    )
    hothau_secretary.refresh_from_db()
    assert hothau_secretary.check_password(response.context["password"])
    assert hothau_secretary.must_change_password
    assert not hothau_secretary.check_password("secret-pass-123")


def test_hand_over_after_a_congress_keeps_the_history(
    client_as, org_staff, hothau_secretary, org_tree
):
    old = hothau_secretary.role_assignments.get()
    successor = UserFactory(username="successor")
    RoleAssignmentFactory(
        user=successor, organization=org_tree.hothau_village, role=Role.VIEWER
    )
    response = client_as(org_staff).post(
        reverse("organizations:role_hand_over", args=[hothau_secretary.pk, old.pk]),
        {"on": "2025-10-15", "successor": successor.pk},
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.ended_on == datetime.date(2025, 10, 15)
    new = RoleAssignment.objects.get(user=successor, role=Role.SECRETARY)
    assert (new.organization, new.position, new.started_on) == (
        org_tree.hothau,
        Position.SECRETARY,
        datetime.date(2025, 10, 15),
    )
    holders = RoleAssignment.objects.filter(
        organization=org_tree.hothau, role=Role.SECRETARY
    )
    assert holders.count() == 2
    assert [a.user for a in holders.active()] == [successor]
    page = client_as(org_staff).get(
        reverse("members:organization", args=[org_tree.hothau.pk])
    )
    assert [a.user for a in page.context["leaders"]] == [successor]
    assert [a.user for a in page.context["former_leaders"]] == [hothau_secretary]
    assert "15/10/2025" in page.content.decode()


def test_hand_over_to_a_new_account(client_as, org_staff, hothau_secretary):
    old = hothau_secretary.role_assignments.get()
    response = client_as(org_staff).post(
        reverse("organizations:role_hand_over", args=[hothau_secretary.pk, old.pk]),
        {
            "on": "2025-10-15",
            "new_username": "bithu.moi",
            "new_full_name": "Bàn Văn Kiềm",
        },
    )
    new_user = User.objects.get(username="bithu.moi")
    assert new_user.check_password(response.context["password"])
    assert new_user.must_change_password
    assert new_user.role_assignments.get().started_on == datetime.date(2025, 10, 15)


def test_hand_over_needs_exactly_one_successor(client_as, org_staff, hothau_secretary):
    old = hothau_secretary.role_assignments.get()
    response = client_as(org_staff).post(
        reverse("organizations:role_hand_over", args=[hothau_secretary.pk, old.pk]),
        {"on": "2025-10-15"},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    old.refresh_from_db()
    assert old.ended_on is None


def test_end_role_before_start_is_refused(client_as, org_staff, hothau_secretary):
    old = hothau_secretary.role_assignments.get()
    response = client_as(org_staff).post(
        reverse("organizations:role_end", args=[hothau_secretary.pk, old.pk]),
        {"ended_on": "2010-01-01"},
    )
    assert "sau ngày bắt đầu" in response.content.decode()
    old.refresh_from_db()
    assert old.ended_on is None


def test_login_is_locked_after_repeated_failures(client, hothau_secretary):
    for _ in range(5):
        client.post(reverse("login"), {"username": "hothau", "password": "wrong"})
    response = client.post(
        reverse("login"), {"username": "hothau", "password": "secret-pass-123"}
    )
    assert response.status_code == 429
    assert "Nhập sai quá nhiều lần" in response.content.decode()
