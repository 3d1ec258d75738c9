"""The consent texts a client agrees to, versioned as files: `<kind>.<version>.md`.

A recorded consent stores the version and the SHA-256 of the text, so what was agreed can always
be shown exactly, even after the wording changes. Pure: reads only the files beside this module.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

TEXT_DIR = Path(__file__).with_name("consent_texts")


@dataclass(frozen=True)
class ConsentText:
    kind: str
    version: int
    title: str
    body: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body.encode()).hexdigest()

    @property
    def paragraphs(self) -> list[str]:
        return [p.replace("\n", " ") for p in self.body.split("\n\n")[1:] if p.strip()]


@cache
def all_consent_texts() -> tuple[ConsentText, ...]:
    texts = []
    for path in sorted(TEXT_DIR.glob("*.md")):
        kind, version, _ = path.name.split(".")
        body = path.read_text(encoding="utf-8")
        title = body.splitlines()[0].lstrip("# ").strip()
        texts.append(ConsentText(kind=kind, version=int(version), title=title, body=body))
    return tuple(texts)


def consent_text(kind: str, version: int | None = None) -> ConsentText:
    """The given version of a kind's text, or its newest when no version is given."""
    candidates = [t for t in all_consent_texts() if t.kind == kind]
    if not candidates:
        raise KeyError(f"no consent text for {kind!r}")
    if version is None:
        return max(candidates, key=lambda t: t.version)
    for text in candidates:
        if text.version == version:
            return text
    raise KeyError(f"no version {version} of the {kind!r} consent text")
