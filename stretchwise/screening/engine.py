"""Screening: from a client document and a date to a clearance (DESIGN.md invariants 1-4).

Pure. `screen()` runs every rule, turns each hit into a finding with its status, restrictions and
explanations from the knowledge base, applies clearance documents, reviews and added restrictions,
and decides. The order of decisions, least to most restrictive, is `DECISION_ORDER`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from stretchwise.library.knowledge import KnowledgeBase
from stretchwise.library.schema import (
    Contraindication,
    ContraindicationClass,
    Decision,
    RestrictionSpec,
    RestrictionType,
)
from stretchwise.screening.document import (
    ClearanceDocument,
    ClientDocument,
    RestrictionInput,
    Side,
)
from stretchwise.screening.rules import AREA_NEEDED, ON_UNKNOWN, RULES, Answers, Hit, OnUnknown

# A review with this "finding" confirms that ended therapist-added restrictions are over.
THERAPIST_ADDED = "therapist-added"

DecisionName = Literal[
    "incomplete",
    "cleared",
    "cleared_with_restrictions",
    "refer_before_stretching",
    "urgent_referral",
]
DECISION_ORDER: list[str] = [
    "cleared",
    "cleared_with_restrictions",
    "incomplete",
    "refer_before_stretching",
    "urgent_referral",
]
URGENCY_ORDER: list[str] = ["soon", "same_day", "emergency"]


class Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class Restriction(Out):
    type: RestrictionType
    movement: str | None = None
    limit_deg: float | None = None
    region: str | None = Field(None, description="Body-map area or region; none = whole body")
    side: Literal["left", "right", "both"] = "both"
    technique: str | None = None
    cap: float | None = None
    minutes: float | None = None
    position: str | None = None
    source: str = Field(description="Finding id, 'document:<id>' or 'therapist'")
    ends_on: date | None = Field(None, description="Last day (inclusive); none = until reviewed")
    status: Literal["in_force", "review_due"] = "in_force"
    reason: str

    def spec(self) -> RestrictionSpec:
        """As the knowledge base's restriction type, for `library.safety` to judge.

        Built without validation: the engine made it, and a safety check must never fail on it.
        """
        return RestrictionSpec.model_construct(
            type=self.type,
            movement=self.movement,
            limit_deg=self.limit_deg,
            region=self.region,
            technique=self.technique,
            cap=self.cap,
            minutes=self.minutes,
            position=self.position,
            local=False,
        )


class Finding(Out):
    id: str
    name: str
    klass: str
    scope: str
    status: Literal[
        "present", "unknown", "assumed", "review_due", "cleared_by_document", "lifted"
    ] = Field(
        description="assumed: not yet answered, and its protective restrictions apply meanwhile"
    )
    decision: DecisionName
    urgency: str | None = None
    why: str
    side: str = "both"
    area: str | None = None
    since: date | None = None
    ends_on: date | None = None
    rule: str
    references: list[str]
    what_to_do_now: str
    explanation_therapist: str
    explanation_client: str
    lifted_by: str = ""
    lift: str = Field("", description="How it can end: clearance_document, therapist_review, ...")
    needs_letter: bool = False


class QuestionToAsk(Out):
    id: str
    text: str
    why: list[str]
    blocking: bool = Field(description="True when the clearance stays incomplete until answered")


class Clearance(Out):
    decision: DecisionName
    urgency: str | None = None
    on: date
    what_to_do_now: list[str]
    findings: list[Finding]
    restrictions: list[Restriction]
    questions: list[QuestionToAsk]
    letters: list[str] = Field(description="Finding ids a letter to the family doctor follows for")
    knowledge_base: str
    configuration: str

    @property
    def allows_physical_work(self) -> bool:
        return self.decision in ("cleared", "cleared_with_restrictions")


def _readable(kb: KnowledgeBase, why: str) -> str:
    """Question ids in a rule's reason, in the words the client was asked."""
    for lead in ("answered yes: ", "not yet answered: "):
        if why.startswith(lead):
            ids = why.removeprefix(lead).split(", ")
            if all(i in kb.questions for i in ids):
                said = "; ".join(kb.questions[i].text.rstrip("?") for i in ids)
                return (
                    "Said yes to: " if lead.startswith("answered") else "Not yet asked: "
                ) + said
    return why


def _ends_on(start: date, weeks: float) -> date:
    """Inclusive last day of a window of `weeks` from `start`."""
    return start + timedelta(days=round(weeks * 7) - 1)


def _side(side: Side) -> Literal["left", "right", "both"]:
    return "both" if side == "unknown" else side


def _from_spec(
    kb: KnowledgeBase, spec: RestrictionSpec, hit: Hit, finding: Contraindication
) -> Restriction:
    region = spec.region
    side: Literal["left", "right", "both"] = "both"
    if spec.local:
        side = _side(hit.side)
        if region is None:
            region = hit.area  # None when the area is not recorded: the whole body, conservatively
    limit = spec.limit_deg
    if spec.type == RestrictionType.FORBIDDEN_MOVEMENT and spec.movement and limit is None:
        limit = kb.movements[spec.movement].default_limit_deg
    return Restriction(
        type=spec.type,
        movement=spec.movement,
        limit_deg=limit,
        region=region,
        side=side,
        technique=spec.technique,
        cap=spec.cap,
        minutes=spec.minutes,
        position=spec.position,
        source=finding.id,
        reason=f"{finding.name}: {hit.why}",
    )


