"""The letter to the family doctor: a PDF made by WeasyPrint from an HTML template, in a
clinician's register (findings, what was and was not done, why)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from stretchwise.clients.models import Client
from stretchwise.library.knowledge import knowledge_base
from stretchwise.screening.engine import Clearance


def letter_context(client: Client, clearance: Clearance, author: Any) -> dict[str, Any]:
    kb = knowledge_base()
    referred = [f for f in clearance.findings if f.id in clearance.letters]
    cited = sorted({r for f in referred for r in f.references})
    return {
        "client": client,
        "clinic": client.clinic,
        "clearance": clearance,
        "referred": referred,
        "others": [
            f for f in clearance.findings if f.id not in clearance.letters and f.status == "present"
        ],
        "restrictions": clearance.restrictions,
        "author": author,
        "references": [kb.references[r] for r in cited if r in kb.references],
        "urgent": clearance.decision == "urgent_referral",
    }


def letter_html(client: Client, clearance: Clearance, author: Any) -> str:
    return render_to_string("screening/letter.html", letter_context(client, clearance, author))


def letter_pdf(client: Client, clearance: Clearance, author: Any) -> bytes:
    from weasyprint import HTML

    pdf: bytes = HTML(string=letter_html(client, clearance, author)).write_pdf()
    return pdf
