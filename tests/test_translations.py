"""Every UI string exists in every required language, and the catalogs match the code."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

from conftest import skip_or_fail

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|\{(\w*)\}")


def catalog(language: str) -> polib.POFile:
    folder = language.replace("-", "_")
    if folder == "zh_hans":
        folder = "zh_Hans"
    return polib.pofile(str(ROOT / "locale" / folder / "LC_MESSAGES" / "django.po"))


TRANSLATED = [code for code in settings.VILLAGE_REQUIRED_LANGUAGES if code != "en"]


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_string_is_translated_and_not_fuzzy(language: str) -> None:
    po = catalog(language)
    assert len(po) > 100
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"{language}: {len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert not fuzzy, f"{language}: {len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_their_placeholders(language: str) -> None:
    for entry in catalog(language).translated_entries():
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        translations = [entry.msgstr] if entry.msgstr else list(entry.msgstr_plural.values())
        for text in translations:
            # Plural forms may drop the count placeholder (languages with one form say it in words).
            got = sorted(PLACEHOLDER.findall(text))
            assert set(got) <= set(expected) | set(sorted(PLACEHOLDER.findall(entry.msgid_plural or ""))), (
                f"{language}: {entry.msgid!r} -> {text!r}"
            )
            if not entry.msgid_plural:
                assert got == expected, f"{language}: placeholders differ in {entry.msgid!r} -> {text!r}"


def test_catalogs_match_the_source(tmp_path: Path) -> None:
    """A string added to the code but not to the catalogs fails here (needs GNU gettext)."""
    if shutil.which("xgettext") is None:
        skip_or_fail("GNU gettext (xgettext) is not installed")
    work = tmp_path / "src"
    shutil.copytree(ROOT, work, ignore=shutil.ignore_patterns(".venv", "var", ".git", "node_modules", "*.mo"))
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "es", "--no-obsolete", "--no-location",
         "--ignore=.venv", "--ignore=var", "--ignore=tests", "--ignore=conftest.py", "--ignore=bench",
         "--ignore=scripts"],
        cwd=work, check=True, capture_output=True,
        env={"PATH": "/usr/bin:/bin", "VILLAGE_ENV": "development", "VILLAGE_VAR_DIR": str(tmp_path / "var")},
    )  # fmt: skip
    fresh = {e.msgid for e in polib.pofile(str(work / "locale" / "es" / "LC_MESSAGES" / "django.po"))}
    committed = {e.msgid for e in catalog("es")}
    missing = fresh - committed
    assert not missing, f"Run `make messages` and translate: {sorted(missing)[:10]}"
