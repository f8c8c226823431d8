"""`make run` and `make test` find a Python 3.12+ with scripts/find-python.sh, or explain how to get one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "find-python.sh"


def run(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["/bin/sh", str(SCRIPT)], env=env, capture_output=True, text=True, check=False)


def test_it_uses_the_python_it_is_given() -> None:
    result = run({"PATH": "/nonexistent", "PYTHON": sys.executable})
    assert result.returncode == 0
    assert result.stdout.strip() == sys.executable


def test_without_a_recent_python_it_says_how_to_get_one(tmp_path: Path) -> None:
    old = tmp_path / "python3"
    old.write_text("#!/bin/sh\nexit 1\n")  # a Python that fails the version check
    old.chmod(0o755)
    result = run({"PATH": str(tmp_path)})
    assert result.returncode == 1
    assert "needs Python 3.12 or newer" in result.stderr
    assert "PYTHON=/path/to/python3.12" in result.stderr
