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


def test_every_configurable_clinical_value_is_listed_in_the_knowledge_docs() -> None:
    from stretchwise.library.knowledge import load

    kb = load()
    text = (ROOT / "docs" / "clinical-knowledge.md").read_text()
    configurable = [c.id for c in kb.contraindications.values() if c.configurable]
    defaults = [t.id for t in kb.tests.values() if t.mdc.source is None]
    missing = [i for i in configurable + defaults if f"`{i}`" not in text]
    assert not missing, f"list these in docs/clinical-knowledge.md: {missing}"
