"""The Vietnamese catalogue is complete and compiled (DESIGN.md §8)."""

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

pytestmark = pytest.mark.smoke

PO = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"
SOURCES = ["config", "organizations", "members", "candidates", "reports", "templates"]


def test_every_message_is_translated():
    catalogue = polib.pofile(str(PO))
    untranslated = [e.msgid for e in catalogue if not e.translated() and not e.obsolete]
    assert untranslated == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []


def test_the_catalogue_covers_every_message_in_the_code(tmp_path):
    for name in SOURCES:
        shutil.copytree(Path(settings.BASE_DIR) / name, tmp_path / name)
    shutil.copy(Path(settings.BASE_DIR) / "manage.py", tmp_path)
    (tmp_path / "locale" / "vi" / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy(PO, tmp_path / "locale" / "vi" / "LC_MESSAGES")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "vi", "--no-obsolete"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={
            "DEBUG": "true",
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(settings.BASE_DIR),
        },
    )
    fresh = polib.pofile(str(tmp_path / "locale" / "vi" / "LC_MESSAGES" / "django.po"))
    missing = [e.msgid for e in fresh if not e.translated()]
    assert missing == [], "run `make messages` and translate the new strings"


def test_the_compiled_catalogue_matches_the_source():
    compiled = gettext.GNUTranslations(PO.with_suffix(".mo").open("rb"))
    for entry in polib.pofile(str(PO)).translated_entries():
        if entry.msgid_plural:
            assert (
                compiled.ngettext(entry.msgid, entry.msgid_plural, 1)
                == entry.msgstr_plural[0]
            )
        elif not entry.msgctxt:
            assert compiled.gettext(entry.msgid) == entry.msgstr, entry.msgid
