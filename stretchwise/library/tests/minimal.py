"""A tiny but complete knowledge base, built in code, that each validation test breaks once."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

REF = ["ref-a-2020"]
PHASE_HOLD = {
    "kind": "hold",
    "seconds": {"min": 10, "default": 30, "max": 60},
    "cue": "Relax into it.",
}
PHASE_CONTRACT = {
    "kind": "contract",
    "seconds": {"min": 3, "default": 5, "max": 6},
    "effort_pct_mvc": {"min": 10, "default": 20, "max": 40},
    "cue": "Push gently and breathe out.",
}
RANGE = {"min": 1, "default": 2, "max": 4}

MINIMAL: dict[str, Any] = {
    "meta": {
        "version": "test",
        "equipment": [{"id": "strap", "name": "Strap"}],
        "intensity": {
            "sensation_min": 3,
            "sensation_max": 6,
            "pain_ceiling": 2,
            "rationale": "A gentle default.",
            "references": REF,
        },
    },
    "references": {
        "references": [
            {"id": "ref-a-2020", "authors": "A", "year": 2020, "title": "T", "supports": "S"},
            {"id": "ref-unused-2021", "authors": "B", "year": 2021, "title": "U", "supports": "S"},
        ]
    },
    "regions": {"regions": [{"id": "hamstrings", "name": "Hamstrings"}]},
    "muscles": {
        "muscles": [
            {
                "id": "biceps-femoris",
                "name": "Biceps femoris",
                "region": "hamstrings",
                "actions": ["knee flexion"],
                "tests": ["straight-leg-raise"],
            }
        ]
    },
    "body_areas": {
        "body_areas": [
            {
                "id": "thigh-back",
                "name": "Back of thigh",
                "region": "hamstrings",
                "muscles": ["biceps-femoris"],
                "movements": ["hip-flexion"],
            }
        ]
    },
    "movements": {
        "movements": [
            {
                "id": "hip-flexion",
                "name": "Hip flexion",
                "kind": "angle",
                "joint": "hip",
                "default_limit_deg": 90,
                "description": "Thigh towards the chest.",
            },
            {
                "id": "sciatic-neural-tension",
                "name": "Sciatic nerve tension",
                "kind": "load",
                "description": "Straight knee with hip flexion.",
            },
        ]
    },
    "positions": {
        "positions": [
            {
                "id": "supine",
                "name": "Lying on the back",
                "supported": True,
                "description": "On the back.",
            }
        ]
    },
    "restriction_types": {
        "restriction_types": [
            {"id": t, "name": t.replace("_", " "), "description": "d"}
            for t in [
                "forbidden_movement",
                "excluded_region",
                "excluded_technique",
                "intensity_cap",
                "no_deep_pressure",
                "max_minutes_in_position",
                "no_breath_holding",
                "supported_positions_only",
                "no_end_range",
            ]
        ]
    },
    "techniques": {
        "techniques": [
            {
                "id": "static",
                "name": "Static",
                "family": "static",
                "summary_therapist": "s",
                "summary_client": "s",
                "phases": [PHASE_HOLD],
                "repetitions": RANGE,
                "rest_between_reps_seconds": {"min": 0, "default": 10, "max": 30},
                "references": REF,
            },
            {
                "id": "pnf-contract-relax",
                "name": "Contract-relax",
                "family": "pnf",
                "summary_therapist": "s",
                "summary_client": "s",
                "phases": [PHASE_CONTRACT, PHASE_HOLD],
                "repetitions": RANGE,
                "contractions": True,
                "rest_between_reps_seconds": {"min": 0, "default": 10, "max": 30},
                "references": REF,
            },
        ]
    },
    "questions": {
        "questions": [{"id": "saddle-numbness", "text": "Any numbness in the saddle area?"}]
    },
    "contraindications": {
        "contraindications": [
            {
                "id": "cauda-equina",
                "name": "Cauda equina signs",
                "class": "red_flag",
                "scope": "whole_body",
                "decision": "urgent_referral",
                "urgency": "emergency",
                "qualifiers": ["New saddle numbness"],
                "what_to_do_now": "Emergency department now.",
                "lifted_by": "new_intake_after_medical_assessment",
                "questions": ["saddle-numbness"],
                "when_unknown": "Incomplete until answered.",
                "explanation_therapist": "e",
                "explanation_client": "e",
                "references": REF,
                "restrictions": [{"type": "forbidden_movement", "movement": "hip-flexion"}],
            }
        ]
    },
    "conditions": {
        "conditions": [
            {
                "id": "chronic-low-back-pain",
                "name": "Chronic low back pain",
                "kind": "condition",
                "priority_muscles": [{"muscle": "biceps-femoris", "weight": 0.8}],
                "preferred_techniques": ["static"],
                "sessions_per_week": RANGE,
                "programme_weeks": {"min": 4, "default": 8, "max": 12},
                "client_explanation": "c",
                "references": REF,
            }
        ]
    },
    "norms": {
        "norms": [
            {
                "id": "hip-flexion",
                "movement": "hip flexion",
                "unit": "deg",
                "bands": [
                    {
                        "age_min": 20,
                        "age_max": 44,
                        "sex": "any",
                        "mean": 120,
                        "source": "ref-a-2020",
                    }
                ],
            }
        ]
    },
    "tests": {
        "tests": [
            {
                "id": "straight-leg-raise",
                "name": "SLR",
                "how_to": ["Lie down.", "Raise the leg."],
                "unit": "deg",
                "higher_is_better": True,
                "sided": True,
                "normal": "80°",
                "norm": "hip-flexion",
                "mdc": {"value": 5, "source": None, "note": "default"},
                "muscles": ["biceps-femoris"],
                "movements": ["sciatic-neural-tension"],
                "peak_angles": {"hip-flexion": 80},
                "position": "supine",
                "anatomical_min": 0,
                "anatomical_max": 130,
                "references": REF,
            }
        ]
    },
    "instruments": {
        "instruments": [
            {
                "id": "pain-nrs",
                "name": "Pain NRS",
                "purpose": "p",
                "items": [{"id": "pain-now", "text": "Pain now", "anchors": ["No pain", "Worst"]}],
                "scoring": "single",
                "higher_is_better": False,
                "score_min": 0,
                "score_max": 10,
                "min_items": 1,
                "mcid": {"value": 2, "source": "ref-a-2020"},
                "licence": {"status": "public_domain", "note": "n"},
                "references": REF,
            }
        ]
    },
    "stretches": {
        "stretches": [
            {
                "id": "supine-hamstring",
                "name": "Supine hamstring",
                "kind": "assisted",
                "region": "hamstrings",
                "primary": ["biceps-femoris"],
                "position": "supine",
                "sided": True,
                "techniques": [{"technique": "static"}],
                "setup": ["Stabilise."],
                "cues": ["Relax."],
                "should_feel": "Stretch behind the thigh.",
                "stop_if": "Sharp pain, tingling or numbness.",
                "equipment": [],
                "time": {"setup_seconds": 20},
                "loads": ["sciatic-neural-tension"],
                "peak_angles": {"hip-flexion": 80},
                "counterpart": "strap-hamstring",
                "references": REF,
            },
            {
                "id": "strap-hamstring",
                "name": "Strap hamstring",
                "kind": "self",
                "region": "hamstrings",
                "primary": ["biceps-femoris"],
                "position": "supine",
                "sided": True,
                "techniques": [{"technique": "static"}],
                "setup": ["Loop the strap."],
                "cues": ["Relax."],
                "should_feel": "Stretch behind the thigh.",
                "stop_if": "Sharp pain, tingling or numbness.",
                "equipment": ["strap"],
                "time": {"setup_seconds": 20},
                "loads": ["sciatic-neural-tension"],
                "peak_angles": {"hip-flexion": 70},
                "counterpart": "supine-hamstring",
                "references": REF,
            },
        ]
    },
}


def write(folder: Path, data: dict[str, Any] | None = None) -> Path:
    for name, content in (data or MINIMAL).items():
        (folder / f"{name}.yaml").write_text(yaml.safe_dump(content, sort_keys=False))
    return folder


def minimal() -> dict[str, Any]:
    return copy.deepcopy(MINIMAL)
