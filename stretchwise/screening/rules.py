"""Screening rules: one function per finding of the knowledge base's contraindication catalogue.

Pure. Each rule reads the intake through `Answers` and returns the finding's hits: present (with
its side, area and start date where it has them) or unknown (an answer is missing that could make
it present), and the questions still to ask. What a hit then does (restrictions, decision, how long
it lasts, what an unknown does) is the engine's job and comes from the knowledge base; the rule
only decides whether the finding is there, following the finding's qualifiers.

Three-valued logic throughout: a missing answer is "unknown", never "no" (DESIGN.md invariant 3).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import Enum

from stretchwise.screening.document import Intake, Side, age_on

YES, NO, UNKNOWN = "yes", "no", "unknown"

# Body-map areas for the spine and the limbs, used by rules that look at where the pain is.
SPINE = {"neck", "thoracic-spine", "lumbar-spine", "pelvis"}
LEG = {
    "hip",
    "groin",
    "buttock",
    "thigh-front",
    "thigh-back",
    "knee",
    "lower-leg",
    "calf",
    "ankle-foot",
}


class OnUnknown(Enum):
    """What an unknown answer to a detecting question does (the finding's when_unknown)."""

    INCOMPLETE = "incomplete"  # no stretching until asked
    APPLY = "apply"  # the finding's (mild, protective) restrictions apply until asked
    ASK = "ask"  # listed as a question; nothing else changes


@dataclass(frozen=True)
class Hit:
    finding: str
    present: bool  # False: unknown, an answer is missing
    why: str  # what in the intake made it so, in plain words
    questions: tuple[str, ...] = ()
    side: Side = "both"
    area: str | None = None  # a body-map area for local findings; None = its own fixed areas
    area_unknown: bool = False  # a local finding whose area is not yet recorded
    start: date | None = None  # the event's date, for time-limited findings
    start_unknown: bool = False


@dataclass
class Answers:
    """The intake, read with three-valued logic."""

    intake: Intake
    on: date
    durations: dict[str, float] = field(default_factory=dict)  # finding id → weeks (knowledge base)
    lifted: frozenset[str] = frozenset()  # red flags a medical assessment has lifted
    _extra: dict[str, str] = field(default_factory=dict)

    def stands(self, red_flag: str) -> bool:
        """Whether another red flag still decides (one a doctor assessed no longer does)."""
        return red_flag not in self.lifted

    def weeks(self, finding: str, default: float) -> float:
        """The finding's time window: the knowledge base's (an overlay may lengthen it)."""
        return max(self.durations.get(finding, default), default)

    def __getitem__(self, question: str) -> str:
        if question in self._extra:
            return self._extra[question]
        return self.intake.answers.get(question, UNKNOWN)

    def yes(self, q: str) -> bool:
        return self[q] == YES

    def no(self, q: str) -> bool:
        return self[q] == NO

    def unknown(self, q: str) -> bool:
        return self[q] == UNKNOWN

    def any_of(self, *qs: str) -> str:
        """yes if any is yes, else unknown if any is unknown, else no."""
        values = [self[q] for q in qs]
        return YES if YES in values else UNKNOWN if UNKNOWN in values else NO

    def unknowns(self, *qs: str) -> tuple[str, ...]:
        return tuple(q for q in qs if self.unknown(q))

    @property
    def age(self) -> int | None:
        return age_on(self.intake, self.intake.date)

    def pain_in(self, areas: set[str]) -> bool:
        return bool(areas & set(self.intake.pain.regions))

    def could_be_pregnant(self) -> bool:
        if self.intake.sex == "male":
            return False
        age = self.age
        return age is None or 10 <= age <= 60


Rule = Callable[[Answers], list[Hit]]
RULES: dict[str, Rule] = {}
ON_UNKNOWN: dict[str, OnUnknown] = {}

# Local findings whose unrecorded area makes the clearance incomplete (their when_unknown says so).
# For the others an unrecorded area applies their other restrictions to the whole body instead.
AREA_NEEDED = {
    "recent-surgery",
    "recent-fracture",
    "acute-injury-or-inflammation",
    "haematoma",
    "sharp-pain-on-movement",
    "bony-block-or-fused-joint",
    "open-wound-or-local-infection",
    "inflammatory-arthritis-flare",
    "relied-on-tightness",
}
# Trunk areas: where cancer-treatment sites are, when the client has not said which.
TRUNK = {"chest", "abdomen", "thoracic-spine", "lumbar-spine", "pelvis"}


def rule(finding: str, on_unknown: OnUnknown) -> Callable[[Rule], Rule]:
    def register(fn: Rule) -> Rule:
        RULES[finding] = fn
        ON_UNKNOWN[finding] = on_unknown
        return fn

    return register


def simple(finding: str, a: Answers, *questions: str, why: str = "") -> list[Hit]:
    """Present when any question is yes; unknown when none is yes and one is unknown."""
    state = a.any_of(*questions)
    if state == YES:
        said = [q for q in questions if a.yes(q)]
        return [Hit(finding, True, why or f"answered yes: {', '.join(said)}")]
    if state == UNKNOWN:
        missing = a.unknowns(*questions)
        return [Hit(finding, False, f"not yet answered: {', '.join(missing)}", missing)]
    return []


def within(start: date | None, weeks: float, intake_date: date) -> bool:
    """Whether an event's window was still open on the intake day (an unknown date is recent)."""
    if start is None:
        return True
    return intake_date < start + timedelta(days=round(weeks * 7))


# ================================================================ red flags: back and legs

CES = ("ces-bladder-change", "ces-bowel-change", "ces-saddle-numbness", "ces-legs-weakness-both")


@rule("cauda-equina-signs", OnUnknown.INCOMPLETE)
def cauda_equina(a: Answers) -> list[Hit]:
    return simple("cauda-equina-signs", a, *CES)


@rule("new-sexual-dysfunction-with-back-pain", OnUnknown.INCOMPLETE)
def sexual_dysfunction(a: Answers) -> list[Hit]:
    if a.any_of(*CES) == YES and a.stands("cauda-equina-signs"):
        return []  # cauda-equina-signs decides
    return simple("new-sexual-dysfunction-with-back-pain", a, "new-sexual-dysfunction")


@rule("new-bilateral-sciatica", OnUnknown.INCOMPLETE)
def bilateral_sciatica(a: Answers) -> list[Hit]:
    if a.any_of(*CES) == YES and a.stands("cauda-equina-signs"):
        return []
    return simple("new-bilateral-sciatica", a, "bilateral-leg-pain")


@rule("progressive-neurological-deficit", OnUnknown.INCOMPLETE)
def progressive_deficit(a: Answers) -> list[Hit]:
    return simple("progressive-neurological-deficit", a, "progressive-weakness-or-numbness")


@rule("suspected-spinal-infection", OnUnknown.INCOMPLETE)
def spinal_infection(a: Answers) -> list[Hit]:
    f = "suspected-spinal-infection"
    if a.yes("spinal-pain-with-fever"):
        return [Hit(f, True, "new or worse spinal pain with fever or feeling unwell")]
    pain = a["new-or-changed-spinal-pain"]
    if pain == YES and a.yes("feeling-unwell"):
        return [Hit(f, True, "new or changed spinal pain while feeling generally unwell")]
    combo = (pain, a["infection-risk-factor"])
    if combo == (YES, YES):
        return [Hit(f, True, "new or changed spinal pain with an infection risk factor")]
    missing = a.unknowns("spinal-pain-with-fever")
    if YES in combo and UNKNOWN in combo:
        missing += a.unknowns("new-or-changed-spinal-pain", "infection-risk-factor")
    if pain == YES and a.unknown("feeling-unwell"):
        missing += ("feeling-unwell",)
    if missing:
        return [Hit(f, False, f"not yet answered: {', '.join(missing)}", missing)]
    return []


@rule("spinal-trauma-fracture-risk", OnUnknown.INCOMPLETE)
def spinal_trauma(a: Answers) -> list[Hit]:
    f = "spinal-trauma-fracture-risk"
    if a.yes("spinal-pain-after-major-trauma"):
        return [Hit(f, True, "spinal pain since significant trauma, not yet assessed")]
    if a.yes("trauma-new-numbness-weakness"):
        return [Hit(f, True, "a possible spinal fracture with new numbness or weakness")]
    older = a.age is None or a.age >= 65
    if a.yes("spinal-pain-after-minor-trauma") and older and a.pain_in({"neck"}):
        why = "new neck pain after a fall in a client aged 65 or over (or age not known)"
        return [Hit(f, True, why)]
    missing = a.unknowns("spinal-pain-after-major-trauma")
    if missing:
        return [Hit(f, False, "not yet asked about spinal pain after trauma", missing)]
    return []


@rule("suspected-osteoporotic-fracture", OnUnknown.INCOMPLETE)
def osteoporotic_fracture(a: Answers) -> list[Hit]:
    f = "suspected-osteoporotic-fracture"
    if a.yes("trauma-new-numbness-weakness") and a.stands("spinal-trauma-fracture-risk"):
        return []  # spinal-trauma-fracture-risk, same day
    at_risk = (
        not a.no("osteoporosis-diagnosed")
        or not a.no("long-term-steroids")
        or a.age is None
        or a.age >= 50
    )
    if a.yes("spinal-pain-after-minor-trauma") and at_risk:
        return [Hit(f, True, "sudden back pain after minor trauma in someone at risk")]
    if a.yes("severe-central-pain-eased-lying") or a.yes("height-loss-or-new-curve"):
        return [Hit(f, True, "severe central back pain eased lying, or height loss or a new curve")]
    missing = a.unknowns(
        "spinal-pain-after-minor-trauma",
        "severe-central-pain-eased-lying",
        "height-loss-or-new-curve",
    )
    if missing:
        return [Hit(f, False, f"not yet answered: {', '.join(missing)}", missing)]
    return []


@rule("cancer-history-new-spinal-pain", OnUnknown.INCOMPLETE)
def cancer_spinal(a: Answers) -> list[Hit]:
    f = "cancer-history-new-spinal-pain"
    cancer, pain = a["cancer-history"], a["new-or-changed-spinal-pain"]
    if cancer == YES and pain == YES:
        return [Hit(f, True, "a history of cancer with new or changed spinal pain")]
    if NO in (cancer, pain):
        return []
    missing = a.unknowns("cancer-history", "new-or-changed-spinal-pain")
    return [Hit(f, False, f"not yet answered: {', '.join(missing)}", missing)]


FEATURES = (
    "feeling-unwell",
    "no-improvement-new-episode",
    "night-pain-persistent",
    "weight-loss-unexplained",
)


@rule("older-age-with-warning-features", OnUnknown.INCOMPLETE)
def older_age(a: Answers) -> list[Hit]:
    f = "older-age-with-warning-features"
    age = a.age
    young_new_pain = age is not None and age < 20 and not a.no("new-or-changed-spinal-pain")
    if not (age is None or age > 50 or young_new_pain):
        return []
    state = a.any_of(*FEATURES)
    band = "over 50 (or age unknown)" if not young_new_pain else "under 20 with new spinal pain"
    if state == YES:
        return [Hit(f, True, f"aged {band} with a warning feature")]
    if state == UNKNOWN:
        missing = a.unknowns(*FEATURES)
        return [Hit(f, False, f"aged {band}; not yet answered: {', '.join(missing)}", missing)]
    return []


@rule("persistent-night-pain", OnUnknown.INCOMPLETE)
def night_pain(a: Answers) -> list[Hit]:
    return simple("persistent-night-pain", a, "night-pain-persistent")


@rule("unexplained-weight-loss", OnUnknown.INCOMPLETE)
def weight_loss(a: Answers) -> list[Hit]:
    return simple("unexplained-weight-loss", a, "weight-loss-unexplained")


@rule("suspected-dvt", OnUnknown.INCOMPLETE)
def suspected_dvt(a: Answers) -> list[Hit]:
    return simple("suspected-dvt", a, "suspected-clot-symptoms")


@rule("chest-pain-breathlessness-or-fainting", OnUnknown.INCOMPLETE)
def chest_pain(a: Answers) -> list[Hit]:
    return simple("chest-pain-breathlessness-or-fainting", a, "chest-pain-breathless-fainting")


# ================================================================ red flags: head and neck

NECK_ARTERY = (
    "neck-neuro-symptoms",
    "tearing-neck-pain",
    "sudden-severe-headache",
    "drooping-eyelid-or-pupil",
)


@rule("neck-artery-warning-signs", OnUnknown.INCOMPLETE)
def neck_artery(a: Answers) -> list[Hit]:
    return simple("neck-artery-warning-signs", a, *NECK_ARTERY)


@rule("new-unusual-headache-with-neck-pain", OnUnknown.INCOMPLETE)
def unusual_headache(a: Answers) -> list[Hit]:
    f = "new-unusual-headache-with-neck-pain"
    if a.any_of(*NECK_ARTERY) == YES and a.stands("neck-artery-warning-signs"):
        return []
    context = a.pain_in({"neck"}) or not a.no("recent-neck-injury")
    if not context:
        return []
    if a.yes("new-unusual-headache"):
        return [Hit(f, True, "a new, unusual headache with neck pain or after a neck injury")]
    if a.unknown("new-unusual-headache"):
        return [Hit(f, False, "neck pain; not yet asked about headache", ("new-unusual-headache",))]
    return []


@rule("stroke-symptoms-now", OnUnknown.INCOMPLETE)
def stroke_now(a: Answers) -> list[Hit]:
    return simple("stroke-symptoms-now", a, "stroke-symptoms-now")


@rule("tia-not-yet-assessed", OnUnknown.INCOMPLETE)
def tia(a: Answers) -> list[Hit]:
    return simple("tia-not-yet-assessed", a, "tia-not-assessed")


@rule("myelopathy-signs", OnUnknown.INCOMPLETE)
def myelopathy(a: Answers) -> list[Hit]:
    return simple("myelopathy-signs", a, "myelopathy-symptoms")


@rule("fever-with-stiff-neck", OnUnknown.INCOMPLETE)
def meningism(a: Answers) -> list[Hit]:
    return simple("fever-with-stiff-neck", a, "fever-with-stiff-neck")


@rule("hot-swollen-joint-with-fever", OnUnknown.INCOMPLETE)
def septic_joint(a: Answers) -> list[Hit]:
    return simple("hot-swollen-joint-with-fever", a, "hot-swollen-joint-with-fever")


@rule("pregnancy-warning-signs", OnUnknown.INCOMPLETE)
def pregnancy_warning(a: Answers) -> list[Hit]:
    f = "pregnancy-warning-signs"
    if a.yes("pregnancy-warning-signs"):
        return [Hit(f, True, "a warning sign in pregnancy")]
    if a.yes("pregnant") and a.unknown("pregnancy-warning-signs"):
        return [
            Hit(f, False, "pregnant; warning signs not yet asked", ("pregnancy-warning-signs",))
        ]
    return []


# ================================================================ whole body: refer or wait


@rule("acute-feverish-illness", OnUnknown.INCOMPLETE)
def feverish(a: Answers) -> list[Hit]:
    return simple("acute-feverish-illness", a, "fever-or-acute-illness")


def dated(
    a: Answers, finding: str, question: str, when: date | None, weeks: float, what: str
) -> list[Hit]:
    """A diagnosis that matters within a window from its date (an unknown date is recent)."""
    if a.yes(question):
        if not within(when, a.weeks(finding, weeks), a.intake.date):
            return []
        return [Hit(finding, True, what, start=when, start_unknown=when is None)]
    if a.unknown(question):
        return [Hit(finding, False, f"not yet answered: {question}", (question,))]
    return []


@rule("recent-pulmonary-embolism", OnUnknown.INCOMPLETE)
def pulmonary_embolism(a: Answers) -> list[Hit]:
    d = a.intake.dates.pulmonary_embolism
    what = "a pulmonary embolism in the last six months (or at an unknown date)"
    return dated(a, "recent-pulmonary-embolism", "pulmonary-embolism-diagnosed", d, 26, what)


@rule("acute-myocarditis-or-pericarditis", OnUnknown.INCOMPLETE)
def myocarditis(a: Answers) -> list[Hit]:
    d = a.intake.dates.myocarditis
    what = "myocarditis or pericarditis in the last six months (or at an unknown date)"
    return dated(a, "acute-myocarditis-or-pericarditis", "myocarditis-or-pericarditis", d, 26, what)


# ACSM's relative contraindication to exercise testing (knowledge base: uncontrolled-blood-pressure)
SYSTOLIC_ABOVE = 200
DIASTOLIC_ABOVE = 110


@rule("uncontrolled-blood-pressure", OnUnknown.INCOMPLETE)
def blood_pressure(a: Answers) -> list[Hit]:
    f = "uncontrolled-blood-pressure"
    bp = a.intake.blood_pressure
    if bp is not None and (bp.systolic > SYSTOLIC_ABOVE or bp.diastolic > DIASTOLIC_ABOVE):
        return [Hit(f, True, f"resting blood pressure {bp.systolic}/{bp.diastolic} mmHg")]
    told = a["bp-uncontrolled-told"]
    reading_today = bp is not None and bp.measured_on == a.on
    if told == NO or reading_today:
        return []
    why = "blood pressure said to be uncontrolled, no resting reading today"
    if told == UNKNOWN:
        why = "not yet asked whether blood pressure is uncontrolled, and no reading today"
    return [Hit(f, False, why, ("bp-uncontrolled-told", "bp-systolic", "bp-diastolic"))]


@rule("recent-stroke-or-tia", OnUnknown.INCOMPLETE)
def recent_stroke(a: Answers) -> list[Hit]:
    d = a.intake.dates.stroke_or_tia
    what = "a stroke or TIA in the last 13 weeks (or at an unknown date)"
    return dated(a, "recent-stroke-or-tia", "stroke-or-tia-history", d, 13, what)


def sites(
    a: Answers, finding: str, kind: str, what: str, window_weeks: float | None = None
) -> list[Hit]:
    """A local finding: one hit per recorded site; a yes without a site is a site not recorded."""
    listed = [s for s in a.intake.sites if s.kind == kind]
    if not listed and a.yes(kind):
        return [
            Hit(
                finding,
                True,
                f"{what}; where not yet recorded",
                (f"{kind}",),
                area_unknown=True,
                start_unknown=True,
            )
        ]
    if not listed and a.unknown(kind):
        return [Hit(finding, False, f"not yet answered: {kind}", (kind,))]
    hits = []
    for s in listed:
        if window_weeks is not None and not within(s.date, window_weeks, a.intake.date):
            continue
        where = s.area or "an area not yet recorded"
        side = "both" if s.side == "unknown" else s.side
        hits.append(
            Hit(
                finding,
                True,
                f"{what}: {where}" + (f", {s.side}" if s.side not in ("unknown", "both") else ""),
                (kind,) if s.area is None else (),
                side=side,
                area=s.area,
                area_unknown=s.area is None,
                start=s.date,
                start_unknown=s.date is None,
            )
        )
    return hits


@rule("bone-metastases", OnUnknown.INCOMPLETE)
def bone_metastases(a: Answers) -> list[Hit]:
    return sites(a, "bone-metastases", "bone-metastases", "bone metastases, myeloma or bone tumour")


@rule("severe-osteoporosis-or-vertebral-fracture", OnUnknown.INCOMPLETE)
def severe_osteoporosis(a: Answers) -> list[Hit]:
    f = "severe-osteoporosis-or-vertebral-fracture"
    if a.intake.osteoporosis_severity == "severe":
        return [Hit(f, True, "osteoporosis described as severe")]
    state = a.any_of("vertebral-fracture-history", "multiple-low-trauma-fractures")
    if state == YES:
        return [Hit(f, True, "a vertebral fracture, or several low-trauma fractures")]
    has_osteoporosis = not a.no("osteoporosis-diagnosed")
    if state == UNKNOWN and has_osteoporosis:
        missing = a.unknowns("vertebral-fracture-history", "multiple-low-trauma-fractures")
        if a.unknown("osteoporosis-diagnosed"):
            missing = ("osteoporosis-diagnosed", *missing)
        return [Hit(f, False, "osteoporosis possible; fracture history not yet asked", missing)]
    return []


@rule("pregnancy-complications", OnUnknown.INCOMPLETE)
def pregnancy_complications(a: Answers) -> list[Hit]:
    f = "pregnancy-complications"
    if a.no("pregnant"):
        return []
    if a.yes("pregnancy-complication"):
        return [Hit(f, True, "a pregnancy complication, or advised not to exercise")]
    if a.yes("pregnant") and a.unknown("pregnancy-complication"):
        return [Hit(f, False, "pregnant; complications not yet asked", ("pregnancy-complication",))]
    return []


@rule("contagious-skin-condition", OnUnknown.INCOMPLETE)
def contagious_skin(a: Answers) -> list[Hit]:
    return simple("contagious-skin-condition", a, "contagious-skin-condition")


def clots(a: Answers) -> tuple[list[tuple[str, Side, date | None, str]], bool]:
    listed: list[tuple[str, Side, date | None, str]]
    """(limb, side, date, anticoagulated) for each diagnosed clot, and whether it is unknown."""
    listed = [(c.limb, c.side, c.date, c.anticoagulated) for c in a.intake.clots]
    if not listed and a.yes("clot-diagnosed"):
        listed = [("unknown", "unknown", None, a["anticoagulant"])]
    return listed, not listed and a.unknown("clot-diagnosed")


@rule("clot-diagnosed-untreated", OnUnknown.INCOMPLETE)
def clot_untreated(a: Answers) -> list[Hit]:
    f = "clot-diagnosed-untreated"
    listed, unknown = clots(a)
    if unknown:
        return [Hit(f, False, "not yet answered: clot-diagnosed", ("clot-diagnosed",))]
    hits = []
    for _limb, _side, when, treated in listed:
        if treated != YES and within(when, a.weeks(f, 12), a.intake.date):
            why = "a clot in the last 12 weeks (or at an unknown date), anticoagulant not confirmed"
            hits.append(Hit(f, True, why, start=when, start_unknown=when is None))
    return hits


def clot_in(a: Answers, finding: str, limb: str) -> list[Hit]:
    listed, unknown = clots(a)
    if unknown:
        return [Hit(finding, False, "not yet answered: clot-diagnosed", ("clot-diagnosed",))]
    hits = []
    for where, side, when, _treated in listed:
        if where in (limb, "unknown"):
            s: Side = "both" if side == "unknown" else side
            why = f"a diagnosed clot in the {limb}" + (
                " (limb not known)" if where == "unknown" else ""
            )
            questions = ("clot-limb",) if where == "unknown" else ()
            hits.append(
                Hit(finding, True, why, questions, side=s, start=when, start_unknown=when is None)
            )
    return hits


@rule("clot-diagnosed-leg", OnUnknown.INCOMPLETE)
def clot_leg(a: Answers) -> list[Hit]:
    return clot_in(a, "clot-diagnosed-leg", "leg")


@rule("clot-diagnosed-arm", OnUnknown.INCOMPLETE)
def clot_arm(a: Answers) -> list[Hit]:
    return clot_in(a, "clot-diagnosed-arm", "arm")


def operations(a: Answers) -> list[Hit]:
    """Every operation in the last 12 months: recorded surgeries and joint replacements."""
    hits = sites(a, "recent-surgery", "recent-surgery", "an operation in the last 12 months", 52)
    for r in a.intake.joint_replacements:
        if within(r.date, 52, a.intake.date):
            area = "hip" if r.joint == "hip" else "knee"
            side: Side = "both" if r.side == "unknown" else r.side
            why = f"a {r.joint} replacement in the last 12 months"
            hits.append(
                Hit(
                    "recent-surgery",
                    True,
                    why,
                    side=side,
                    area=area,
                    start=r.date,
                    start_unknown=r.date is None,
                )
            )
    return hits


@rule("recent-surgery", OnUnknown.INCOMPLETE)
def recent_surgery(a: Answers) -> list[Hit]:
    return operations(a)


@rule("surgical-site-deep-pressure", OnUnknown.ASK)
def surgical_site(a: Answers) -> list[Hit]:
    return [
        Hit(
            "surgical-site-deep-pressure",
            True,
            h.why,
            h.questions,
            h.side,
            h.area,
            h.area_unknown,
            h.start,
            h.start_unknown,
        )
        for h in operations(a)
        if h.present and within(h.start, a.weeks("surgical-site-deep-pressure", 6), a.intake.date)
    ]


@rule("recent-fracture", OnUnknown.INCOMPLETE)
def recent_fracture(a: Answers) -> list[Hit]:
    return sites(a, "recent-fracture", "recent-fracture", "a broken bone in the last 12 months", 52)


@rule("acute-injury-or-inflammation", OnUnknown.INCOMPLETE)
def acute_injury(a: Answers) -> list[Hit]:
    return sites(
        a, "acute-injury-or-inflammation", "acute-injury", "an acute injury or inflamed area"
    )


@rule("haematoma", OnUnknown.INCOMPLETE)
def haematoma(a: Answers) -> list[Hit]:
    return sites(a, "haematoma", "haematoma", "a large bruise or haematoma")


@rule("sharp-pain-on-movement", OnUnknown.INCOMPLETE)
def sharp_pain(a: Answers) -> list[Hit]:
    return sites(a, "sharp-pain-on-movement", "sharp-pain-on-movement", "sharp pain on movement")


@rule("bony-block-or-fused-joint", OnUnknown.INCOMPLETE)
def fused_joint(a: Answers) -> list[Hit]:
    return sites(a, "bony-block-or-fused-joint", "fused-joint", "a fused joint or bony block")


@rule("open-wound-or-local-infection", OnUnknown.INCOMPLETE)
def wound(a: Answers) -> list[Hit]:
    return sites(
        a,
        "open-wound-or-local-infection",
        "open-wound-or-local-infection",
        "an open wound or local infection",
    )


UPPER_NECK = (
    "rheumatoid-arthritis",
    "down-syndrome",
    "connective-tissue-disorder",
    "upper-neck-instability-told",
)


@rule("upper-cervical-instability-risk", OnUnknown.INCOMPLETE)
def upper_cervical(a: Answers) -> list[Hit]:
    return simple("upper-cervical-instability-risk", a, *UPPER_NECK)


# ================================================================ joint replacements

HIP_WEEKS = 6  # the hip findings' duration_weeks; the knowledge base's value wins when longer
KNEE_WEEKS = 12


def hips(a: Answers, finding: str, approaches: Iterable[str]) -> list[Hit]:
    wanted = set(approaches)
    listed = [r for r in a.intake.joint_replacements if r.joint == "hip"]
    if not listed and a.yes("hip-replacement"):
        if "unknown" in wanted:
            return [
                Hit(
                    finding,
                    True,
                    "a hip replacement, details not recorded",
                    ("hip-replacement-approach", "hip-replacement-side", "hip-replacement-date"),
                    start_unknown=True,
                )
            ]
        return []
    if not listed and a.unknown("hip-replacement"):
        return (
            [Hit(finding, False, "not yet answered: hip-replacement", ("hip-replacement",))]
            if "unknown" in wanted
            else []
        )
    hits = []
    for r in listed:
        if r.approach not in wanted or not within(
            r.date, a.weeks(finding, HIP_WEEKS), a.intake.date
        ):
            continue
        side: Side = "both" if r.side == "unknown" else r.side
        questions = tuple(
            q
            for q, missing in (
                ("hip-replacement-side", r.side == "unknown"),
                ("hip-replacement-date", r.date is None),
                ("hip-replacement-approach", r.approach == "unknown"),
            )
            if missing
        )
        where = "" if r.side == "unknown" else f"{r.side} "
        why = f"a {where}hip replacement, {r.approach} approach"
        hits.append(
            Hit(
                finding,
                True,
                why,
                questions,
                side=side,
                area="hip",
                start=r.date,
                start_unknown=r.date is None,
            )
        )
    return hits


@rule("hip-replacement-posterior", OnUnknown.INCOMPLETE)
def hip_posterior(a: Answers) -> list[Hit]:
    return hips(a, "hip-replacement-posterior", ["posterior"])


@rule("hip-replacement-anterior", OnUnknown.INCOMPLETE)
def hip_anterior(a: Answers) -> list[Hit]:
    return hips(a, "hip-replacement-anterior", ["anterior"])


@rule("hip-replacement-lateral", OnUnknown.INCOMPLETE)
def hip_lateral(a: Answers) -> list[Hit]:
    return hips(a, "hip-replacement-lateral", ["lateral"])


@rule("hip-replacement-approach-unknown", OnUnknown.INCOMPLETE)
def hip_unknown(a: Answers) -> list[Hit]:
    return hips(a, "hip-replacement-approach-unknown", ["unknown"])


@rule("knee-replacement", OnUnknown.INCOMPLETE)
def knee(a: Answers) -> list[Hit]:
    f = "knee-replacement"
    listed = [r for r in a.intake.joint_replacements if r.joint == "knee"]
    if not listed and a.yes("knee-replacement"):
        return [
            Hit(
                f,
                True,
                "a knee replacement, details not recorded",
                ("knee-replacement-side", "knee-replacement-date"),
                start_unknown=True,
            )
        ]
    if not listed and a.unknown("knee-replacement"):
        return [Hit(f, False, "not yet answered: knee-replacement", ("knee-replacement",))]
    hits = []
    for r in listed:
        if not within(r.date, a.weeks(f, KNEE_WEEKS), a.intake.date):
            continue
        side: Side = "both" if r.side == "unknown" else r.side
        questions = tuple(
            q
            for q, m in (
                ("knee-replacement-side", r.side == "unknown"),
                ("knee-replacement-date", r.date is None),
            )
            if m
        )
        hits.append(
            Hit(
                f,
                True,
                "a knee replacement",
                questions,
                side=side,
                area="knee",
                start=r.date,
                start_unknown=r.date is None,
            )
        )
    return hits


# ================================================================ whole body: with restrictions


@rule("anticoagulant-or-bleeding-risk", OnUnknown.APPLY)
def bleeding(a: Answers) -> list[Hit]:
    hits = simple(
        "anticoagulant-or-bleeding-risk", a, "anticoagulant", "antiplatelet", "bleeding-disorder"
    )
    if hits and not hits[0].present and not a.unknowns("anticoagulant", "bleeding-disorder"):
        return [Hit("anticoagulant-or-bleeding-risk", False, hits[0].why, hits[0].questions)]
    return hits


@rule("low-platelet-count", OnUnknown.APPLY)
def platelets(a: Answers) -> list[Hit]:
    f = "low-platelet-count"
    if a.yes("low-platelets"):
        return [Hit(f, True, "a low platelet count")]
    if a.unknown("low-platelets") and a.yes("cancer-treatment-current"):
        return [Hit(f, False, "on cancer treatment; platelet count not known", ("low-platelets",))]
    return []


@rule("active-cancer-treatment", OnUnknown.INCOMPLETE)
def cancer_treatment(a: Answers) -> list[Hit]:
    hits = _cancer_sites(a)
    out: list[Hit] = []
    for h in hits:
        if h.present and h.area_unknown:
            # Unknown sites: no stretching or contact over the trunk until the sites are recorded.
            out += [
                Hit(h.finding, True, h.why, h.questions, "both", area) for area in sorted(TRUNK)
            ]
        else:
            out.append(h)
    return out


def _cancer_sites(a: Answers) -> list[Hit]:
    hits = sites(
        a,
        "active-cancer-treatment",
        "cancer-treatment-current",
        "cancer treatment now or in the last six months",
    )
    return hits


@rule("osteoporosis", OnUnknown.APPLY)
def osteoporosis(a: Answers) -> list[Hit]:
    f = "osteoporosis"
    if a.yes("osteoporosis-diagnosed") or a.intake.osteoporosis_severity in (
        "osteopenia",
        "osteoporosis",
        "severe",
    ):
        return [Hit(f, True, "osteoporosis or osteopenia")]
    if a.unknown("osteoporosis-diagnosed"):
        return [
            Hit(f, False, "not yet answered: osteoporosis-diagnosed", ("osteoporosis-diagnosed",))
        ]
    return []


@rule("long-term-steroid-use", OnUnknown.APPLY)
def steroids(a: Answers) -> list[Hit]:
    return simple("long-term-steroid-use", a, "long-term-steroids")


@rule("hypertension-or-heart-condition", OnUnknown.APPLY)
def heart(a: Answers) -> list[Hit]:
    return simple("hypertension-or-heart-condition", a, "hypertension", "heart-condition")


def beighton_cut_off(age: int | None) -> int:
    """Malek 2021 cut-offs, on the protective side where puberty or age is unclear."""
    if age is None or age > 50:
        return 4
    return 5


@rule("generalised-hypermobility", OnUnknown.APPLY)
def hypermobility(a: Answers) -> list[Hit]:
    f = "generalised-hypermobility"
    if a.any_of("hypermobility-diagnosed", "connective-tissue-disorder") == YES:
        return [Hit(f, True, "a hypermobility or connective tissue diagnosis")]
    score, extra = a.intake.beighton_score, a.intake.hypermobility_questionnaire_yes
    cut = beighton_cut_off(a.age)
    if score is not None and (score >= cut or (score == cut - 1 and (extra or 0) >= 2)):
        return [Hit(f, True, f"Beighton score {score} (cut-off {cut})")]
    missing = a.unknowns("hypermobility-diagnosed")
    if missing:
        return [Hit(f, False, "not yet answered: hypermobility-diagnosed", missing)]
    return []


@rule("joint-instability", OnUnknown.ASK)
def instability(a: Answers) -> list[Hit]:
    return sites(
        a, "joint-instability", "joint-instability", "a joint that dislocates or gives way"
    )


@rule("pregnancy", OnUnknown.APPLY)
def pregnancy(a: Answers) -> list[Hit]:
    if a.yes("pregnant"):
        return [Hit("pregnancy", True, "pregnant")]
    if a.unknown("pregnant") and a.could_be_pregnant():
        return [Hit("pregnancy", False, "could be pregnant; not yet asked", ("pregnant",))]
    return []


FIRST_TRIMESTER_WEEKS = 13


@rule("pregnancy-after-first-trimester", OnUnknown.APPLY)
def second_trimester(a: Answers) -> list[Hit]:
    f = "pregnancy-after-first-trimester"
    weeks = a.intake.pregnancy_weeks
    if a.yes("pregnant"):
        if weeks is None or weeks >= FIRST_TRIMESTER_WEEKS:
            why = f"pregnant, {weeks} weeks" if weeks is not None else "pregnant, weeks not known"
            return [Hit(f, True, why, () if weeks is not None else ("pregnancy-weeks",))]
        return []
    if a.unknown("pregnant") and a.could_be_pregnant():
        return [Hit(f, False, "could be pregnant; not yet asked", ("pregnant",))]
    return []


@rule("postpartum", OnUnknown.ASK)
def postpartum(a: Answers) -> list[Hit]:
    f = "postpartum"
    birth = a.intake.dates.birth
    if a.yes("birth-recent"):
        if not within(birth, a.weeks(f, 26), a.intake.date):
            return []
        return [
            Hit(
                f,
                True,
                "gave birth in the last six months",
                start=birth,
                start_unknown=birth is None,
            )
        ]
    if a.unknown("birth-recent") and a.could_be_pregnant():
        return [Hit(f, False, "not yet asked about a recent birth", ("birth-recent",))]
    return []


@rule("reduced-sensation", OnUnknown.APPLY)
def reduced_sensation(a: Answers) -> list[Hit]:
    f = "reduced-sensation"
    listed = [s for s in a.intake.sites if s.kind == "reduced-sensation"]
    if not listed and a.unknown("reduced-sensation") and a.yes("diabetes"):
        why = "diabetes; not yet asked about reduced feeling in the feet"
        return [
            Hit(f, False, why, ("reduced-sensation",), area=area)
            for area in ("ankle-foot", "lower-leg")
        ]
    if not listed and a.unknown("reduced-sensation"):
        return []  # without diabetes nothing is assumed (knowledge base: when_unknown)
    return sites(a, f, "reduced-sensation", "reduced sensation")


@rule("falls-or-dizziness-on-rising", OnUnknown.APPLY)
def falls(a: Answers) -> list[Hit]:
    return simple(
        "falls-or-dizziness-on-rising",
        a,
        "falls-past-year",
        "unsteady-on-feet",
        "dizzy-on-standing",
    )


@rule("inflammatory-arthritis-flare", OnUnknown.INCOMPLETE)
def arthritis_flare(a: Answers) -> list[Hit]:
    f = "inflammatory-arthritis-flare"
    if a.no("inflammatory-arthritis") and not any(
        s.kind == "arthritis-flare" for s in a.intake.sites
    ):
        return []
    if a.unknown("inflammatory-arthritis") and a.unknown("arthritis-flare"):
        return [
            Hit(f, False, "not yet answered: inflammatory-arthritis", ("inflammatory-arthritis",))
        ]
    return sites(a, f, "arthritis-flare", "a flare of inflammatory arthritis")


@rule("relied-on-tightness", OnUnknown.ASK)
def relied_on(a: Answers) -> list[Hit]:
    return sites(
        a, "relied-on-tightness", "relied-on-tightness", "a tightness the client relies on"
    )


@rule("prolonged-immobilisation", OnUnknown.ASK)
def immobilisation(a: Answers) -> list[Hit]:
    return sites(
        a, "prolonged-immobilisation", "recent-immobilisation", "an area kept still for weeks"
    )


@rule("oedema-or-lymphoedema", OnUnknown.ASK)
def oedema(a: Answers) -> list[Hit]:
    hits = sites(a, "oedema-or-lymphoedema", "swelling-or-lymphoedema", "long-standing swelling")
    out = []
    for h in hits:
        if h.present and h.area_unknown:
            # Unknown area: both legs until recorded (knowledge base: when_unknown).
            out += [Hit(h.finding, True, h.why, h.questions, "both", area) for area in sorted(LEG)]
        else:
            out.append(h)
    return out


@rule("spondylolisthesis", OnUnknown.ASK)
def spondylolisthesis(a: Answers) -> list[Hit]:
    return simple("spondylolisthesis", a, "spondylolisthesis")


@rule("radiating-limb-symptoms", OnUnknown.ASK)
def radiating(a: Answers) -> list[Hit]:
    if a.intake.pain.radiates_into_limb == YES and not a.yes("radiating-limb-symptoms"):
        return [Hit("radiating-limb-symptoms", True, "pain spreading into a limb (body map)")]
    return simple("radiating-limb-symptoms", a, "radiating-limb-symptoms")
