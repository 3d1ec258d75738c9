"""The examples under `examples/`, the published JSON Schema, and the database-free commands.

The decisions are pinned here and in `examples/README.md`; a test keeps the two in step, so the
README can be trusted by someone who only reads it. The commands run in-process through
`screening.cli.main` (fast), and once through `python -m stretchwise` to check the real entry
point's exit status (DESIGN.md contracts: 0 when the command did its job, a referral included;
2 for invalid input with the problems as JSON on standard error).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jsonschema
import pytest

from stretchwise.library.knowledge import KnowledgeBase, knowledge_base
from stretchwise.screening.cli import main, read_document
from stretchwise.screening.document import problems
from stretchwise.screening.engine import screen

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples"
ON = "2026-11-24"

# The decision (and urgency) each example gets on 2026-11-24, as examples/README.md states.
EXPECTED: dict[str, tuple[str, str | None]] = {
    "fine-desk-worker.json": ("cleared", None),
    "low-back-pain-osteoporosis.json": ("cleared_with_restrictions", None),
    "hip-replacement-posterior-4-weeks.json": ("cleared_with_restrictions", None),
    "hip-replacement-approach-unknown.json": ("cleared_with_restrictions", None),
    "knee-replacement-surgeon-clearance.json": ("cleared_with_restrictions", None),
    "leg-clot-on-anticoagulants.json": ("cleared_with_restrictions", None),
    "suspected-dvt.json": ("urgent_referral", "same_day"),
    "cauda-equina-emergency.json": ("urgent_referral", "emergency"),
    "pregnant-20-weeks.json": ("cleared_with_restrictions", None),
    "hypermobility-beighton.json": ("cleared_with_restrictions", None),
    "incomplete-intake.json": ("incomplete", None),
    "wrist-fracture-local-referral.json": ("cleared_with_restrictions", None),
    "red-flag-lifted-after-medical-assessment.json": ("cleared", None),
    "therapist-added-restriction.json": ("cleared_with_restrictions", None),
    "uncontrolled-blood-pressure.json": ("refer_before_stretching", None),
}
ROW = re.compile(r"^\| `([\w-]+\.json)` \|.*\| `(\w+)`(?: \(`(\w+)`\))? \|$", re.M)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return knowledge_base()


def example(name: str) -> Any:
    return json.loads((EXAMPLES / name).read_text("utf-8"))


def run(
    capsys: pytest.CaptureFixture[str], *argv: str | Path
) -> tuple[int, dict[str, Any], dict[str, Any]]:
    """Run the command in-process: its exit status, and its standard output and error as JSON."""
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, json.loads(out) if out else {}, json.loads(err) if err else {}


def write(tmp_path: Path, document: Any, name: str = "client.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document), "utf-8")
    return path


# ---------------------------------------------------------------- the examples


def test_the_readme_lists_every_example_with_its_pinned_decision() -> None:
    files = {p.name for p in EXAMPLES.glob("*.json")}
    listed = {
        name: (decision, urgency or None)
        for name, decision, urgency in ROW.findall((EXAMPLES / "README.md").read_text("utf-8"))
    }
    assert len(files) >= 12
    assert files == set(EXPECTED), "pin the decision of every example here"
    assert listed == EXPECTED, "examples/README.md and the pinned decisions disagree"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_example_is_a_valid_version_1_document(kb: KnowledgeBase, name: str) -> None:
    raw = example(name)
    doc = read_document(raw, kb)
    assert raw["schema_version"] == "1"
    assert problems(doc, kb) == []
    assert doc.intake.consent_confirmed


@pytest.mark.parametrize(("name", "expected"), sorted(EXPECTED.items()))
def test_every_example_screens_to_the_decision_its_readme_states(
    kb: KnowledgeBase, name: str, expected: tuple[str, str | None]
) -> None:
    clearance = screen(read_document(example(name), kb), dt.date.fromisoformat(ON), kb)
    assert (clearance.decision, clearance.urgency) == expected


def test_the_knee_example_carries_the_surgeons_own_knee_flexion_limit(kb: KnowledgeBase) -> None:
    clearance = screen(
        read_document(example("knee-replacement-surgeon-clearance.json"), kb),
        dt.date.fromisoformat(ON),
        kb,
    )
    knee_flexion = [r for r in clearance.restrictions if r.movement == "knee-flexion"]
    assert [(r.limit_deg, r.side, r.source) for r in knee_flexion] == [
        (95.0, "right", "document:surgeon-letter-2026-11-12")
    ]
    assert knee_flexion[0].ends_on == dt.date(2026, 12, 17)


def test_the_wrist_fracture_example_excludes_only_the_left_wrist_and_sends_a_letter(
    kb: KnowledgeBase,
) -> None:
    clearance = screen(
        read_document(example("wrist-fracture-local-referral.json"), kb),
        dt.date.fromisoformat(ON),
        kb,
    )
    excluded = {(r.region, r.side) for r in clearance.restrictions if r.type == "excluded_region"}
    assert excluded == {("wrist-hand", "left")}
    assert clearance.letters == ["recent-fracture"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_example_passes_the_screen_command_with_status_0(
    capsys: pytest.CaptureFixture[str], name: str
) -> None:
    status, clearance, _ = run(capsys, "screen", EXAMPLES / name, "--on", ON)
    assert status == 0
    assert (clearance["decision"], clearance["urgency"]) == EXPECTED[name]
    assert clearance["on"] == ON


# ---------------------------------------------------------------- the published schema


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-m", "stretchwise", "schema", "client"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    loaded: dict[str, Any] = json.loads(out)
    return loaded


def test_schema_client_prints_a_valid_draft_2020_12_json_schema(schema: dict[str, Any]) -> None:
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_the_schema_lists_every_safety_question_with_its_wording(
    schema: dict[str, Any], kb: KnowledgeBase
) -> None:
    answers = schema["$defs"]["Intake"]["properties"]["answers"]["properties"]
    yes_no = {q.id: q.text for q in kb.questions.values() if q.answer == "yes_no_unknown"}
    assert set(answers) == set(yes_no)
    assert all(answers[q]["description"] == text for q, text in yes_no.items())
    assert all(answers[q]["enum"] == ["yes", "no", "unknown"] for q in yes_no)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_schema_validates_every_example(schema: dict[str, Any], name: str) -> None:
    jsonschema.Draft202012Validator(schema).validate(example(name))


def test_the_schema_rejects_an_unknown_question_and_a_made_up_answer(
    schema: dict[str, Any],
) -> None:
    validator = jsonschema.Draft202012Validator(schema)
    unknown_question = example("fine-desk-worker.json")
    unknown_question["intake"]["answers"]["feels-lucky"] = "no"
    made_up_answer = example("fine-desk-worker.json")
    made_up_answer["intake"]["answers"]["pregnant"] = "maybe"
    assert not validator.is_valid(unknown_question)
    assert not validator.is_valid(made_up_answer)


def test_an_intake_alone_is_a_valid_client_document(schema: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator(schema).validate(
        {"schema_version": "1", "intake": {"date": "2026-11-24"}}
    )


# ---------------------------------------------------------------- screen: exit status


def test_a_referral_is_a_result_so_the_screen_command_exits_0(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, clearance, problems_out = run(
        capsys, "screen", EXAMPLES / "cauda-equina-emergency.json", "--on", ON
    )
    assert status == 0
    assert problems_out == {}
    assert clearance["decision"] == "urgent_referral"
    assert "emergency department" in clearance["what_to_do_now"][0]


def test_invalid_json_exits_2_with_the_problem_on_standard_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"schema_version": "1", "intake": {', "utf-8")
    status, out, err = run(capsys, "screen", path, "--on", ON)
    assert (status, out) == (2, {})
    assert len(err["problems"]) == 1
    assert "not valid JSON" in err["problems"][0]


def test_an_unknown_question_id_exits_2_and_names_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    document = example("fine-desk-worker.json")
    document["intake"]["answers"]["feels-lucky"] = "yes"
    status, out, err = run(capsys, "screen", write(tmp_path, document), "--on", ON)
    assert (status, out) == (2, {})
    assert err["problems"] == [
        "intake.answers.feels-lucky: not a yes/no/unknown question of the knowledge base"
    ]


def test_a_date_after_the_intake_exits_2_and_says_where(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    document = example("wrist-fracture-local-referral.json")
    document["intake"]["sites"][0]["date"] = "2026-12-01"
    status, out, err = run(capsys, "screen", write(tmp_path, document), "--on", ON)
    assert (status, out) == (2, {})
    assert err["problems"] == ["intake.sites[0].date: 2026-12-01 is after the intake date"]


def test_every_problem_of_a_document_is_listed_at_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    document = example("hip-replacement-posterior-4-weeks.json")
    document["intake"]["answers"]["feels-lucky"] = "yes"
    document["intake"]["joint_replacements"][0]["date"] = "2027-01-05"
    document["intake"]["conditions"].append("grumpiness")
    status, _, err = run(capsys, "screen", write(tmp_path, document), "--on", ON)
    assert status == 2
    assert len(err["problems"]) == 3


def test_a_structural_error_exits_2_with_its_location(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    document = example("fine-desk-worker.json")
    document["intake"]["pain"]["now"] = 11
    status, _, err = run(capsys, "screen", write(tmp_path, document), "--on", ON)
    assert status == 2
    assert any(p.startswith("intake.pain.now:") for p in err["problems"])


@pytest.mark.parametrize("on", ["2026-13-01", "tomorrow", "24/11/2026"])
def test_a_bad_on_date_exits_2(capsys: pytest.CaptureFixture[str], on: str) -> None:
    status, out, err = run(capsys, "screen", EXAMPLES / "fine-desk-worker.json", "--on", on)
    assert (status, out) == (2, {})
    assert err["problems"] == [f"--on: '{on}' is not a date (YYYY-MM-DD)"]


def test_a_missing_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, _, err = run(capsys, "screen", tmp_path / "nobody.json", "--on", ON)
    assert status == 2
    assert "cannot be read" in err["problems"][0]


def test_the_real_entry_point_exits_0_for_a_referral_and_2_for_invalid_input(
    tmp_path: Path,
) -> None:
    def stretchwise(*argv: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "stretchwise", *map(str, argv)],
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
        )

    referral = stretchwise("screen", EXAMPLES / "suspected-dvt.json", "--on", ON)
    broken = tmp_path / "broken.json"
    broken.write_text("not json", "utf-8")
    invalid = stretchwise("screen", broken, "--on", ON)
    assert referral.returncode == 0
    assert json.loads(referral.stdout)["decision"] == "urgent_referral"
    assert invalid.returncode == 2
    assert invalid.stdout == ""
    assert "not valid JSON" in json.loads(invalid.stderr)["problems"][0]


# ---------------------------------------------------------------- --tz and --config


def test_without_on_the_screening_date_is_today_in_the_clinics_time_zone(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # UTC+14 and UTC-11 are never on the same calendar day.
    days = {}
    for tz in ("Pacific/Kiritimati", "Pacific/Pago_Pago"):
        before = dt.datetime.now(ZoneInfo(tz)).date()
        status, clearance, _ = run(capsys, "screen", EXAMPLES / "fine-desk-worker.json", "--tz", tz)
        after = dt.datetime.now(ZoneInfo(tz)).date()
        assert status == 0
        days[tz] = dt.date.fromisoformat(clearance["on"])
        assert days[tz] in (before, after)
    assert days["Pacific/Kiritimati"] > days["Pacific/Pago_Pago"]


def test_an_unknown_time_zone_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(
        capsys, "screen", EXAMPLES / "fine-desk-worker.json", "--tz", "Mars/Olympus"
    )
    assert status == 2
    assert err["problems"] == ["--tz: no time zone 'Mars/Olympus' (for example Europe/London)"]


def test_an_overlay_that_lengthens_a_restriction_moves_its_end(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    overlay = tmp_path / "clinic.yaml"
    overlay.write_text("restriction_weeks:\n  hip-replacement-posterior: 12\n", "utf-8")
    hip = EXAMPLES / "hip-replacement-posterior-4-weeks.json"

    def ends(*config: str | Path) -> set[str | None]:
        status, clearance, _ = run(capsys, "screen", hip, "--on", ON, *config)
        assert status == 0
        return {
            r["ends_on"]
            for r in clearance["restrictions"]
            if r["source"] == "hip-replacement-posterior"
        }

    # Operated on 2026-10-27: six weeks end on 7 December, twelve on 18 January (inclusive).
    assert ends() == {"2026-12-07"}
    assert ends("--config", overlay) == {"2027-01-18"}


def test_the_overlay_is_recorded_on_the_clearance(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    overlay = tmp_path / "clinic.yaml"
    overlay.write_text("movement_limits:\n  hip-flexion: 80\n", "utf-8")
    hip = EXAMPLES / "hip-replacement-posterior-4-weeks.json"
    _, plain, _ = run(capsys, "screen", hip, "--on", ON)
    status, tighter, _ = run(capsys, "screen", hip, "--on", ON, "--config", overlay)
    assert status == 0
    assert tighter["configuration"] != plain["configuration"]
    limits = {r["limit_deg"] for r in tighter["restrictions"] if r["movement"] == "hip-flexion"}
    assert limits == {80.0}


@pytest.mark.parametrize(
    ("overlay", "words"),
    [
        ("restriction_weeks:\n  hip-replacement-posterior: 4\n", "may only lengthen"),
        ("movement_limits:\n  hip-flexion: 110\n", "may only tighten"),
        ("intensity_caps:\n  anticoagulant-or-bleeding-risk: 8\n", "may only tighten"),
    ],
)
def test_an_overlay_that_tries_to_loosen_a_rule_is_refused_with_status_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, overlay: str, words: str
) -> None:
    path = tmp_path / "loose.yaml"
    path.write_text(overlay, "utf-8")
    status, out, err = run(
        capsys,
        "screen",
        EXAMPLES / "hip-replacement-posterior-4-weeks.json",
        "--on",
        ON,
        "--config",
        path,
    )
    assert (status, out) == (2, {})
    assert any(words in p for p in err["problems"])


def test_a_missing_overlay_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, _, err = run(
        capsys,
        "screen",
        EXAMPLES / "fine-desk-worker.json",
        "--config",
        tmp_path / "nowhere.yaml",
    )
    assert status == 2
    assert err["problems"]
