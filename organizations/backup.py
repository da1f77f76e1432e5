"""Backing up the registry and proving the backup restores: the PostgreSQL
database (pg_dump's custom format) and the private files (a tar archive),
with a manifest of every table's row count and checksum and every file's
SHA-256. A restore goes into an empty database and an empty directory and
is then compared with the manifest, table by table and file by file.

The checksum of a table is the MD5 of its rows' MD5s in sorted order, so it
does not depend on the order the rows are stored in."""

import datetime
import hashlib
import json
import os
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings
from django.db import connection
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

DUMP = "database.dump"
FILES = "files.tar.gz"
MANIFEST = "manifest.json"


class BackupError(Exception):
    pass


def _conninfo(**override: Any) -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise BackupError(
            "Backups are made of the PostgreSQL database; the embedded SQLite "
            "file is copied as it is."
        )
    params = {
        "dbname": db["NAME"],
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
        "host": db.get("HOST") or None,
        "port": str(db["PORT"]) if db.get("PORT") else None,
    }
    params.update(override)
    return make_conninfo(**{k: v for k, v in params.items() if v})


def _client(conninfo: str) -> tuple[str, dict[str, str]]:
    """The connection string for a PostgreSQL client program and its
    environment: the password goes in PGPASSWORD, never on the command line
    where every user of the machine can read it."""
    params = conninfo_to_dict(conninfo)
    env = dict(os.environ)
    if password := params.pop("password", None):
        env["PGPASSWORD"] = str(password)
    return make_conninfo("", **params), env


def table_sums(conninfo: str) -> dict[str, dict[str, Any]]:
    """Every table of the public schema: its row count and checksum."""
    sums: dict[str, dict[str, Any]] = {}
    with psycopg.connect(conninfo) as db:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "ORDER BY tablename"
            )
        ]
        for table in tables:
            query = sql.SQL(
                "SELECT count(*), md5(coalesce(string_agg(md5(t::text), '' "
                "ORDER BY md5(t::text)), '')) FROM {} t"
            ).format(sql.Identifier(table))
            row = db.execute(query).fetchone()
            assert row is not None
            sums[table] = {"rows": row[0], "md5": row[1]}
    return sums


def file_sums(root: Path) -> dict[str, str]:
    """Every file under `root`, by its path there: its SHA-256."""
    sums = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        sums[str(path.relative_to(root))] = hashlib.sha256(
            path.read_bytes()
        ).hexdigest()
    return sums


def backup(target: Path) -> Path:
    """A new backup folder under `target`: the dump, the files, the manifest."""
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    folder = target / stamp
    folder.mkdir(parents=True)
    conninfo = _conninfo()
    connection.close()
    dbname, env = _client(conninfo)
    subprocess.run(
        [
            "pg_dump",
            "--format=custom",
            f"--file={folder / DUMP}",
            f"--dbname={dbname}",
        ],
        check=True,
        capture_output=True,
        env=env,
    )
    private = Path(settings.PRIVATE_MEDIA_ROOT)
    with tarfile.open(folder / FILES, "w:gz") as archive:
        if private.exists():
            archive.add(private, arcname=".")
    manifest = {
        "made": stamp,
        "tables": table_sums(conninfo),
        "files": file_sums(private) if private.exists() else {},
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return folder


@dataclass
class Comparison:
    differences: list[str]
    tables: int
    rows: int
    files: int


def restore(folder: Path, *, database: str, files_to: Path) -> Comparison:
    """Restore a backup into the empty database `database` (a connection
    string) and the empty directory `files_to`, then compare both with the
    manifest."""
    manifest = json.loads((folder / MANIFEST).read_text())
    with psycopg.connect(database) as db:
        row = db.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        ).fetchone()
    if row is None or row[0]:
        raise BackupError("The database to restore into must be empty.")
    if files_to.exists() and any(files_to.iterdir()):
        raise BackupError("The directory to restore the files into must be empty.")
    dbname, env = _client(database)
    subprocess.run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            f"--dbname={dbname}",
            str(folder / DUMP),
        ],
        check=True,
        capture_output=True,
        env=env,
    )
    files_to.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / FILES, "r:gz") as archive:
        archive.extractall(files_to, filter="data")
    return compare(manifest, table_sums(database), file_sums(files_to))


def compare(
    manifest: dict[str, Any],
    tables: dict[str, dict[str, Any]],
    files: dict[str, str],
) -> Comparison:
    differences = []
    for name, expected in manifest["tables"].items():
        if tables.get(name) != expected:
            differences.append(f"table {name}: {expected} ≠ {tables.get(name)}")
    differences += [
        f"table {name}: not in the backup"
        for name in tables.keys() - manifest["tables"].keys()
    ]
    for name, digest in manifest["files"].items():
        if files.get(name) != digest:
            differences.append(f"file {name}: differs or is missing")
    differences += [
        f"file {name}: not in the backup"
        for name in files.keys() - manifest["files"].keys()
    ]
    return Comparison(
        differences,
        tables=len(tables),
        rows=sum(t["rows"] for t in tables.values()),
        files=len(files),
    )


def target_conninfo(name: str) -> str:
    """The connection string of another database on the same server."""
    return _conninfo(dbname=name)
