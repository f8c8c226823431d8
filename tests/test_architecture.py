"""The shape docs/architecture.md describes, checked: who writes, and how big a file may grow.

The import layers between apps are checked by import-linter (`lint-imports`, run by `make test`;
the contracts are in pyproject.toml).
"""

from __future__ import annotations

import re

from tests.architecture import ROOT, scan, scan_source

MAX_LINES = 600


def test_the_write_check_finds_writes_outside_actions_and_across_apps() -> None:
    view = ROOT / "referrals" / "views.py"
    source = (
        "from village.referrals.models import Referral\n"
        "def close(pk):\n"
        "    referral = Referral.objects.get(pk=pk)\n"
        "    referral.save()\n"
        "    Referral.objects.filter(pk=pk).update(status='x')\n"
        "    referral.events.add(1)\n"
        "    form.save(commit=False)\n"
        "    {}.update(a=1)\n"
        "    seen = set(); seen.add(1)\n"
    )
    found = [(w.line, w.call) for w in scan_source(source, view)]
    assert found == [
        (4, "referral.save"),
        (5, "Referral.objects.filter.update"),
        (6, "referral.events.add"),
    ]
    actions = ROOT / "referrals" / "actions.py"
    across = (
        "from village.families.models import Need\ndef meet(pk):\n    Need.objects.filter(pk=pk).update(status='met')\n"
    )
    assert [w.why for w in scan_source(across, actions)] == ["writes a model of families from referrals's actions"]
    assert list(scan_source(across.replace("families", "referrals"), actions)) == []


def test_models_are_written_only_by_their_own_apps_actions() -> None:
    found = scan()
    assert not found, "Write through the owner app's actions:\n" + "\n".join(str(w) for w in found)


def test_no_file_in_village_grows_past_six_hundred_lines() -> None:
    long = {
        str(path.relative_to(ROOT.parent)): lines
        for path in ROOT.rglob("*.py")
        if "migrations" not in path.parts and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"Split these into packages by concern: {long}"


def test_every_app_with_pages_decides_access_in_its_access_module() -> None:
    with_pages = [app for app in ROOT.iterdir() if (app / "views.py").exists() or (app / "views").is_dir()]
    assert len(with_pages) > 10
    missing = [app.name for app in with_pages if not (app / "access.py").exists()]
    assert not missing, f"These apps have pages but no access.py: {missing}"


def test_any_stays_rare_in_the_product_code() -> None:
    # Each parameter, context or JSON shape has a real type; `Any` is left where Django's own
    # signatures call for it (management commands, a few generic helpers). Issue #13 set the bar.
    uses = 0
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts or "tests" in path.parts:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.lstrip().startswith(("from typing import", "import typing")):
                uses += len(re.findall(r"\bAny\b", line))
    assert uses < 100, f"{uses} uses of Any in village/ outside tests and migrations"
