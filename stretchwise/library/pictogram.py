"""Pictograms: a stick figure drawn as SVG from a stretch's `pose`.

Pure: takes a `Pose` (and a title) and returns SVG text. The figure is built in body coordinates
(y up), each limb from its root joint angle and its bend, then placed on its support (a table,
a chair, the floor) and flipped into SVG coordinates. The same drawing serves the library page,
the home-programme handout and its PDF.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from stretchwise.library.schema import Limb, Pose

Point = tuple[float, float]

# Segment lengths in drawing units (roughly adult proportions).
TRUNK = 52.0
NECK = 7.0
HEAD_R = 9.0
UPPER_ARM = 28.0
FOREARM = 25.0
THIGH = 42.0
SHANK = 40.0
FOOT = 11.0
SHOULDER_HALF = 12.0  # front view only
HIP_HALF = 8.0

INK = "#1f2937"
FAR_INK = "#9ca3af"
ACCENT = "#c2410c"
PROP = "#cbd5e1"
PROP_EDGE = "#64748b"
ARROW = "#1d4ed8"

LYING = {"supine", "prone", "side-lying"}

# Default limbs per base: (arm, leg) for the near side and (arm, leg) for the far side.
DEFAULTS: dict[str, tuple[Limb, Limb, Limb, Limb]] = {
    "standing": (Limb(a=0, b=10), Limb(a=0), Limb(a=0, b=10), Limb(a=0)),
    "seated": (Limb(a=20, b=70), Limb(a=90, b=90), Limb(a=20, b=70), Limb(a=90, b=90)),
    "long-sitting": (Limb(a=30), Limb(a=90), Limb(a=30), Limb(a=90)),
    "kneeling": (Limb(a=0, b=10), Limb(a=0, b=90), Limb(a=0, b=10), Limb(a=0, b=90)),
    "half-kneeling": (Limb(a=0, b=10), Limb(a=-10, b=90), Limb(a=0, b=10), Limb(a=90, b=90)),
    "all-fours": (Limb(a=90), Limb(a=90, b=90), Limb(a=90), Limb(a=90, b=90)),
    "supine": (Limb(a=0), Limb(a=0), Limb(a=0), Limb(a=0)),
    "prone": (Limb(a=0), Limb(a=0), Limb(a=0), Limb(a=0)),
    "side-lying": (Limb(a=0), Limb(a=0), Limb(a=0), Limb(a=0)),
}


def _rot(v: Point, degrees: float) -> Point:
    r = math.radians(degrees)
    c, s = math.cos(r), math.sin(r)
    return (v[0] * c - v[1] * s, v[0] * s + v[1] * c)


def _add(p: Point, v: Point, length: float) -> Point:
    return (p[0] + v[0] * length, p[1] + v[1] * length)


@dataclass(frozen=True)
class Figure:
    """Joint positions in body coordinates (y up)."""

    points: dict[str, Point]
    segments: list[tuple[str, str, str]]  # (from, to, part name)
    base: str


def _frame(pose: Pose) -> tuple[Point, Point]:
    """Trunk direction (hip → shoulder) and the direction the front of the body faces."""
    if pose.view == "front":
        t: Point = (-1.0, 0.0) if pose.base in LYING else (0.0, 1.0)
        f: Point = (0.0, 1.0) if pose.base in LYING else (1.0, 0.0)
        return _rot(t, -pose.lean), f
    if pose.base in ("supine", "side-lying"):
        t, f = (-1.0, 0.0), (0.0, 1.0)
    elif pose.base in ("prone", "all-fours"):
        t, f = (-1.0, 0.0), (0.0, -1.0)
    else:
        t, f = (0.0, 1.0), (1.0, 0.0)
    sense = _sense(t, f)
    return _rot(t, -sense * pose.lean), _rot(f, -sense * pose.lean)


def _sense(t: Point, f: Point) -> float:
    """+1 when turning from 'along the legs' (-t) towards the front (f) is anticlockwise."""
    down = (-t[0], -t[1])
    return 1.0 if down[0] * f[1] - down[1] * f[0] >= 0 else -1.0


def build(pose: Pose) -> Figure:
    t, f = _frame(pose)
    near_arm, near_leg, far_arm, far_leg = DEFAULTS[pose.base]
    limbs = {
        "near-arm": pose.near_arm or near_arm,
        "far-arm": pose.far_arm or far_arm,
        "near-leg": pose.near_leg or near_leg,
        "far-leg": pose.far_leg or far_leg,
    }
    pts: dict[str, Point] = {}
    segments: list[tuple[str, str, str]] = []
    pelvis: Point = (0.0, 0.0)
    chest = _add(pelvis, t, TRUNK)
    pts["pelvis"], pts["chest"] = pelvis, chest
    segments.append(("pelvis", "chest", "trunk"))
    down = (-t[0], -t[1])
    if pose.view == "front":
        side = (t[1], -t[0])  # to the figure's near side
        sense = 1.0
        neck_dir = _rot(t, -pose.neck)
    else:
        side = (0.0, 0.0)
        sense = _sense(t, f)
        neck_dir = _rot(t, -sense * pose.neck)
    neck_top = _add(chest, neck_dir, NECK)
    pts["neck"] = neck_top
    pts["head"] = _add(neck_top, neck_dir, HEAD_R)
    segments.append(("chest", "neck", "neck"))
    for which, sign in (("far", -1.0), ("near", 1.0)):
        for kind in ("arm", "leg"):
            limb = limbs[f"{which}-{kind}"]
            given = getattr(pose, f"{which}_{kind}") is not None
            a = limb.a
            if kind == "leg" and not given and pose.base not in LYING:
                # A leg the pose does not mention stays where the base puts it, whatever the lean.
                a += pose.lean * (sign if pose.view == "front" else 1.0)
            root_at = chest if kind == "arm" else pelvis
            offset = SHOULDER_HALF if kind == "arm" else HIP_HALF
            root = _add(root_at, side, sign * offset)
            if pose.view == "front":
                upper_dir = _rot(down, sign * a)
                lower_dir = _rot(upper_dir, sign * (limb.b if kind == "arm" else -limb.b))
            else:
                upper_dir = _rot(down, sense * a)
                bend = limb.b if kind == "arm" else -limb.b
                lower_dir = _rot(upper_dir, sense * bend)
            first, second = (UPPER_ARM, FOREARM) if kind == "arm" else (THIGH, SHANK)
            joint = _add(root, upper_dir, first)
            end = _add(joint, lower_dir, second)
            names = ("shoulder", "elbow", "hand") if kind == "arm" else ("hip", "knee", "foot")
            pts[f"{which}-{names[0]}"] = root
            pts[f"{which}-{names[1]}"] = joint
            pts[f"{which}-{names[2]}"] = end
            upper_part = "upper-arm" if kind == "arm" else "thigh"
            lower_part = "forearm" if kind == "arm" else "shank"
            if pose.view == "front" and root != root_at:
                segments.append(
                    (f"{'chest' if kind == 'arm' else 'pelvis'}", f"{which}-{names[0]}", "trunk")
                )
            segments.append((f"{which}-{names[0]}", f"{which}-{names[1]}", f"{which}-{upper_part}"))
            segments.append((f"{which}-{names[1]}", f"{which}-{names[2]}", f"{which}-{lower_part}"))
            if kind == "leg" and pose.view == "side":
                toes = _add(end, _rot(lower_dir, sense * 90), FOOT)
                pts[f"{which}-toes"] = toes
                segments.append((f"{which}-foot", f"{which}-toes", f"{which}-shank"))
    return Figure(points=pts, segments=segments, base=pose.base)


def _is_stretched(part: str, stretched: list[str]) -> bool:
    for name in stretched:
        if part == name:
            return True
        if name.endswith("-leg") and part in (f"{name[:-4]}-thigh", f"{name[:-4]}-shank"):
            return True
        if name.endswith("-arm") and part in (f"{name[:-4]}-upper-arm", f"{name[:-4]}-forearm"):
            return True
    return False


def _surface(fig: Figure, pose: Pose) -> float:
    """The height the figure rests on, in body coordinates."""
    ys = [p[1] for name, p in fig.points.items() if name != "head"]
    if pose.base in ("supine", "prone") and pose.view == "side":
        return min(fig.points["pelvis"][1], fig.points["chest"][1]) - 5
    if pose.base == "seated":
        return fig.points["pelvis"][1] - 5
    if pose.base == "long-sitting":
        return fig.points["pelvis"][1] - 5
    return min(ys) - 4


def render(pose: Pose, title: str) -> str:
    """The pictogram as a standalone SVG document (accessible: role img with a title)."""
    fig = build(pose)
    pts = fig.points
    surface = _surface(fig, pose)
    xs = [p[0] for p in pts.values()]
    ys = [p[1] for p in pts.values()] + [pts["head"][1] + HEAD_R, surface - 24]
    left, right = min(xs) - 24.0, max(xs) + 24.0
    top, bottom = max(ys) + 18.0, min(ys) - 6.0
    shapes: list[str] = []

    def xy(p: Point) -> str:
        return f"{p[0]:.1f},{-p[1]:.1f}"

    def rect(x0: float, y0: float, x1: float, y1: float, rx: float = 2) -> str:
        x, y = min(x0, x1), -max(y0, y1)
        w, h = abs(x1 - x0), abs(y1 - y0)
        return (
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="{rx}" '
            f'fill="{PROP}" stroke="{PROP_EDGE}" stroke-width="1.5"/>'
        )

    floor_left, floor_right = min(xs) - 16, max(xs) + 16
    props = set(pose.props)
    lying = pose.base in LYING
    if pose.base == "side-lying" or (lying and pose.view == "front"):
        # Seen from above: the table is a rectangle behind the figure.
        if "table" in props or lying:
            shapes.append(rect(floor_left, min(ys) - 2, floor_right, max(ys) - 4, rx=6))
    elif "table" in props and lying:
        shapes.append(rect(floor_left, surface, floor_right, surface - 10))
        for x in (floor_left + 8, floor_right - 12):
            shapes.append(rect(x, surface - 10, x + 4, surface - 24, rx=1))
    seat_top = surface
    if pose.base == "seated" or "chair" in props or ("table" in props and not lying):
        hip = pts["pelvis"]
        back = -1.0 if pose.view == "side" else 0.0
        ground = min(p[1] for p in pts.values()) - 2
        shapes.append(rect(hip[0] - 16, seat_top, hip[0] + 18, seat_top - 6))
        shapes.append(rect(hip[0] - 14, seat_top - 6, hip[0] - 10, ground, rx=1))
        shapes.append(rect(hip[0] + 12, seat_top - 6, hip[0] + 16, ground, rx=1))
        if "chair" in props and pose.view == "side":
            bx = hip[0] + back * 16
            shapes.append(rect(bx - 2, seat_top, bx + 2, seat_top + 36, rx=1))
        bottom = min(bottom, ground - 4)
    if not lying:
        ground = min(p[1] for p in pts.values()) - 2
        shapes.append(
            f'<line x1="{floor_left:.1f}" y1="{-ground:.1f}" x2="{floor_right:.1f}" '
            f'y2="{-ground:.1f}" stroke="{PROP_EDGE}" stroke-width="2"/>'
        )
    if "wall" in props:
        wx = max(xs) + 6
        shapes.append(rect(wx, top - 4, wx + 6, bottom + 2, rx=0))
        right = max(right, wx + 12)
    if "step" in props:
        foot = pts.get("near-foot", (0.0, 0.0))
        shapes.append(rect(foot[0] - 6, foot[1] - 2, foot[0] + 22, foot[1] - 14, rx=1))
    for soft, at in (("bolster", "near-knee"), ("towel", "neck"), ("cushion", "head")):
        if soft in props:
            p = pts[at]
            dy = -HEAD_R - 3 if at == "head" else -6
            shapes.append(
                f'<ellipse cx="{p[0]:.1f}" cy="{-(p[1] + dy):.1f}" rx="11" ry="5" '
                f'fill="{PROP}" stroke="{PROP_EDGE}" stroke-width="1.5"/>'
            )
    if "strap" in props and "near-foot" in pts:
        hand = pts["near-hand"]
        foot = pts.get("near-toes", pts["near-foot"])
        shapes.append(
            f'<line x1="{xy(hand).split(",")[0]}" y1="{xy(hand).split(",")[1]}" '
            f'x2="{xy(foot).split(",")[0]}" y2="{xy(foot).split(",")[1]}" '
            f'stroke="{ARROW}" stroke-width="2.5" stroke-dasharray="5 3"/>'
        )

    # Far limbs first, in grey, so the near ones sit on top.
    ordered = sorted(fig.segments, key=lambda s: 0 if s[2].startswith("far-") else 1)
    for start, end, part in ordered:
        colour = ACCENT if _is_stretched(part, list(pose.stretched)) else INK
        if part.startswith("far-") and colour == INK:
            colour = FAR_INK
        stroke = 10 if part == "trunk" else 7
        a, b = pts[start], pts[end]
        shapes.append(
            f'<line x1="{a[0]:.1f}" y1="{-a[1]:.1f}" x2="{b[0]:.1f}" y2="{-b[1]:.1f}" '
            f'stroke="{colour}" stroke-width="{stroke}" stroke-linecap="round"/>'
        )
    head = pts["head"]
    head_colour = ACCENT if "neck" in pose.stretched else INK
    shapes.append(
        f'<circle cx="{head[0]:.1f}" cy="{-head[1]:.1f}" r="{HEAD_R}" fill="{head_colour}"/>'
    )
    for push in pose.push:
        p = pts.get(_POINTS[push.at], pts["pelvis"])
        d = _rot((1.0, 0.0), push.towards)
        tail, tip = _add(p, d, 6), _add(p, d, 28)
        shapes.append(_arrow(tail, tip))
        right, left = max(right, tip[0] + 8), min(left, tip[0] - 8)
        top, bottom = max(top, tip[1] + 8), min(bottom, tip[1] - 8)
    width, height = right - left, top - bottom
    label = escape(title)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{left:.1f} {-top:.1f} '
        f'{width:.1f} {height:.1f}" role="img" aria-label="{label}" class="pictogram">'
        f"<title>{label}</title>" + "".join(shapes) + "</svg>"
    )


_POINTS = {
    "head": "head",
    "near-hand": "near-hand",
    "far-hand": "far-hand",
    "near-elbow": "near-elbow",
    "far-elbow": "far-elbow",
    "near-shoulder": "near-shoulder",
    "near-hip": "near-hip",
    "near-knee": "near-knee",
    "far-knee": "far-knee",
    "near-foot": "near-foot",
    "far-foot": "far-foot",
    "chest": "chest",
    "pelvis": "pelvis",
}


def _arrow(start: Point, end: Point) -> str:
    dx, dy = end[0] - start[0], end[1] - start[1]
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    left = (end[0] - ux * 8 - uy * 5, end[1] - uy * 8 + ux * 5)
    right = (end[0] - ux * 8 + uy * 5, end[1] - uy * 8 - ux * 5)
    return (
        f'<line x1="{start[0]:.1f}" y1="{-start[1]:.1f}" x2="{end[0]:.1f}" y2="{-end[1]:.1f}" '
        f'stroke="{ARROW}" stroke-width="3" stroke-linecap="round"/>'
        f'<polygon points="{end[0]:.1f},{-end[1]:.1f} {left[0]:.1f},{-left[1]:.1f} '
        f'{right[0]:.1f},{-right[1]:.1f}" fill="{ARROW}"/>'
    )
