"""The consent texts are versioned files read without Django or a database."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from stretchwise.clients import consent_texts
from stretchwise.clients.consent_texts import ConsentText, all_consent_texts, consent_text

KINDS = {"treatment", "sensitive_contact", "data_processing"}


@pytest.fixture
def text_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty folder of consent texts in place of the real one."""
    monkeypatch.setattr(consent_texts, "TEXT_DIR", tmp_path)
    all_consent_texts.cache_clear()
    yield tmp_path
    all_consent_texts.cache_clear()


def test_every_kind_of_consent_has_a_text() -> None:
    assert {t.kind for t in all_consent_texts()} == KINDS
    for kind in KINDS:
        text = consent_text(kind)
        assert text.title
        assert text.paragraphs
        assert text.version >= 1


def test_the_title_is_the_first_line_without_its_heading_mark() -> None:
    text = consent_text("treatment")
    assert text.title == "Consent to assisted stretch therapy"
    assert text.body.startswith("# " + text.title)


def test_the_paragraphs_leave_out_the_title_and_join_wrapped_lines() -> None:
    text = consent_text("treatment")
    assert all("\n" not in p and not p.startswith("#") for p in text.paragraphs)
    assert text.paragraphs[0].startswith("Assisted stretch therapy means")


def test_the_fingerprint_is_the_sha256_of_the_whole_text() -> None:
    text = consent_text("data_processing")
    assert text.sha256 == hashlib.sha256(text.body.encode("utf-8")).hexdigest()
    changed = ConsentText(text.kind, text.version, text.title, text.body + " ")
    assert changed.sha256 != text.sha256


def test_an_unknown_kind_or_version_is_a_key_error() -> None:
    with pytest.raises(KeyError, match="no consent text for 'marketing'"):
        consent_text("marketing")
    with pytest.raises(KeyError, match="no version 99"):
        consent_text("treatment", 99)


def test_a_new_version_becomes_current_and_the_old_one_can_still_be_shown(text_dir: Path) -> None:
    (text_dir / "treatment.1.md").write_text("# Old title\n\nOld words.\n", encoding="utf-8")
    (text_dir / "treatment.2.md").write_text("# New title\n\nNew\nwords.\n", encoding="utf-8")
    (text_dir / "treatment.10.md").write_text("# Tenth\n\nTen.\n", encoding="utf-8")
    assert consent_text("treatment").version == 10
    old = consent_text("treatment", 1)
    assert old.title == "Old title"
    assert [p.strip() for p in old.paragraphs] == ["Old words."]
    assert [p.strip() for p in consent_text("treatment", 2).paragraphs] == ["New words."]


def test_texts_are_read_as_utf8(text_dir: Path) -> None:
    (text_dir / "treatment.1.md").write_text("# Zustimmung\n\nÜbung für Schultern.\n", "utf-8")
    assert [p.strip() for p in consent_text("treatment").paragraphs] == ["Übung für Schultern."]


def test_the_consent_texts_and_age_rules_import_nothing_from_django() -> None:
    probe = (
        "import sys\n"
        "import stretchwise.clients.ages, stretchwise.clients.consent_texts\n"
        "import stretchwise.accounts.throttling\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"
