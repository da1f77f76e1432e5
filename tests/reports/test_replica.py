"""The read replica route: with `DATABASE_REPLICA_URL` (CI sets it), the
statistics and exports read the second PostgreSQL database, say when its
copy was taken, and fall back to the primary, with a log line, when it does
not answer. The test plays replication itself: the primary's rows are copied
to the second database (pg_dump), then the primary moves on."""

import datetime
import logging
import os
import subprocess

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.exports import EXPORT_KIND, EXPORT_TASK, export_from_job
from members.models import Member
from organizations import clock
from organizations import replica as replica_module
from organizations.models import AuditEntry, Job, ReplicaMark
from organizations.replica import replica_reads
from organizations.services.health import mark_primary
from reports.statistics import Period, compute
from tests.factories import JobFactory, MemberFactory

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])

YEAR = Period.year(clock.today().year)


def _pg(alias: str) -> tuple[list[str], dict[str, str]]:
    db = connections[alias].settings_dict
    args = ["-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432)]
    args += ["-U", db["USER"] or "postgres", "-d", db["NAME"]]
    return args, {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}


def replicate() -> None:
    """The replica catches up with the primary, as streaming replication does."""
    replica = connections["replica"]
    tables = set(replica.introspection.table_names()) - {"django_migrations"}
    with replica.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(sorted(tables))} CASCADE")
    source, env = _pg("default")
    dump = subprocess.run(
        [
            "pg_dump",
            "--data-only",
            "--disable-triggers",
            "--exclude-table-data=django_migrations",
            *source,
        ],
        capture_output=True,
        env=env,
        check=True,
    )
    target, env = _pg("replica")
    restored = subprocess.run(
        ["psql", "-q", "-v", "ON_ERROR_STOP=1", *target],
        input=dump.stdout,
        capture_output=True,
        env=env,
    )
    assert restored.returncode == 0, restored.stderr.decode()


@pytest.fixture
def replica(settings, reference_data):
    if "replica" not in connections.databases:
        pytest.fail("make test configures a second database (DATABASE_REPLICA_URL)")
    settings.READ_REPLICA = "replica"
    replica_module._down_until.clear()
    yield
    replica_module._down_until.clear()


@pytest.fixture
def lagging(replica, org_tree):
    """Three members copied to the replica with the mark; two more admitted
    on the primary since."""
    for _ in range(3):
        MemberFactory(organization=org_tree.hothau_village)
    mark_primary()
    copied_at = ReplicaMark.objects.get().at
    replicate()
    for _ in range(2):
        MemberFactory(organization=org_tree.hothau_village)
    mark_primary()
    return copied_at


def members(figures) -> int:
    return figures["members"]["total"]


def test_statistics_read_the_replica_and_say_as_at_when(
    lagging, org_tree, org_staff, client_as
):
    assert members(compute(org_tree.district, YEAR)) == 5
    with replica_reads() as reading:
        assert members(compute(org_tree.district, YEAR)) == 3
    assert reading.as_at == lagging

    client = client_as(org_staff)
    url = reverse("reports:statistics") + f"?organization={org_tree.district.pk}"
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        page = client.get(url + "&live=1").content.decode()
    assert len(on_replica) > 10
    assert 'id="replica-notice"' in page
    local = lagging.astimezone(datetime.timezone(datetime.timedelta(hours=7)))
    assert local.strftime("%H:%M %d/%m/%Y") in page


def test_a_replica_that_does_not_answer_leaves_the_primary_to_answer(
    lagging, org_tree, org_staff, client_as, caplog
):
    replica_db = connections["replica"]
    port = replica_db.settings_dict["PORT"]
    replica_db.close()
    replica_db.settings_dict["PORT"] = "1"
    try:
        with caplog.at_level(logging.WARNING, logger="organizations.replica"):
            with replica_reads() as reading:
                assert members(compute(org_tree.district, YEAR)) == 5
            page = client_as(org_staff).get(reverse("reports:statistics")).content
    finally:
        replica_db.close()
        replica_db.settings_dict["PORT"] = port
    assert reading is None
    assert b"replica-notice" not in page
    # One line, and the replica left alone for a while, not tried per request.
    [line] = [r.getMessage() for r in caplog.records]
    assert (
        line == "read replica unavailable (OperationalError): reading from the primary"
    )


def test_an_export_reads_the_replica_and_writes_its_audit_to_the_primary(
    lagging, org_tree, org_staff
):
    job = JobFactory(
        kind=EXPORT_KIND,
        task_name=EXPORT_TASK,
        organization=org_tree.district,
        requested_by=org_staff,
        params={"filters": {}, "format": "csv"},
    )
    output = export_from_job(job, lambda percent: None)
    assert output.content.decode("utf-8-sig").count("\n") == 1 + 3
    assert "3 " in output.summary
    assert "as at" in output.summary or "tính đến" in output.summary
    assert AuditEntry.objects.using("default").filter(action="members.export").exists()
    assert (
        not AuditEntry.objects.using("replica").filter(action="members.export").exists()
    )
    assert Member.objects.count() == 5
    assert Job.objects.using("default").filter(pk=job.pk).exists()
