"""The audit log: sign-ins, sign-outs and failed attempts beside the reads
and writes; nobody can alter an entry (a trigger on PostgreSQL, a read-only
admin, nothing deleted from under it); the organization committee's staff
search it by person, record, organization and date within their scope."""

import datetime

import pytest
from django.db import (
    IntegrityError,
    InternalError,
    ProgrammingError,
    connection,
    transaction,
)
from django.db.models import ProtectedError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from organizations.audit import record_audit
from organizations.models import AuditEntry, Role
from tests.factories import OrganizationFactory, RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("organizations:audit")


def sign_in(username: str, password: str) -> Client:
    client = Client()
    client.post(reverse("login"), {"username": username, "password": password})
    return client


@pytest.mark.smoke
def test_sign_ins_sign_outs_and_failures_are_logged(hothau_secretary):
    hothau_secretary.set_password("mật-khẩu-dài-123")
    hothau_secretary.save()
    client = sign_in("hothau", "mật-khẩu-dài-123")
    client.post(reverse("logout"))
    sign_in("hothau", "sai")
    sign_in("khong-co-ai", "sai")
    entries = list(AuditEntry.objects.filter(action__startswith="auth.").order_by("pk"))
    assert [(e.action, e.actor, e.data["username"]) for e in entries] == [
        ("auth.login", hothau_secretary, "hothau"),
        ("auth.logout", hothau_secretary, "hothau"),
        ("auth.login_failed", None, "hothau"),
        ("auth.login_failed", None, "khong-co-ai"),
    ]
    assert entries[0].data["address"] == "127.0.0.1"
    assert "password" not in str([e.data for e in entries])


def test_no_one_changes_or_deletes_an_entry_in_the_database(org_staff):
    assert connection.vendor == "postgresql", "the trigger is PostgreSQL's"
    entry = record_audit("members.view", org_staff, by=org_staff)

    def refused():
        return pytest.raises((InternalError, ProgrammingError, IntegrityError))

    for statement in (
        "UPDATE organizations_auditentry SET action = 'x' WHERE id = %s",
        "DELETE FROM organizations_auditentry WHERE id = %s",
    ):
        with refused(), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [entry.pk])
    with refused(), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action="x")
    with refused(), transaction.atomic():
        entry.delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "members.view"


@pytest.mark.smoke
def test_who_acted_and_where_stay_named(org_tree, org_staff):
    cell = OrganizationFactory(parent=org_tree.hothau, kind="subordinate_cell")
    record_audit("members.view", org_staff, by=org_staff, organization=cell)
    with pytest.raises(ProtectedError):
        org_staff.delete()
    with pytest.raises(ProtectedError):
        cell.delete()


@pytest.mark.smoke
def test_the_admin_shows_the_log_read_only(superuser, org_staff):
    entry = record_audit("members.view", org_staff, by=org_staff)
    client = Client()
    client.force_login(superuser, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("admin:organizations_auditentry_change", args=[entry.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "x"}).status_code == 403
    delete = reverse("admin:organizations_auditentry_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).action == "members.view"


@pytest.fixture
def entries(org_tree, org_staff, hothau_secretary, namdich_secretary):
    """What happened in Hồ Thầu, in Nậm Dịch, and in another district."""
    other = OrganizationFactory(code="OTHER", name="Đảng bộ huyện Khác")
    outsider = UserFactory(username="ngoai", full_name="Người Huyện Khác")
    RoleAssignmentFactory(user=outsider, organization=other, role=Role.SECRETARY)
    return {
        "hothau": record_audit(
            "candidates.view",
            hothau_secretary,
            by=hothau_secretary,
            organization=org_tree.hothau_village,
        ),
        "namdich": record_audit(
            "members.view",
            namdich_secretary,
            by=namdich_secretary,
            organization=org_tree.namdich_village,
        ),
        "other": record_audit(
            "members.view", outsider, by=outsider, organization=other
        ),
    }


@pytest.mark.smoke
def test_staff_search_their_scope_by_person_record_organization_and_date(
    entries, org_tree, org_staff, hothau_secretary, client_as
):
    client = client_as(org_staff)
    page = client.get(URL)
    shown = {e.pk for e in page.context["page"].object_list}
    assert entries["hothau"].pk in shown
    assert entries["namdich"].pk in shown
    assert entries["other"].pk not in shown

    def found(**search):
        return {e.pk for e in client.get(URL, search).context["page"].object_list}

    assert found(person="hothau") == {entries["hothau"].pk}
    assert found(record=f"organizations.user:{hothau_secretary.pk}") == {
        entries["hothau"].pk
    }
    assert entries["namdich"].pk in found(organization=org_tree.namdich.pk)
    assert entries["hothau"].pk not in found(organization=org_tree.namdich.pk)
    today = timezone.localdate()
    assert entries["hothau"].pk in found(start=today.strftime("%d/%m/%Y"))
    tomorrow = today + datetime.timedelta(days=1)
    assert not found(start=tomorrow.strftime("%d/%m/%Y"))
    # The search is logged too.
    assert AuditEntry.objects.filter(action="audit.search", actor=org_staff).exists()


@pytest.mark.smoke
def test_bad_search_input_says_why_and_lists_the_scope(entries, org_staff, client_as):
    page = client_as(org_staff).get(URL, {"start": "31/02/2026", "organization": "x"})
    assert page.status_code == 200
    assert "ngày/tháng/năm" in page.text
    assert not AuditEntry.objects.filter(action="audit.search").exists()


@pytest.mark.smoke
def test_only_the_organization_committee_reads_the_log(
    entries, hothau_secretary, viewer, standing_member, client_as
):
    for user in (hothau_secretary, viewer, standing_member):
        assert client_as(user).get(URL).status_code == 403
