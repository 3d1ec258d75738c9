"""Clinical vignettes: realistic clients of our own, each with the clearance it must get.

Every vignette tells a short story and states the clinically correct outcome by the knowledge
base and DESIGN.md (decision order, invariants): the decision and urgency, the key findings with
their status, the key restrictions, and the letters. None is copied from the engine's output.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pytest

from stretchwise.library.knowledge import KnowledgeBase, knowledge_base
from stretchwise.library.schema import RestrictionType as T
from stretchwise.screening.document import ClientDocument, problems
from stretchwise.screening.engine import Clearance, screen
from stretchwise.screening.tests.builders import (
    ACTIVE,
    INTAKE_DAY,
    R,
    added,
    asked,
    assessed,
    blocking,
    bp,
    client,
    clot,
    dates,
    days_after,
    describe,
    document,
    findings,
    has,
    hip,
    knee,
    precaution,
    review,
    site,
    weeks_before,
    window_end,
)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return knowledge_base()


@dataclass(frozen=True)
class Vignette:
    name: str
    story: str
    build: Callable[[KnowledgeBase], ClientDocument]
    decision: str
    urgency: str | None = None
    on: dt.date = INTAKE_DAY
    findings: Mapping[str, str] = field(default_factory=dict)  # id -> a status it must have
    absent: tuple[str, ...] = ()  # ids with no active finding
    restrictions: tuple[R, ...] = ()  # must be in the clearance
    not_restrictions: tuple[R, ...] = ()  # must not be
    letters: tuple[str, ...] = ()  # a letter must follow for each
    no_letters: bool = False
    blocking: tuple[str, ...] = ()  # questions that keep it incomplete
    first_instruction: str = ""  # words the first "what to do now" must contain
    problems: tuple[str, ...] = ()  # words each expected document problem contains


HIP_SRC = "hip-replacement-posterior"
OP = weeks_before(3)  # the day of the operation in the hip vignettes

VIGNETTES: list[Vignette] = [
    # ================================================================ fine clients
    Vignette(
        "fine-desk-worker",
        "Tom, 34, an accountant with two years of neck and shoulder tightness from desk work. "
        "Every safety question is answered no.",
        lambda kb: client(kb, age_years=34, sex="male", pain={"regions": ["neck", "shoulder"]}),
        "cleared",
        no_letters=True,
        not_restrictions=(R(T.EXCLUDED_REGION), R(T.FORBIDDEN_MOVEMENT)),
    ),
    Vignette(
        "fine-older-man-age-alone",
        "Derek, 62, retired, long-standing low back stiffness unchanged for years; he sleeps "
        "well, feels well and his weight is steady. Age alone is not a red flag.",
        lambda kb: client(kb, age_years=62, sex="male", pain={"regions": ["lumbar-spine"]}),
        "cleared",
        absent=("older-age-with-warning-features",),
        no_letters=True,
    ),
    # ================================================================ cauda equina
    Vignette(
        "ces-saddle-numbness",
        "Mark, 46, lifted a wardrobe three days ago; since then low back pain and new numbness "
        "around the back passage when he wipes.",
        lambda kb: client(
            kb,
            age_years=46,
            sex="male",
            yes=["ces-saddle-numbness"],
            pain={"regions": ["lumbar-spine"]},
        ),
        "urgent_referral",
        "emergency",
        findings={"cauda-equina-signs": "present"},
        letters=("cauda-equina-signs",),
        first_instruction="emergency department",
    ),
    Vignette(
        "ces-unanswered-on-the-home-form",
        "Sue, 52, sciatica for a month, filled the home form but left every bladder, bowel and "
        "saddle question blank. Nothing physical happens until they are asked in private.",
        lambda kb: client(
            kb,
            age_years=52,
            unknown=[
                "ces-bladder-change",
                "ces-bowel-change",
                "ces-saddle-numbness",
                "ces-legs-weakness-both",
            ],
        ),
        "incomplete",
        findings={"cauda-equina-signs": "unknown"},
        blocking=(
            "ces-bladder-change",
            "ces-bowel-change",
            "ces-saddle-numbness",
            "ces-legs-weakness-both",
        ),
        no_letters=True,
    ),
    Vignette(
        "sexual-dysfunction-only-feature",
        "Raj, 38, three weeks of back pain; since then new difficulty with erection. Bladder, "
        "bowel, saddle feeling and leg strength are normal. The corrections send any new sexual "
        "change with back pain to the emergency department.",
        lambda kb: client(kb, age_years=38, sex="male", yes=["new-sexual-dysfunction"]),
        "urgent_referral",
        "emergency",
        findings={"new-sexual-dysfunction-with-back-pain": "present"},
        absent=("cauda-equina-signs",),
        letters=("new-sexual-dysfunction-with-back-pain",),
    ),
    Vignette(
        "bilateral-sciatica-alone",
        "Ana, 41, new pain down both legs for a week; no bladder, bowel or saddle change and her "
        "legs are strong. Same-day medical assessment with safety-netting.",
        lambda kb: client(kb, age_years=41, yes=["bilateral-leg-pain"]),
        "urgent_referral",
        "same_day",
        findings={"new-bilateral-sciatica": "present"},
        absent=("cauda-equina-signs",),
        letters=("new-bilateral-sciatica",),
    ),
    Vignette(
        "bilateral-sciatica-with-bladder-hesitancy",
        "Ana again, but she now has difficulty starting to pass urine: it is cauda equina, an "
        "emergency, not a same-day review.",
        lambda kb: client(kb, age_years=41, yes=["bilateral-leg-pain", "ces-bladder-change"]),
        "urgent_referral",
        "emergency",
        findings={"cauda-equina-signs": "present"},
        absent=("new-bilateral-sciatica",),
        first_instruction="emergency department",
    ),
    Vignette(
        "progressive-foot-drop",
        "Colin, 44, sciatica for six weeks; over the last week his right foot has started to "
        "catch on the stairs.",
        lambda kb: client(kb, age_years=44, sex="male", yes=["progressive-weakness-or-numbness"]),
        "urgent_referral",
        "same_day",
        findings={"progressive-neurological-deficit": "present"},
        letters=("progressive-neurological-deficit",),
    ),
    # ================================================================ serious pathology
    Vignette(
        "spinal-infection-risk-factor",
        "Lee, 31, injects drugs; new, constant low back pain for two weeks, no fever noticed.",
        lambda kb: client(
            kb,
            age_years=31,
            sex="male",
            yes=["new-or-changed-spinal-pain", "infection-risk-factor"],
        ),
        "urgent_referral",
        "same_day",
        findings={"suspected-spinal-infection": "present"},
    ),
    Vignette(
        "fall-from-a-ladder",
        "Gary, 50, fell two metres from a ladder on Saturday; mid-back pain since, not seen by a "
        "doctor.",
        lambda kb: client(kb, age_years=50, sex="male", yes=["spinal-pain-after-major-trauma"]),
        "urgent_referral",
        "same_day",
        findings={"spinal-trauma-fracture-risk": "present"},
        letters=("spinal-trauma-fracture-risk",),
    ),
    Vignette(
        "older-fall-new-neck-pain",
        "Edith, 72, tripped on the kerb from standing height last week and has had neck pain "
        "since. An older adult's fall with new neck pain is a same-day red flag.",
        lambda kb: client(
            kb,
            age_years=72,
            yes=["spinal-pain-after-minor-trauma"],
            pain={"regions": ["neck"]},
        ),
        "urgent_referral",
        "same_day",
        findings={"spinal-trauma-fracture-risk": "present"},
    ),
    Vignette(
        "osteoporotic-sneeze",
        "Margaret, 68, known osteoporosis on alendronate; sudden mid-back pain after a sneeze "
        "four days ago, no numbness or weakness. Prompt GP review and X-ray, not the same day.",
        lambda kb: client(
            kb,
            age_years=68,
            yes=["osteoporosis-diagnosed", "spinal-pain-after-minor-trauma"],
            osteoporosis_severity="osteoporosis",
            pain={"regions": ["thoracic-spine"]},
        ),
        "urgent_referral",
        "soon",
        findings={"suspected-osteoporotic-fracture": "present", "osteoporosis": "present"},
        absent=("spinal-trauma-fracture-risk",),
        letters=("suspected-osteoporotic-fracture",),
    ),
    Vignette(
        "osteoporotic-sneeze-with-leg-tingling",
        "Margaret again, but both feet have tingled since the sneeze: a possible fracture with "
        "nerve symptoms is same day.",
        lambda kb: client(
            kb,
            age_years=68,
            yes=[
                "osteoporosis-diagnosed",
                "spinal-pain-after-minor-trauma",
                "trauma-new-numbness-weakness",
            ],
            osteoporosis_severity="osteoporosis",
        ),
        "urgent_referral",
        "same_day",
        findings={"spinal-trauma-fracture-risk": "present"},
        absent=("suspected-osteoporotic-fracture",),
    ),
    Vignette(
        "past-cancer-new-thoracic-pain",
        "Helen, 45, breast cancer treated ten years ago; new constant upper-back pain for six "
        "weeks. A history of cancer with new spinal pain is a flag on its own.",
        lambda kb: client(kb, age_years=45, yes=["cancer-history", "new-or-changed-spinal-pain"]),
        "urgent_referral",
        "soon",
        findings={"cancer-history-new-spinal-pain": "present"},
        letters=("cancer-history-new-spinal-pain",),
    ),
    Vignette(
        "past-cancer-unchanged-back-pain",
        "Helen's sister, 47, melanoma removed eight years ago; the same mechanical low back ache "
        "for fifteen years, unchanged. Without new or changed spinal pain it is not a flag.",
        lambda kb: client(kb, age_years=47, yes=["cancer-history"]),
        "cleared",
        absent=("cancer-history-new-spinal-pain",),
    ),
    Vignette(
        "weight-loss-and-night-pain-at-58",
        "Brian, 58, lost 6 kg in three months without trying; back pain at night whatever "
        "position he lies in.",
        lambda kb: client(
            kb,
            age_years=58,
            sex="male",
            yes=["weight-loss-unexplained", "night-pain-persistent"],
        ),
        "urgent_referral",
        "soon",
        findings={
            "unexplained-weight-loss": "present",
            "persistent-night-pain": "present",
            "older-age-with-warning-features": "present",
        },
    ),
    # ================================================================ clots, heart, lungs
    Vignette(
        "suspected-clot-after-a-flight",
        "Jo, 39, flew back from Sydney four days ago; her left calf is now swollen, warm and "
        "tender. The whole session stops, not just the leg.",
        lambda kb: client(kb, age_years=39, yes=["suspected-clot-symptoms"]),
        "urgent_referral",
        "same_day",
        findings={"suspected-dvt": "present"},
        letters=("suspected-dvt",),
    ),
    Vignette(
        "fainted-yesterday",
        "Peter, 66, fainted in the garden yesterday and felt his heart racing; not seen by anyone.",
        lambda kb: client(kb, age_years=66, sex="male", yes=["chest-pain-breathless-fainting"]),
        "urgent_referral",
        "emergency",
        findings={"chest-pain-breathlessness-or-fainting": "present"},
    ),
    Vignette(
        "dvt-left-leg-on-apixaban",
        "Carol, 57, left calf DVT diagnosed three weeks ago, on apixaban since. Her left leg is "
        "left alone until the doctor clears it; the rest of her body is stretched gently.",
        lambda kb: client(
            kb,
            age_years=57,
            yes=["anticoagulant"],
            clots=[clot("leg", "left", weeks_before(3), "yes")],
        ),
        "cleared_with_restrictions",
        findings={"clot-diagnosed-leg": "present", "anticoagulant-or-bleeding-risk": "present"},
        absent=("clot-diagnosed-untreated",),
        restrictions=(
            R(T.EXCLUDED_REGION, region="calf", side="left", source="clot-diagnosed-leg"),
            R(T.EXCLUDED_REGION, region="thigh-back", side="left", source="clot-diagnosed-leg"),
            R(T.EXCLUDED_REGION, region="buttock", side="left", source="clot-diagnosed-leg"),
            R(T.INTENSITY_CAP, cap=4, whole_body=True),
            R(T.NO_DEEP_PRESSURE, whole_body=True),
        ),
        not_restrictions=(R(T.EXCLUDED_REGION, region="calf", side="right"),),
        letters=("clot-diagnosed-leg",),
    ),
    Vignette(
        "dvt-right-leg-not-treated",
        "Ken, 63, told at the walk-in centre two weeks ago that he has a clot in his right leg; "
        "he has not started any blood thinner. General activity waits for the treating doctor.",
        lambda kb: client(
            kb, age_years=63, sex="male", clots=[clot("leg", "right", weeks_before(2), "no")]
        ),
        "refer_before_stretching",
        findings={"clot-diagnosed-untreated": "present", "clot-diagnosed-leg": "present"},
        letters=("clot-diagnosed-untreated", "clot-diagnosed-leg"),
    ),
    Vignette(
        "dvt-limb-and-side-unknown",
        "Olive, 81, remembers 'a clot' years ago but not where; she takes warfarin. Until the "
        "limb and side are known, both legs and both arms are protected.",
        lambda kb: client(
            kb,
            age_years=81,
            yes=["anticoagulant"],
            clots=[clot("unknown", "unknown", weeks_before(300), "yes")],
        ),
        "cleared_with_restrictions",
        findings={"clot-diagnosed-leg": "present", "clot-diagnosed-arm": "present"},
        restrictions=(
            R(T.EXCLUDED_REGION, region="calf", side="both"),
            R(T.EXCLUDED_REGION, region="wrist-hand", side="both"),
            R(T.EXCLUDED_REGION, region="chest", side="both"),
        ),
    ),
    Vignette(
        "dvt-cleared-by-the-haematologist",
        "Carol at twelve weeks brings a letter from her haematologist clearing stretching and "
        "massage of the left leg. The leg comes back; the blood-thinner precautions stay.",
        lambda kb: client(
            kb,
            age_years=57,
            yes=["anticoagulant"],
            clots=[clot("leg", "left", weeks_before(12), "yes")],
            documents=[
                document(
                    ["clot-diagnosed-leg"],
                    author="Dr F. Haddad, haematologist",
                    role="specialist",
                    side="left",
                )
            ],
        ),
        "cleared_with_restrictions",
        findings={
            "clot-diagnosed-leg": "cleared_by_document",
            "anticoagulant-or-bleeding-risk": "present",
        },
        not_restrictions=(R(T.EXCLUDED_REGION, region="calf"),),
        restrictions=(R(T.INTENSITY_CAP, cap=4),),
    ),
    Vignette(
        "pulmonary-embolism-three-months",
        "Nadia, 49, pulmonary embolism three months ago, on rivaroxaban; no word yet from her "
        "respiratory team about exercise.",
        lambda kb: client(
            kb,
            age_years=49,
            yes=["pulmonary-embolism-diagnosed", "anticoagulant"],
            dates=dates(pulmonary_embolism=weeks_before(13)),
        ),
        "refer_before_stretching",
        findings={"recent-pulmonary-embolism": "present"},
        letters=("recent-pulmonary-embolism",),
    ),
    Vignette(
        "pulmonary-embolism-cleared",
        "Nadia brings the respiratory physician's letter clearing exercise and hands-on "
        "treatment; the anticoagulant precautions still apply.",
        lambda kb: client(
            kb,
            age_years=49,
            yes=["pulmonary-embolism-diagnosed", "anticoagulant"],
            dates=dates(pulmonary_embolism=weeks_before(13)),
            documents=[
                document(
                    ["recent-pulmonary-embolism"],
                    author="Dr M. Evans, respiratory physician",
                    role="specialist",
                )
            ],
        ),
        "cleared_with_restrictions",
        findings={
            "recent-pulmonary-embolism": "cleared_by_document",
            "anticoagulant-or-bleeding-risk": "present",
        },
    ),
    Vignette(
        "blood-pressure-205",
        "Frank, 59, resting blood pressure 205/100 after five minutes seated, twice.",
        lambda kb: client(kb, age_years=59, sex="male", blood_pressure=bp(205, 100)),
        "refer_before_stretching",
        findings={"uncontrolled-blood-pressure": "present"},
        restrictions=(R(T.NO_BREATH_HOLDING),),
        letters=("uncontrolled-blood-pressure",),
    ),
    Vignette(
        "blood-pressure-said-uncontrolled-no-reading",
        "Frank's brother says his GP is 'still sorting out' his blood pressure; no reading "
        "today. A resting reading is taken first.",
        lambda kb: client(kb, age_years=61, sex="male", yes=["bp-uncontrolled-told"]),
        "incomplete",
        findings={"uncontrolled-blood-pressure": "unknown"},
        blocking=("bp-systolic", "bp-diastolic"),
    ),
    # ================================================================ neck and head
    Vignette(
        "neck-manipulation-dizziness-diplopia",
        "Sam, 36, had his neck 'cracked' two days ago; since then neck pain, dizziness and "
        "double vision.",
        lambda kb: client(
            kb,
            age_years=36,
            sex="male",
            yes=["neck-neuro-symptoms", "recent-neck-injury"],
            pain={"regions": ["neck"]},
        ),
        "urgent_referral",
        "emergency",
        findings={"neck-artery-warning-signs": "present"},
        restrictions=(R(T.EXCLUDED_REGION, region="neck"),),
        first_instruction="emergency",
    ),
    Vignette(
        "isolated-dizziness-on-standing",
        "Joan, 70, on two blood-pressure tablets, feels light-headed when she stands up; no "
        "neck pain or headache. Not a neck-artery flag: supported positions only.",
        lambda kb: client(kb, age_years=70, yes=["dizzy-on-standing", "hypertension"]),
        "cleared_with_restrictions",
        findings={
            "falls-or-dizziness-on-rising": "present",
            "hypertension-or-heart-condition": "present",
        },
        absent=("neck-artery-warning-signs",),
        restrictions=(
            R(T.SUPPORTED_POSITIONS_ONLY),
            R(T.FORBIDDEN_MOVEMENT, movement="single-leg-standing"),
            R(T.NO_BREATH_HOLDING),
        ),
        no_letters=True,
    ),
    Vignette(
        "new-headache-after-whiplash",
        "Priya, 29, rear-ended at traffic lights twelve days ago; since then a headache unlike "
        "any she has had, no dizziness or visual change.",
        lambda kb: client(
            kb,
            age_years=29,
            yes=["new-unusual-headache", "recent-neck-injury"],
            pain={"regions": ["neck"]},
        ),
        "urgent_referral",
        "same_day",
        findings={"new-unusual-headache-with-neck-pain": "present"},
        absent=("neck-artery-warning-signs",),
        restrictions=(R(T.EXCLUDED_REGION, region="neck"),),
    ),
    Vignette(
        "tia-last-week",
        "Alan, 71, his left arm went weak for ten minutes last Tuesday and recovered; he has not "
        "told anyone.",
        lambda kb: client(kb, age_years=71, sex="male", yes=["tia-not-assessed"]),
        "urgent_referral",
        "same_day",
        findings={"tia-not-yet-assessed": "present"},
    ),
    Vignette(
        "stroke-six-weeks-ago",
        "Alan's wife Jean, 69, had a small stroke six weeks ago and has been seen by the stroke "
        "team; no advice yet on exercise.",
        lambda kb: client(
            kb,
            age_years=69,
            yes=["stroke-or-tia-history"],
            dates=dates(stroke_or_tia=weeks_before(6)),
        ),
        "refer_before_stretching",
        findings={"recent-stroke-or-tia": "present"},
        restrictions=(
            R(T.EXCLUDED_REGION, region="neck", source="recent-stroke-or-tia"),
            R(T.NO_BREATH_HOLDING, source="recent-stroke-or-tia"),
        ),
        letters=("recent-stroke-or-tia",),
    ),
    Vignette(
        "stroke-cleared-neck-kept-out",
        "Jean's stroke consultant clears general exercise; the letter says nothing about the "
        "neck, so the therapist records the neck as still excluded.",
        lambda kb: client(
            kb,
            age_years=69,
            yes=["stroke-or-tia-history"],
            dates=dates(stroke_or_tia=weeks_before(6)),
            documents=[
                document(
                    ["recent-stroke-or-tia"],
                    id="stroke-team",
                    author="Dr L. Park, stroke consultant",
                    role="specialist",
                    precautions=[precaution(T.EXCLUDED_REGION, region="neck")],
                )
            ],
        ),
        "cleared_with_restrictions",
        findings={"recent-stroke-or-tia": "cleared_by_document"},
        restrictions=(R(T.EXCLUDED_REGION, region="neck", source="document:stroke-team"),),
        not_restrictions=(R(T.EXCLUDED_REGION, source="recent-stroke-or-tia"),),
    ),
    Vignette(
        "hypermobile-eds",
        "Lily, 26, diagnosed with hypermobile Ehlers-Danlos syndrome; loves deep stretching. "
        "More range is not what her joints need, and her upper neck is protected until a "
        "doctor has excluded instability.",
        lambda kb: client(
            kb, age_years=26, yes=["hypermobility-diagnosed", "connective-tissue-disorder"]
        ),
        "cleared_with_restrictions",
        findings={
            "generalised-hypermobility": "present",
            "upper-cervical-instability-risk": "present",
        },
        restrictions=(
            R(T.NO_END_RANGE, whole_body=True),
            R(T.FORBIDDEN_MOVEMENT, movement="end-range-any-joint"),
            R(T.EXCLUDED_REGION, region="neck"),
        ),
    ),
    Vignette(
        "rheumatoid-arthritis-knee-flare",
        "Rosa, 55, rheumatoid arthritis; her right knee is hot and swollen this week, no fever. "
        "The knee is left out and the neck protected.",
        lambda kb: client(
            kb,
            age_years=55,
            yes=["rheumatoid-arthritis", "inflammatory-arthritis"],
            sites=[site("arthritis-flare", "knee", "right")],
        ),
        "cleared_with_restrictions",
        findings={
            "inflammatory-arthritis-flare": "present",
            "upper-cervical-instability-risk": "present",
        },
        restrictions=(
            R(T.EXCLUDED_REGION, region="knee", side="right"),
            R(T.EXCLUDED_REGION, region="neck"),
        ),
        not_restrictions=(R(T.EXCLUDED_REGION, region="knee", side="left"),),
    ),
    # ================================================================ local referrals
    Vignette(
        "wrist-fracture-five-weeks",
        "Amy, 33, broke her right wrist snowboarding five weeks ago, cast off last week; she "
        "comes for her tight hamstrings. The wrist is left out and a letter goes to her "
        "doctor; the rest of her body is cleared.",
        lambda kb: client(
            kb,
            age_years=33,
            sites=[site("recent-fracture", "wrist-hand", "right", weeks_before(5))],
        ),
        "cleared_with_restrictions",
        findings={"recent-fracture": "present"},
        restrictions=(R(T.EXCLUDED_REGION, region="wrist-hand", side="right"),),
        not_restrictions=(
            R(T.EXCLUDED_REGION, region="wrist-hand", side="left"),
            R(T.EXCLUDED_REGION, region="thigh-back"),
        ),
        letters=("recent-fracture",),
    ),
    Vignette(
        "calf-strain-last-week",
        "Ben, 27, footballer, strained his left calf eight days ago; still swollen. The calf is "
        "left out; no referral.",
        lambda kb: client(
            kb,
            age_years=27,
            sex="male",
            sites=[site("acute-injury", "calf", "left", weeks_before(1))],
        ),
        "cleared_with_restrictions",
        findings={"acute-injury-or-inflammation": "present"},
        restrictions=(R(T.EXCLUDED_REGION, region="calf", side="left"),),
        no_letters=True,
    ),
    # ================================================================ hips and knees
    Vignette(
        "posterior-hip-three-weeks",
        "June, 67, left total hip replacement through a posterior approach three weeks ago; no "
        "precaution sheet yet. The operated hip is not stretched until the surgeon clears it, "
        "and the posterior precautions apply for six weeks.",
        lambda kb: client(kb, age_years=67, joint_replacements=[hip("left", OP, "posterior")]),
        "cleared_with_restrictions",
        findings={
            HIP_SRC: "present",
            "recent-surgery": "present",
            "surgical-site-deep-pressure": "present",
        },
        restrictions=(
            R(T.FORBIDDEN_MOVEMENT, movement="hip-flexion", limit_deg=90, side="left"),
            R(T.FORBIDDEN_MOVEMENT, movement="hip-adduction", limit_deg=0, side="left"),
            R(T.FORBIDDEN_MOVEMENT, movement="hip-internal-rotation", side="left"),
            R(T.EXCLUDED_REGION, region="hip", side="left", source="recent-surgery"),
            R(T.NO_DEEP_PRESSURE, region="hip", side="left", ends_on=window_end(OP, 6)),
        ),
        not_restrictions=(R(T.FORBIDDEN_MOVEMENT, movement="hip-flexion", side="right"),),
        letters=("recent-surgery",),
    ),
    Vignette(
        "posterior-hip-surgeon-tighter",
        "June brings her surgeon's sheet: stretching of the hip allowed, but no hip flexion past "
        "70 degrees, no crossing the legs and no turning the leg in for twelve weeks. The "
        "surgeon's numbers replace the defaults.",
        lambda kb: client(
            kb,
            age_years=67,
            joint_replacements=[hip("left", OP, "posterior")],
            documents=[
                document(
                    ["recent-surgery", HIP_SRC],
                    side="left",
                    precautions=[
                        precaution(
                            T.FORBIDDEN_MOVEMENT,
                            movement="hip-flexion",
                            limit_deg=70,
                            side="left",
                            until=window_end(OP, 12),
                        ),
                        precaution(
                            T.FORBIDDEN_MOVEMENT,
                            movement="hip-adduction",
                            limit_deg=0,
                            side="left",
                            until=window_end(OP, 12),
                        ),
                        precaution(
                            T.FORBIDDEN_MOVEMENT,
                            movement="hip-internal-rotation",
                            limit_deg=0,
                            side="left",
                            until=window_end(OP, 12),
                        ),
                    ],
                )
            ],
        ),
        "cleared_with_restrictions",
        findings={HIP_SRC: "cleared_by_document", "recent-surgery": "cleared_by_document"},
        restrictions=(
            R(T.FORBIDDEN_MOVEMENT, movement="hip-flexion", limit_deg=70, side="left"),
            R(T.NO_DEEP_PRESSURE, source="surgical-site-deep-pressure"),
        ),
        not_restrictions=(
            R(T.FORBIDDEN_MOVEMENT, movement="hip-flexion", limit_deg=90),
            R(T.EXCLUDED_REGION, region="hip", source="recent-surgery"),
            R(T.FORBIDDEN_MOVEMENT, source=HIP_SRC),
        ),
    ),
    Vignette(
        "posterior-hip-surgeon-looser",
        "Another surgeon allows flexion to 100 degrees from the start: looser than our default, "
        "but it is the surgeon's call and is recorded as such.",
        lambda kb: client(
            kb,
            age_years=64,
            joint_replacements=[hip("left", OP, "posterior")],
            documents=[
                document(
                    ["recent-surgery", HIP_SRC],
                    side="left",
                    precautions=[
                        precaution(
                            T.FORBIDDEN_MOVEMENT,
                            movement="hip-flexion",
                            limit_deg=100,
                            side="left",
                        )
                    ],
                )
            ],
        ),
        "cleared_with_restrictions",
        findings={HIP_SRC: "cleared_by_document"},
        restrictions=(
            R(T.FORBIDDEN_MOVEMENT, movement="hip-flexion", limit_deg=100, source="document:doc-1"),
        ),
        not_restrictions=(R(T.FORBIDDEN_MOVEMENT, movement="hip-flexion", limit_deg=90),),
    ),
    Vignette(
        "two-hips-sheet-for-one",
        "Walter, 74, had both hips replaced posteriorly four weeks ago; the sheet he brings "
        "covers the left hip only. The right hip keeps every default precaution.",
        lambda kb: client(
            kb,
            age_years=74,
            sex="male",
            joint_replacements=[
                hip("left", weeks_before(4), "posterior"),
                hip("right", weeks_before(4), "posterior"),
            ],
            documents=[
                document(
                    ["recent-surgery", HIP_SRC],
                    side="left",
                    precautions=[
                        precaution(
                            T.FORBIDDEN_MOVEMENT,
                            movement="hip-flexion",
                            limit_deg=80,
                            side="left",
                        )
                    ],
                )
            ],
        ),
        "cleared_with_restrictions",
        findings={HIP_SRC: "present"},
        restrictions=(
            R(T.FORBIDDEN_MOVEMENT, movement="hip-flexion", limit_deg=80, side="left"),
            R(T.FORBIDDEN_MOVEMENT, movement="hip-flexion", limit_deg=90, side="right"),
            R(T.EXCLUDED_REGION, region="hip", side="right", source="recent-surgery"),
        ),
        not_restrictions=(
            R(T.FORBIDDEN_MOVEMENT, movement="hip-flexion", limit_deg=90, side="left"),
            R(T.EXCLUDED_REGION, region="hip", side="left", source="recent-surgery"),
        ),
        letters=("recent-surgery",),
    ),
    Vignette(
        "hip-side-unknown-sheet-for-left",
        "Vera, 80, cannot remember which hip was replaced four weeks ago; her sheet mentions the "
        "left. A document for one side cannot clear a finding that covers both.",
        lambda kb: client(
            kb,
            age_years=80,
            joint_replacements=[hip("unknown", weeks_before(4), "posterior")],
            documents=[document([HIP_SRC], side="left")],
        ),
        "cleared_with_restrictions",
        findings={HIP_SRC: "present"},
        restrictions=(R(T.FORBIDDEN_MOVEMENT, movement="hip-flexion", side="both"),),
    ),
    Vignette(
        "hip-approach-unknown",
        "Stan, 70, right hip replaced four weeks ago in another country; nobody knows the "
        "approach. Until the surgeon's sheet is on file the hip is not stretched and every "
        "approach's precautions apply.",
        lambda kb: client(
            kb,
            age_years=70,
            sex="male",
            joint_replacements=[hip("right", weeks_before(4), "unknown")],
        ),
        "cleared_with_restrictions",
        findings={"hip-replacement-approach-unknown": "present"},
        absent=(HIP_SRC, "hip-replacement-anterior", "hip-replacement-lateral"),
        restrictions=(
            R(T.EXCLUDED_REGION, region="hip", side="right"),
            R(T.FORBIDDEN_MOVEMENT, movement="hip-flexion", side="right"),
            R(T.FORBIDDEN_MOVEMENT, movement="hip-extension", limit_deg=0, side="right"),
            R(T.FORBIDDEN_MOVEMENT, movement="hip-external-rotation", limit_deg=0, side="right"),
            R(T.FORBIDDEN_MOVEMENT, movement="hip-abduction", side="right"),
        ),
        letters=("hip-replacement-approach-unknown",),
    ),
    Vignette(
        "hip-replaced-no-details",
        "Gwen, 77, ticks 'hip replacement' on the home form and nothing else: side, date and "
        "approach unknown, so both hips get every approach's precautions from today.",
        lambda kb: client(kb, age_years=77, yes=["hip-replacement"]),
        "cleared_with_restrictions",
        findings={"hip-replacement-approach-unknown": "present"},
        restrictions=(
            R(T.EXCLUDED_REGION, region="hip", side="both"),
            R(T.FORBIDDEN_MOVEMENT, movement="hip-flexion", side="both"),
        ),
        letters=("hip-replacement-approach-unknown",),
    ),
    Vignette(
        "posterior-hip-review-due",
        "June at seven weeks: the six-week posterior precautions have reached their end. They "
        "do not lapse: they are review due and still apply until a therapist confirms.",
        lambda kb: client(
            kb,
            age_years=67,
            joint_replacements=[hip("left", OP, "posterior")],
            documents=[document(["recent-surgery"], side="left")],
        ),
        "cleared_with_restrictions",
        on=OP + dt.timedelta(weeks=7),
        findings={HIP_SRC: "review_due", "recent-surgery": "cleared_by_document"},
        restrictions=(
            R(
                T.FORBIDDEN_MOVEMENT,
                movement="hip-flexion",
                side="left",
                status="review_due",
                ends_on=window_end(OP, 6),
            ),
        ),
    ),
    Vignette(
        "posterior-hip-reviewed-after-due",
        "At seven weeks the therapist reviews June, who has the surgeon's discharge letter "
        "saying precautions have ended; the posterior precautions are lifted. The six weeks "
        "without deep pressure over the scar are also due, but not yet reviewed, so they stay.",
        lambda kb: client(
            kb,
            age_years=67,
            joint_replacements=[hip("left", OP, "posterior")],
            documents=[document(["recent-surgery"], side="left")],
            reviews=[
                review(
                    HIP_SRC,
                    OP + dt.timedelta(weeks=7),
                    "Six-week review: surgeon's discharge letter ends the precautions.",
                )
            ],
        ),
        "cleared_with_restrictions",
        on=OP + dt.timedelta(weeks=7),
        findings={HIP_SRC: "lifted", "surgical-site-deep-pressure": "review_due"},
        not_restrictions=(R(T.FORBIDDEN_MOVEMENT, movement="hip-flexion"),),
    ),
    Vignette(
        "posterior-hip-review-too-early",
        "At four weeks a therapist tries to 'review' June's precautions away without any "
        "document: a precaution lifted by a surgeon's document cannot be ended early by a "
        "review alone.",
        lambda kb: client(
            kb,
            age_years=67,
            joint_replacements=[hip("left", OP, "posterior")],
            reviews=[review(HIP_SRC, OP + dt.timedelta(weeks=4), "Moving well.")],
        ),
        "cleared_with_restrictions",
        on=OP + dt.timedelta(weeks=4),
        findings={HIP_SRC: "present"},
        restrictions=(R(T.FORBIDDEN_MOVEMENT, movement="hip-flexion", status="in_force"),),
    ),
    Vignette(
        "knee-replacement-six-weeks",
        "Roy, 69, right total knee replacement six weeks ago, working on his bend. No kneeling "
        "on it, no forcing past about 110 degrees.",
        lambda kb: client(
            kb,
            age_years=69,
            sex="male",
            joint_replacements=[knee("right", weeks_before(6))],
        ),
        "cleared_with_restrictions",
        findings={"knee-replacement": "present", "recent-surgery": "present"},
        restrictions=(
            R(T.FORBIDDEN_MOVEMENT, movement="kneeling-on-knee", side="right"),
            R(T.FORBIDDEN_MOVEMENT, movement="knee-flexion", limit_deg=110, side="right"),
            R(T.EXCLUDED_REGION, region="knee", side="right", source="recent-surgery"),
        ),
        letters=("recent-surgery",),
    ),
    # ================================================================ pregnancy and birth
    Vignette(
        "pregnant-24-weeks",
        "Emma, 31, 24 weeks pregnant, no complications, pelvic girdle ache.",
        lambda kb: client(kb, age_years=31, pregnancy_weeks=24),
        "cleared_with_restrictions",
        findings={"pregnancy": "present", "pregnancy-after-first-trimester": "present"},
        restrictions=(
            R(T.MAX_MINUTES_IN_POSITION, position="supine", minutes=3),
            R(T.FORBIDDEN_MOVEMENT, movement="abdominal-compression"),
            R(T.NO_END_RANGE, whole_body=True),
        ),
        no_letters=True,
    ),
    Vignette(
        "pregnant-10-weeks",
        "Zoe, 28, ten weeks pregnant: pregnancy precautions, but no supine time limit yet.",
        lambda kb: client(kb, age_years=28, pregnancy_weeks=10),
        "cleared_with_restrictions",
        findings={"pregnancy": "present"},
        absent=("pregnancy-after-first-trimester",),
        restrictions=(R(T.FORBIDDEN_MOVEMENT, movement="abdominal-compression"),),
        not_restrictions=(R(T.MAX_MINUTES_IN_POSITION),),
    ),
    Vignette(
        "pregnant-placenta-praevia",
        "Emma's friend, 34, 30 weeks pregnant, told she has a low-lying placenta and to avoid "
        "exercise.",
        lambda kb: client(kb, age_years=34, pregnancy_weeks=30, yes=["pregnancy-complication"]),
        "refer_before_stretching",
        findings={"pregnancy-complications": "present"},
        letters=("pregnancy-complications",),
    ),
    Vignette(
        "pregnant-bleeding-today",
        "Kate, 29, 26 weeks pregnant, noticed bleeding this morning.",
        lambda kb: client(kb, age_years=29, pregnancy_weeks=26, yes=["pregnancy-warning-signs"]),
        "urgent_referral",
        "same_day",
        findings={"pregnancy-warning-signs": "present"},
    ),
    Vignette(
        "caesarean-eight-weeks",
        "Fiona, 35, had a caesarean section eight weeks ago: postpartum laxity precautions, "
        "and the abdomen is left out until the surgeon clears it.",
        lambda kb: client(
            kb,
            age_years=35,
            yes=["birth-recent"],
            dates=dates(birth=weeks_before(8)),
            sites=[site("recent-surgery", "abdomen", "both", weeks_before(8))],
        ),
        "cleared_with_restrictions",
        findings={"postpartum": "present", "recent-surgery": "present"},
        absent=("surgical-site-deep-pressure",),
        restrictions=(
            R(T.NO_END_RANGE, source="postpartum", ends_on=window_end(weeks_before(8), 26)),
            R(T.EXCLUDED_REGION, region="abdomen", source="recent-surgery"),
        ),
        letters=("recent-surgery",),
    ),
    # ================================================================ bone, cancer
    Vignette(
        "vertebral-fracture-osteoporosis",
        "Dorothy, 74, osteoporosis with an old T12 compression fracture seen on X-ray.",
        lambda kb: client(
            kb,
            age_years=74,
            yes=["osteoporosis-diagnosed", "vertebral-fracture-history"],
            osteoporosis_severity="osteoporosis",
        ),
        "refer_before_stretching",
        findings={"severe-osteoporosis-or-vertebral-fracture": "present"},
        restrictions=(R(T.FORBIDDEN_MOVEMENT, movement="loaded-spinal-flexion"),),
        letters=("severe-osteoporosis-or-vertebral-fracture",),
    ),
    Vignette(
        "vertebral-fracture-physio-advice",
        "Dorothy's bone-health physiotherapist writes: gentle stretching fine, no loaded or "
        "end-range forward bending. The referral is lifted; the osteoporosis precautions stay.",
        lambda kb: client(
            kb,
            age_years=74,
            yes=["osteoporosis-diagnosed", "vertebral-fracture-history"],
            osteoporosis_severity="osteoporosis",
            documents=[
                document(
                    ["severe-osteoporosis-or-vertebral-fracture"],
                    author="Ms H. Brown, bone-health physiotherapist",
                    role="physiotherapist",
                    precautions=[
                        precaution(T.FORBIDDEN_MOVEMENT, movement="loaded-spinal-flexion")
                    ],
                )
            ],
        ),
        "cleared_with_restrictions",
        findings={
            "severe-osteoporosis-or-vertebral-fracture": "cleared_by_document",
            "osteoporosis": "present",
        },
        restrictions=(
            R(T.FORBIDDEN_MOVEMENT, movement="loaded-spinal-flexion", source="document:doc-1"),
            R(T.FORBIDDEN_MOVEMENT, movement="spinal-flexion-with-rotation", source="osteoporosis"),
        ),
    ),
    Vignette(
        "chemotherapy-with-a-port",
        "Grace, 52, on chemotherapy for breast cancer, port under the left collarbone; she does "
        "not know her latest platelet count.",
        lambda kb: client(
            kb,
            age_years=52,
            unknown=["low-platelets"],
            sites=[site("cancer-treatment-current", "chest", "left")],
        ),
        "cleared_with_restrictions",
        findings={"active-cancer-treatment": "present", "low-platelet-count": "assumed"},
        restrictions=(
            R(T.EXCLUDED_REGION, region="chest", side="left"),
            R(T.NO_DEEP_PRESSURE, whole_body=True),
            R(T.INTENSITY_CAP, cap=3),
        ),
    ),
    Vignette(
        "myeloma-in-the-spine",
        "Ivan, 66, myeloma with lesions in the lumbar spine.",
        lambda kb: client(
            kb,
            age_years=66,
            sex="male",
            sites=[site("bone-metastases", "lumbar-spine", "both")],
        ),
        "refer_before_stretching",
        findings={"bone-metastases": "present"},
        letters=("bone-metastases",),
    ),
    # ================================================================ reviews, assessments
    Vignette(
        "fever-today",
        "Nina, 40, arrives with a temperature of 38.4 and a sore throat.",
        lambda kb: client(kb, yes=["fever-or-acute-illness"]),
        "urgent_referral",
        "soon",
        findings={"acute-feverish-illness": "present"},
    ),
    Vignette(
        "fever-gone-a-week-later",
        "Nina a week later: no fever, feels well; the therapist confirms this at check-in.",
        lambda kb: client(
            kb,
            yes=["fever-or-acute-illness"],
            reviews=[review("acute-feverish-illness", days_after(7), "No fever, feels well.")],
        ),
        "cleared",
        on=days_after(7),
        findings={"acute-feverish-illness": "lifted"},
    ),
    Vignette(
        "red-flag-document-rejected",
        "Mark's GP writes 'fit for stretching' about his saddle numbness. A document cannot "
        "lift a red flag: only a new intake after medical assessment does.",
        lambda kb: client(
            kb,
            age_years=46,
            sex="male",
            yes=["ces-saddle-numbness"],
            documents=[document(["cauda-equina-signs"], author="Dr K. Lowe, GP", role="doctor")],
        ),
        "urgent_referral",
        "emergency",
        findings={"cauda-equina-signs": "present"},
        problems=("red flag",),
    ),
    Vignette(
        "red-flag-review-rejected",
        "A therapist tries to review away Brian's unexplained weight loss: a review cannot lift "
        "a red flag either.",
        lambda kb: client(
            kb,
            age_years=58,
            sex="male",
            yes=["weight-loss-unexplained"],
            reviews=[review("unexplained-weight-loss", INTAKE_DAY, "Says he has been dieting.")],
        ),
        "urgent_referral",
        "soon",
        findings={"unexplained-weight-loss": "present"},
        problems=("red flag",),
    ),
    Vignette(
        "new-intake-after-emergency-scan",
        "Mark returns after an emergency MRI that excluded cauda equina; his saddle feeling is "
        "slightly altered but unchanged and assessed. The new intake records the assessment.",
        lambda kb: client(
            kb,
            age_years=46,
            sex="male",
            date=days_after(5),
            yes=["ces-saddle-numbness"],
            medical_assessment=assessed("cauda-equina-signs", on=days_after(3)),
        ),
        "cleared",
        on=days_after(5),
        findings={"cauda-equina-signs": "lifted"},
    ),
    Vignette(
        "assessment-covers-one-flag-only",
        "Brian saw his GP about night pain, which was judged mechanical; his weight loss was "
        "not discussed, so that flag still stands.",
        lambda kb: client(
            kb,
            age_years=58,
            sex="male",
            yes=["night-pain-persistent", "weight-loss-unexplained"],
            medical_assessment=assessed("persistent-night-pain"),
        ),
        "urgent_referral",
        "soon",
        findings={"persistent-night-pain": "lifted", "unexplained-weight-loss": "present"},
    ),
    # ================================================================ missing answers
    Vignette(
        "blood-thinner-question-blank",
        "Harold, 75, left the blood-thinner question blank. Its mild restrictions apply while "
        "the therapist asks; it does not block the session.",
        lambda kb: client(kb, age_years=75, sex="male", unknown=["anticoagulant"]),
        "cleared_with_restrictions",
        findings={"anticoagulant-or-bleeding-risk": "assumed"},
        restrictions=(R(T.NO_DEEP_PRESSURE), R(T.INTENSITY_CAP, cap=4)),
    ),
    Vignette(
        "diabetic-feet-not-asked",
        "Sunil, 64, type 2 diabetes; the numbness question was skipped. No deep pressure and "
        "no end range on both feet and lower legs until asked.",
        lambda kb: client(
            kb, age_years=64, sex="male", yes=["diabetes"], unknown=["reduced-sensation"]
        ),
        "cleared_with_restrictions",
        findings={"reduced-sensation": "assumed"},
        restrictions=(
            R(T.NO_DEEP_PRESSURE, region="ankle-foot", side="both"),
            R(T.NO_END_RANGE, region="lower-leg", side="both"),
        ),
    ),
    Vignette(
        "red-flag-beats-missing-answers",
        "Ana with new pain down both legs left half of the other questions blank: the urgent "
        "referral stands above 'incomplete'.",
        lambda kb: client(
            kb,
            age_years=41,
            yes=["bilateral-leg-pain"],
            unknown=["night-pain-persistent", "contagious-skin-condition", "acute-injury"],
        ),
        "urgent_referral",
        "same_day",
        findings={"new-bilateral-sciatica": "present"},
    ),
    Vignette(
        "refer-beats-missing-answers",
        "Frank with a reading of 210/100 and the fracture question blank: referral is above "
        "'incomplete'.",
        lambda kb: client(
            kb, age_years=59, sex="male", blood_pressure=bp(210, 100), unknown=["recent-fracture"]
        ),
        "refer_before_stretching",
        findings={"uncontrolled-blood-pressure": "present", "recent-fracture": "unknown"},
    ),
    # ================================================================ everyday precautions
    Vignette(
        "two-falls-at-80",
        "Ruby, 80, has fallen twice this year and walks with a stick.",
        lambda kb: client(kb, age_years=80, yes=["falls-past-year", "unsteady-on-feet"]),
        "cleared_with_restrictions",
        findings={"falls-or-dizziness-on-rising": "present"},
        restrictions=(R(T.SUPPORTED_POSITIONS_ONLY),),
    ),
    Vignette(
        "stable-sciatica",
        "Phil, 45, left sciatica to the calf for four months, stable; no weakness.",
        lambda kb: client(
            kb,
            age_years=45,
            sex="male",
            yes=["radiating-limb-symptoms"],
            pain={"regions": ["lumbar-spine", "calf"], "radiates_into_limb": "yes"},
        ),
        "cleared_with_restrictions",
        findings={"radiating-limb-symptoms": "present"},
        restrictions=(
            R(T.FORBIDDEN_MOVEMENT, movement="sustained-sciatic-neural-tension"),
            R(T.FORBIDDEN_MOVEMENT, movement="sustained-femoral-neural-tension"),
        ),
        no_letters=True,
    ),
    # ================================================================ therapist restrictions
    Vignette(
        "therapist-adds-a-cap",
        "Tom, the fine desk worker, tends to push too hard; the therapist caps his stretch "
        "intensity at 5.",
        lambda kb: client(kb, age_years=34, sex="male", added=[added(T.INTENSITY_CAP, cap=5)]),
        "cleared_with_restrictions",
        restrictions=(R(T.INTENSITY_CAP, cap=5, source="therapist"),),
    ),
    Vignette(
        "therapist-restriction-cannot-loosen",
        "Nadia (pulmonary embolism, no clearance yet): a therapist's added restriction never "
        "makes the decision less restrictive.",
        lambda kb: client(
            kb,
            age_years=49,
            yes=["pulmonary-embolism-diagnosed", "anticoagulant"],
            dates=dates(pulmonary_embolism=weeks_before(13)),
            added=[added(T.NO_DEEP_PRESSURE)],
        ),
        "refer_before_stretching",
        restrictions=(R(T.NO_DEEP_PRESSURE, source="therapist"),),
    ),
    # ================================================================ documents in time
    Vignette(
        "document-dated-after-the-screen",
        "A clearance letter dated next week does not count today.",
        lambda kb: client(
            kb,
            age_years=49,
            date=INTAKE_DAY,
            yes=["pulmonary-embolism-diagnosed"],
            dates=dates(pulmonary_embolism=weeks_before(13)),
            documents=[
                document(["recent-pulmonary-embolism"], role="specialist", date=days_after(7))
            ],
        ),
        "refer_before_stretching",
        findings={"recent-pulmonary-embolism": "present"},
    ),
    Vignette(
        "surgeon-precaution-reaches-its-end",
        "June's surgeon limited hip flexion to 70 degrees until twelve weeks. At thirteen weeks "
        "that precaution has ended: it becomes review due and still applies until a therapist "
        "confirms (invariant 2); it does not silently disappear.",
        lambda kb: client(
            kb,
            age_years=67,
            joint_replacements=[hip("left", OP, "posterior")],
            documents=[
                document(
                    ["recent-surgery", HIP_SRC],
                    side="left",
                    precautions=[
                        precaution(
                            T.FORBIDDEN_MOVEMENT,
                            movement="hip-flexion",
                            limit_deg=70,
                            side="left",
                            until=window_end(OP, 12),
                        )
                    ],
                )
            ],
        ),
        "cleared_with_restrictions",
        on=OP + dt.timedelta(weeks=13),
        restrictions=(
            R(
                T.FORBIDDEN_MOVEMENT,
                movement="hip-flexion",
                limit_deg=70,
                side="left",
                status="review_due",
                ends_on=window_end(OP, 12),
            ),
        ),
    ),
    Vignette(
        "therapist-restriction-reaches-its-end",
        "Ben's therapist banned deep pressure on his calf for two weeks. After the two weeks it "
        "is review due, not silently gone (invariant 2 applies to every time-limited "
        "restriction).",
        lambda kb: client(
            kb,
            age_years=27,
            sex="male",
            added=[
                added(
                    T.NO_DEEP_PRESSURE,
                    region="calf",
                    side="left",
                    until=days_after(13),
                )
            ],
        ),
        "cleared_with_restrictions",
        on=days_after(20),
        restrictions=(
            R(T.NO_DEEP_PRESSURE, region="calf", source="therapist", status="review_due"),
        ),
    ),
]


@pytest.mark.parametrize("v", VIGNETTES, ids=lambda v: v.name)
def test_vignette(kb: KnowledgeBase, v: Vignette) -> None:
    doc = v.build(kb)
    found = problems(doc, kb)
    if v.problems:
        for words in v.problems:
            assert any(words in p for p in found), found
    else:
        assert found == []
    c = screen(doc, v.on, kb)
    why = f"{v.story}\n{describe(c)}"

    assert c.decision == v.decision, why
    assert c.urgency == v.urgency, why
    for fid, status in v.findings.items():
        assert status in {f.status for f in findings(c, fid)}, f"{fid} should be {status}\n{why}"
    for fid in v.absent:
        assert not [f for f in findings(c, fid) if f.status in ACTIVE], f"{fid} present\n{why}"
    for pattern in v.restrictions:
        assert has(c, pattern), f"missing {pattern}\n{why}"
    for pattern in v.not_restrictions:
        assert not has(c, pattern), f"unexpected {pattern}\n{why}"
    for fid in v.letters:
        assert fid in c.letters, f"no letter for {fid}\n{why}"
    if v.no_letters:
        assert c.letters == [], why
    assert set(v.blocking) <= blocking(c), c.questions
    if v.first_instruction:
        assert c.what_to_do_now, why
        assert v.first_instruction in c.what_to_do_now[0], c.what_to_do_now
    _assert_coherent(c)


def _assert_coherent(c: Clearance) -> None:
    """What every clearance must satisfy, whatever the client (DESIGN.md invariants)."""
    for f in c.findings:
        assert f.rule, f.id
        assert f.references, f.id
        assert f.explanation_therapist, f.id
        assert f.explanation_client, f.id
    if c.decision == "urgent_referral":
        assert c.urgency in ("soon", "same_day", "emergency")
        assert c.what_to_do_now, "an urgent referral says what to do now"
        assert c.letters, "a letter follows every referral"
    else:
        assert c.urgency is None
    if c.decision == "refer_before_stretching":
        assert c.letters, "a letter follows every referral"
    if c.decision == "incomplete":
        assert any(q.blocking for q in c.questions), "incomplete says what to ask"
    if c.decision == "cleared":
        assert [r for r in c.restrictions if r.status == "in_force"] == []
    assert c.allows_physical_work == (c.decision in ("cleared", "cleared_with_restrictions"))
    red_flags = [
        f for f in c.findings if f.klass == "red_flag" and f.status in ("present", "review_due")
    ]
    if red_flags:
        assert c.decision == "urgent_referral", "a red flag is never cleared"


def test_there_are_at_least_forty_vignettes() -> None:
    assert len(VIGNETTES) >= 40
    assert len({v.name for v in VIGNETTES}) == len(VIGNETTES)


def test_every_red_flag_has_a_vignette_or_a_rule_case(kb: KnowledgeBase) -> None:
    """Each red flag appears in the vignettes or in the unit cases with and without it."""
    from stretchwise.screening.tests.test_rules import CASES

    for fid, spec in kb.contraindications.items():
        if spec.klass.value != "red_flag":
            continue
        kinds = {case.expect for case in CASES if case.finding == fid}
        assert {"present", "absent"} <= kinds, fid


def test_a_red_flag_answered_only_at_check_in_still_refers(kb: KnowledgeBase) -> None:
    """The intake had no red flag; the same client is screened again with one answered yes."""
    before = screen(client(kb, age_years=50), INTAKE_DAY, kb)
    after = screen(
        client(kb, age_years=50, date=days_after(14), yes=["stroke-symptoms-now"]),
        days_after(14),
        kb,
    )
    assert before.decision == "cleared"
    assert after.decision == "urgent_referral"
    assert after.urgency == "emergency"
    assert "stroke-symptoms-now" in after.letters
    assert "stroke-symptoms-now" in {f.id for f in after.findings}
    assert asked(after) == set()
