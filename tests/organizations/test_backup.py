"""The backup drill: back up the database and the private files, restore
them into an empty database and an empty directory, and find every table's
rows and every file's bytes as they were; a restore over data is refused,
and a difference is reported."""

import json
import subprocess
from collections.abc import Iterator

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from organizations.audit import record_audit
from organizations.backup import MANIFEST, target_conninfo
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def empty_database() -> Iterator[str]:
    assert connection.vendor == "postgresql", "backups are of PostgreSQL"
    name = f"{connection.settings_dict['NAME']}_restored"
    admin = target_conninfo("postgres")
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}"')
        db.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restores_table_by_table_and_file_by_file(
    reference_data, org_tree, org_staff, empty_database, tmp_path, settings
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    (tmp_path / "private" / "photos" / "2026").mkdir(parents=True)
    (tmp_path / "private" / "photos" / "2026" / "1.jpg").write_bytes(
        b"\xff\xd8\xff\xe0 photo"
    )
    (tmp_path / "private" / "dossiers").mkdir()
    (tmp_path / "private" / "dossiers" / "1-6-KNĐ.pdf").write_bytes(b"%PDF-1.7 ...")
    MemberFactory.create_batch(5, organization=org_tree.hothau_village)
    record_audit("members.view", org_staff, by=org_staff)

    call_command("backup", "--to", str(tmp_path / "backups"))
    folder = next((tmp_path / "backups").iterdir())
    manifest = json.loads((folder / MANIFEST).read_text())
    assert manifest["tables"]["members_member"]["rows"] == 5
    assert manifest["tables"]["organizations_auditentry"]["rows"] >= 1
    assert set(manifest["files"]) == {"photos/2026/1.jpg", "dossiers/1-6-KNĐ.pdf"}

    restored = tmp_path / "restored"
    call_command(
        "restore",
        str(folder),
        "--database",
        empty_database,
        "--files-to",
        str(restored),
    )
    assert (restored / "dossiers" / "1-6-KNĐ.pdf").read_bytes() == b"%PDF-1.7 ..."
    # The restored log is as unalterable as the original.
    with (
        psycopg.connect(target_conninfo(empty_database)) as db,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        db.execute("DELETE FROM organizations_auditentry")

    # Over data, or into a directory with files, a restore is refused.
    with pytest.raises(CommandError, match="must be empty"):
        call_command(
            "restore",
            str(folder),
            "--database",
            empty_database,
            "--files-to",
            str(tmp_path / "elsewhere"),
        )


def test_a_difference_from_the_backup_is_reported(
    reference_data, org_tree, empty_database, tmp_path, settings
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "a.pdf").write_bytes(b"%PDF one")
    call_command("backup", "--to", str(tmp_path / "backups"))
    folder = next((tmp_path / "backups").iterdir())
    # The manifest says otherwise than the archive: a file damaged since.
    manifest = json.loads((folder / MANIFEST).read_text())
    manifest["files"]["a.pdf"] = "0" * 64
    (folder / MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="1 differences"):
        call_command(
            "restore",
            str(folder),
            "--database",
            empty_database,
            "--files-to",
            str(tmp_path / "restored"),
        )


def test_the_database_password_is_never_on_a_command_line(
    reference_data, empty_database, tmp_path, settings, monkeypatch
):
    """Any user of the server can read a process's arguments; the password
    goes to pg_dump and pg_restore in their environment."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    monkeypatch.setitem(settings.DATABASES["default"], "PASSWORD", "s3cret-pw")
    calls = []
    real_run = subprocess.run

    def spy(args, **kwargs):
        calls.append((args, kwargs.get("env") or {}))
        return real_run(args, **kwargs)

    monkeypatch.setattr(subprocess, "run", spy)
    call_command("backup", "--to", str(tmp_path / "backups"))
    folder = next((tmp_path / "backups").iterdir())
    call_command(
        "restore",
        str(folder),
        "--database",
        target_conninfo(empty_database),
        "--files-to",
        str(tmp_path / "restored"),
    )
    assert [args[0] for args, _ in calls] == ["pg_dump", "pg_restore"]
    for args, env in calls:
        assert not any("s3cret-pw" in arg for arg in args)
        assert env["PGPASSWORD"] == "s3cret-pw"
