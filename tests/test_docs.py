"""Docs and code keep each other honest: an undocumented setting fails the suite."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV_READ = re.compile(r'[eE]nv(?:\(\))?\.(?:str|bool|int|list|db_url|email_url)\(\s*"([A-Z_]+)"')


def variables_read_by_settings() -> set[str]:
    return set(ENV_READ.findall((ROOT / "stretchwise" / "settings.py").read_text()))


def test_the_settings_file_reads_its_variables_through_env() -> None:
    assert {
        "SECRET_KEY",
        "DATABASE_URL",
        "ALLOWED_HOSTS",
        "EMAIL_URL",
    } <= variables_read_by_settings()


def test_every_environment_variable_is_documented() -> None:
    documented = set(
        re.findall(r"\| `([A-Z_]+)` \|", (ROOT / "docs" / "configuration.md").read_text())
    )
    missing = variables_read_by_settings() - documented
    assert not missing, f"add these to docs/configuration.md: {sorted(missing)}"


def test_the_readme_quick_start_is_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "make run" in readme
    assert "make test" in readme
