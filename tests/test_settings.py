"""Bad environment values stop start-up with a message naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOOD_PRODUCTION = {
    "VILLAGE_ENV": "production",
    "SECRET_KEY": "k" * 60,
    "ALLOWED_HOSTS": "village.example.org",
    "VILLAGE_SITE_URL": "https://village.example.org",
    "DATABASE_URL": "postgres://u@localhost/village",
}


def start(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("VILLAGE_", "DATABASE_URL", "SECRET_KEY"))}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; settings.DATABASES"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "village.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    "env,variable",
    [
        ({"VILLAGE_ENV": "staging"}, "VILLAGE_ENV"),
        ({**GOOD_PRODUCTION, "SECRET_KEY": ""}, "SECRET_KEY"),
        ({**GOOD_PRODUCTION, "SECRET_KEY": "short"}, "SECRET_KEY"),
        ({**GOOD_PRODUCTION, "ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
        ({**GOOD_PRODUCTION, "VILLAGE_SITE_URL": ""}, "VILLAGE_SITE_URL"),
        ({**GOOD_PRODUCTION, "VILLAGE_SITE_URL": "http://village.example.org"}, "VILLAGE_SITE_URL"),
        ({**GOOD_PRODUCTION, "VILLAGE_SITE_URL": "village.example.org"}, "VILLAGE_SITE_URL"),
        ({**GOOD_PRODUCTION, "VILLAGE_SITE_URL": "https://village.example.org/?x=1"}, "VILLAGE_SITE_URL"),
        ({**GOOD_PRODUCTION, "VILLAGE_SITE_URL": "https://village.example.org/village"}, "VILLAGE_SITE_URL"),
        ({"VILLAGE_SITE_URL": "ftp://village.example.org"}, "VILLAGE_SITE_URL"),
        ({"VILLAGE_SITE_URL": "http://127.0.0.1:port"}, "VILLAGE_SITE_URL"),
        ({**GOOD_PRODUCTION, "DATABASE_URL": "sqlite:///x.db"}, "DATABASE_URL"),
        ({**GOOD_PRODUCTION, "DATABASE_URL": "mysql://x@y/z"}, "DATABASE_URL"),
        ({**GOOD_PRODUCTION, "VILLAGE_MFA_REQUIRED": "0"}, "VILLAGE_MFA_REQUIRED"),
        ({"VILLAGE_MFA_REQUIRED": "maybe"}, "VILLAGE_MFA_REQUIRED"),
        ({"VILLAGE_SMALL_N": "ten"}, "VILLAGE_SMALL_N"),
        ({"VILLAGE_SMALL_N": "0"}, "VILLAGE_SMALL_N"),
    ],
)
def test_bad_environment_values_stop_start_up_naming_the_variable(env: dict[str, str], variable: str) -> None:
    result = start(env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert variable in result.stderr.strip().splitlines()[-1]


def test_good_production_values_start() -> None:
    result = start(GOOD_PRODUCTION)
    assert result.returncode == 0, result.stderr
