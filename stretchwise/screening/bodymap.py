"""Our own body-map drawing: each body-map area of the knowledge base as shapes on a front and a
back view (x 0-120 front, 120-240 back), so a client can tap where it hurts."""

from __future__ import annotations

Shape = tuple[str, float, float, float, float]


def _four(kind: str, x: float, y: float, w: float, h: float) -> list[Shape]:
    """Both limbs on the front view (x, x + 60) and on the back view (x + 120, x + 180)."""
    return [(kind, x + dx, y, w, h) for dx in (0, 60, 120, 180)]


# area id → shapes: ("rect", x, y, w, h) or ("ellipse", cx, cy, rx, ry)
SHAPES: dict[str, list[Shape]] = {
    "neck": [("rect", 53, 34, 14, 8), ("rect", 173, 34, 14, 8)],
    "shoulder": [
        ("ellipse", 40, 50, 9, 8), ("ellipse", 80, 50, 9, 8),
        ("ellipse", 160, 50, 9, 8), ("ellipse", 200, 50, 9, 8),
    ],
    "chest": [("rect", 46, 46, 28, 20)],
    "thoracic-spine": [("rect", 172, 44, 16, 28)],
    "abdomen": [("rect", 48, 70, 24, 22)],
    "lumbar-spine": [("rect", 170, 76, 20, 20)],
    "pelvis": [("rect", 46, 94, 28, 10)],
    "upper-arm": _four("rect", 24, 56, 12, 22),
    "elbow": _four("ellipse", 30, 80, 7, 5),
    "forearm": _four("rect", 24, 85, 12, 14),
    "wrist-hand": _four("rect", 24, 100, 12, 10),
    "hip": [("ellipse", 42, 106, 6, 8), ("ellipse", 78, 106, 6, 8)],
    "groin": [("rect", 55, 104, 10, 10)],
    "buttock": [("rect", 162, 98, 36, 20)],
    "thigh-front": [("rect", 43, 116, 14, 44), ("rect", 63, 116, 14, 44)],
    "thigh-back": [("rect", 163, 120, 14, 44), ("rect", 183, 120, 14, 44)],
    "knee": [("ellipse", 50, 168, 8, 7), ("ellipse", 70, 168, 8, 7)],
    "lower-leg": [("rect", 43, 177, 14, 36), ("rect", 63, 177, 14, 36)],
    "calf": [("rect", 163, 172, 14, 40), ("rect", 183, 172, 14, 40)],
    "ankle-foot": [
        ("rect", 41, 215, 18, 12), ("rect", 61, 215, 18, 12),
        ("rect", 161, 215, 18, 12), ("rect", 181, 215, 18, 12),
    ],
}  # fmt: skip