def _from_input(r: RestrictionInput, source: str, reason: str) -> Restriction:
    return Restriction(
        type=r.type,
        movement=r.movement,
        limit_deg=r.limit_deg,
        region=r.region,
        side=_side(r.side),
        technique=r.technique,
        cap=r.cap,
        minutes=r.minutes,
        position=r.position,
        source=source,
        ends_on=r.until,
        reason=reason,
    )


def _covering(doc: ClientDocument, finding: str, side: str, on: date) -> ClearanceDocument | None:
    """The latest clearance document dated on or before `on` that covers this finding and side."""
    found = None
    for d in doc.clearance_documents:
        applies = finding in d.covers and d.date <= on
        if (
            applies
            and d.side in ("both", "unknown", side)
            and (found is None or d.date >= found.date)
        ):
            found = d
    return found


def _decision_of(c: Contraindication) -> DecisionName:
    if c.decision == Decision.URGENT_REFERRAL:
        return "urgent_referral"
    if c.decision == Decision.REFER_BEFORE_STRETCHING:
        # A local finding excludes its own area and sends a letter; the rest can be cleared.
        return "refer_before_stretching" if c.scope == "whole_body" else "cleared_with_restrictions"
    return "cleared_with_restrictions"


def screen(doc: ClientDocument, on: date, kb: KnowledgeBase) -> Clearance:
    durations = {c.id: c.duration_weeks for c in kb.contraindications.values() if c.duration_weeks}
    assessed = doc.intake.medical_assessment
    lifted = frozenset(assessed.red_flags) if assessed else frozenset()
    answers = Answers(doc.intake, on, durations, lifted)
    findings: list[Finding] = []
    restrictions: list[Restriction] = []
    asks: dict[str, tuple[set[str], bool]] = {}
    decision: DecisionName = "cleared"
    urgency: str | None = None
    todo: list[str] = []
    letters: list[str] = []

    def raise_to(d: DecisionName) -> None:
        nonlocal decision
        if DECISION_ORDER.index(d) > DECISION_ORDER.index(decision):
            decision = d

    def ask(questions: tuple[str, ...], finding: str, blocking: bool) -> None:
        for q in questions:
            why, was_blocking = asks.get(q, (set(), False))
            why.add(finding)
            asks[q] = (why, was_blocking or blocking)

    for finding_id, rule in RULES.items():
        c = kb.contraindications[finding_id]
        mode = ON_UNKNOWN[finding_id]
        for hit in rule(answers):
            base = {
                "id": c.id,
                "name": c.name,
                "klass": c.klass.value,
                "scope": c.scope,
                "why": _readable(kb, hit.why),
                "side": _side(hit.side),
                "area": hit.area,
                "rule": f"screening.rules.{rule.__name__}",
                "references": list(c.references),
                "what_to_do_now": c.what_to_do_now,
                "explanation_therapist": c.explanation_therapist,
                "explanation_client": c.explanation_client,
                "urgency": None,
                "lift": c.lifted_by,
            }
            red_flag = c.klass == ContraindicationClass.RED_FLAG
            if not hit.present:
                blocking = mode == OnUnknown.INCOMPLETE
                ask(hit.questions, c.id, blocking)
                if blocking:
                    raise_to("incomplete")
                    findings.append(
                        Finding(
                            **{**base, "urgency": None}, status="unknown", decision="incomplete"
                        )
                    )
                    continue
                if mode == OnUnknown.ASK:
                    continue
                # APPLY: the finding's protective restrictions stand until the answer is known.
            assumed = not hit.present
            area_needed = hit.area_unknown and c.id in AREA_NEEDED
            ask(hit.questions, c.id, area_needed)
            if area_needed:
                raise_to("incomplete")
            if red_flag and assessed and c.id in assessed.red_flags:
                findings.append(
                    Finding(
                        **base,
                        status="lifted",
                        decision="cleared",
                        lifted_by=f"medical assessment on {assessed.on} by {assessed.by}",
                    )
                )
                continue
            start = hit.start or doc.intake.date
            ends = _ends_on(start, c.duration_weeks) if c.duration_weeks else None
            review_due = ends is not None and on > ends
            review = next(
                (
                    r
                    for r in doc.reviews
                    if r.finding == c.id
                    and r.on <= on
                    and not red_flag
                    and (
                        c.lifted_by == "therapist_review"
                        or (ends is not None and r.on > ends)
                        or r.document is not None
                    )
                ),
                None,
            )
            if review is not None:
                findings.append(
                    Finding(
                        **base,
                        status="lifted",
                        decision="cleared",
                        since=hit.start,
                        ends_on=ends,
                        lifted_by=f"review on {review.on} by {review.by}: {review.reason}",
                    )
                )
                continue
            document = None if red_flag else _covering(doc, c.id, _side(hit.side), on)
            if document is not None:
                findings.append(
                    Finding(
                        **base,
                        status="cleared_by_document",
                        decision="cleared_with_restrictions" if document.precautions else "cleared",
                        since=hit.start,
                        ends_on=ends,
                        lifted_by=f"{document.role} {document.author}, {document.date}",
                    )
                )
                for p in document.precautions:
                    reason = f"{c.name}: precaution from {document.role} {document.author}"
                    ended = p.until is not None and p.until < on
                    confirmed = ended and any(
                        r.finding == c.id and p.until is not None and p.until < r.on <= on
                        for r in doc.reviews
                    )
                    if confirmed:
                        continue
                    restriction = _from_input(p, f"document:{document.id}", reason)
                    if ended:
                        restriction = restriction.model_copy(update={"status": "review_due"})
                    restrictions.append(restriction)
                if document.precautions:
                    raise_to("cleared_with_restrictions")
                continue
            d = _decision_of(c)
            # A letter follows every referral, and every absolute finding only a doctor can lift.
            needs_letter = c.decision != Decision.CLEARED_WITH_RESTRICTIONS or (
                c.klass == ContraindicationClass.ABSOLUTE and c.lifted_by == "clearance_document"
            )
            findings.append(
                Finding(
                    **{**base, "urgency": c.urgency.value if c.urgency else None},
                    status="assumed" if assumed else "review_due" if review_due else "present",
                    decision=d,
                    since=hit.start,
                    ends_on=ends,
                    needs_letter=needs_letter,
                )
            )
            raise_to(d)
            if c.urgency is not None and (
                urgency is None or URGENCY_ORDER.index(c.urgency) > URGENCY_ORDER.index(urgency)
            ):
                urgency = c.urgency.value
            if needs_letter and c.id not in letters:
                letters.append(c.id)
            if needs_letter and c.what_to_do_now not in todo:
                todo.append(c.what_to_do_now)
            for spec in c.restrictions:
                if (
                    spec.local
                    and spec.region is None
                    and hit.area_unknown
                    and (spec.type == RestrictionType.EXCLUDED_REGION and c.id not in AREA_NEEDED)
                ):
                    continue  # its other restrictions cover the whole body until the area is known
                r = _from_spec(kb, spec, hit, c)
                restrictions.append(
                    r.model_copy(
                        update={
                            "ends_on": ends,
                            "status": "review_due" if review_due else "in_force",
                        }
                    )
                )
            if c.restrictions:
                raise_to("cleared_with_restrictions")
            # Until a clearance document arrives, a local referral's area is not stretched at all.
            local_referral = c.scope == "local" and c.decision == Decision.REFER_BEFORE_STRETCHING
            if local_referral and not any(
                s.type == RestrictionType.EXCLUDED_REGION for s in c.restrictions
            ):
                restrictions.append(
                    Restriction(
                        type=RestrictionType.EXCLUDED_REGION,
                        region=hit.area,
                        side=_side(hit.side),
                        source=c.id,
                        ends_on=ends,
                        reason=f"{c.name}: not stretched until cleared",
                    )
                )

    for a in doc.added_restrictions:
        if a.on > on:
            continue
        ended = a.until is not None and a.until < on
        confirmed = ended and any(
            r.finding == THERAPIST_ADDED and a.until is not None and a.until < r.on <= on
            for r in doc.reviews
        )
        if confirmed:
            continue
        added = _from_input(a, "therapist", f"added by {a.by}: {a.reason}")
        if ended:
            added = added.model_copy(update={"status": "review_due"})
        restrictions.append(added)
        raise_to("cleared_with_restrictions")

    # One document covering two findings gives its precautions once.
    unique: dict[str, Restriction] = {}
    for r in restrictions:
        unique.setdefault(r.model_dump_json(exclude={"reason"}), r)
    restrictions = list(unique.values())

    if decision != "urgent_referral":
        urgency = None
    questions = [
        QuestionToAsk(
            id=q,
            text=kb.questions[q].text if q in kb.questions else q,
            why=sorted(why),
            blocking=blocking,
        )
        for q, (why, blocking) in sorted(asks.items(), key=lambda kv: (not kv[1][1], kv[0]))
    ]
    if decision == "incomplete" and not todo:
        todo.append(
            "Ask the questions marked as needed before any stretching or testing; "
            "nothing physical happens until they are answered."
        )
    if decision == "urgent_referral":
        urgent = [
            f
            for f in findings
            if f.decision == "urgent_referral" and f.status in ("present", "review_due")
        ]
        urgent.sort(key=lambda f: -URGENCY_ORDER.index(f.urgency or "soon"))
        todo = [f.what_to_do_now for f in urgent] + [
            t for t in todo if t not in {f.what_to_do_now for f in urgent}
        ]
    return Clearance(
        decision=decision,
        urgency=urgency,
        on=on,
        what_to_do_now=todo,
        findings=findings,
        restrictions=restrictions,
        questions=questions,
        letters=letters,
        knowledge_base=kb.version,
        configuration=kb.overlay_hash,
    )
