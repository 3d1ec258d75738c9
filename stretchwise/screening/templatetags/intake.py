"""Form pieces of the intake: accessible inputs with their error linked by aria-describedby."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from stretchwise.screening.bodymap import SHAPES

register = template.Library()

# Front view at x 0-120, back view at x 120-240: head, trunk, arms, legs.
SILHOUETTE = mark_safe(
    "".join(
        f'<circle cx="{60 + dx}" cy="22" r="14"/>'
        f'<rect x="{40 + dx}" y="40" width="40" height="66" rx="14"/>'
        f'<rect x="{22 + dx}" y="44" width="16" height="68" rx="7"/>'
        f'<rect x="{82 + dx}" y="44" width="16" height="68" rx="7"/>'
        f'<rect x="{41 + dx}" y="104" width="18" height="124" rx="8"/>'
        f'<rect x="{61 + dx}" y="104" width="18" height="124" rx="8"/>'
        for dx in (0, 120)
    )
)

SIDES = [
    ("", "Side…"),
    ("left", "Left"),
    ("right", "Right"),
    ("both", "Both"),
    ("unknown", "Not sure"),
]
YNU = [("yes", "Yes"), ("no", "No"), ("unknown", "Don't know")]
JOINTS = [("", "None"), ("hip", "Hip"), ("knee", "Knee")]
APPROACHES = [
    ("unknown", "Not known"),
    ("posterior", "Posterior / posterolateral"),
    ("anterior", "Anterior"),
    ("lateral", "Lateral / anterolateral"),
]
LIMBS = [("", "None"), ("leg", "Leg"), ("arm", "Arm"), ("unknown", "Not sure")]
TREATED = [("unknown", "Not sure"), ("yes", "Yes"), ("no", "No")]


def _error(name: str, errors: dict[str, str]) -> tuple[str, SafeString]:
    message = errors.get(name)
    if not message:
        return "", mark_safe("")
    return (
        f' aria-invalid="true" aria-describedby="{name}_error"',
        format_html('<p class="error" id="{}_error">{}</p>', name, message),
    )


@register.filter
def add_num(value: str, n: int) -> str:
    """'goal_' + 0 → 'goal_0'; 'Goal ' + 0 → 'Goal 1' for labels (label_offset handles +1)."""
    return f"{value}{n}"


@register.simple_tag
def field_input(
    name: str,
    label: str,
    kind: str,
    values: dict[str, Any],
    errors: dict[str, str],
    label_offset: int = 0,
    **attrs: Any,
) -> SafeString:
    if label_offset and label[-1:].isdigit():
        head, _, number = label.rpartition(" ")
        label = f"{head} {int(number) + label_offset}"
    value = values.get(name, "")
    value = "" if value is None else value
    aria, error = _error(name, errors)
    extra = format_html_join(" ", '{}="{}"', attrs.items())
    inputmode = ' inputmode="numeric"' if kind == "number" else ""
    return format_html(
        '<div class="field{}" id="f-{}"><label for="{}">{} <span class="optional">(optional)</span>'
        '</label><input type="{}" name="{}" id="{}" value="{}" {}{}{}>{}</div>',
        " has-error" if error else "",
        name,
        name,
        label,
        kind,
        name,
        name,
        value,
        extra,
        mark_safe(inputmode),
        mark_safe(aria),
        error,
    )


@register.simple_tag
def yes_no_unknown(
    name: str, question: str, values: dict[str, Any], errors: dict[str, str], help: str = ""
) -> SafeString:
    current = values.get(name) or ""
    aria, error = _error(name, errors)
    options = format_html_join(
        "",
        '<label class="choice"><input type="radio" name="{}" value="{}"{}> {}</label>',
        ((name, v, mark_safe(" checked") if current == v else "", label) for v, label in YNU),
    )
    hint = format_html('<p class="hint">{}</p>', help) if help else ""
    return format_html(
        '<div class="field ynu{}" id="f-{}"><fieldset{}><legend>{}</legend>{}'
        '<div class="ynu-options">{}</div>{}</fieldset></div>',
        " has-error" if error else "",
        name,
        mark_safe(aria),
        question,
        hint,
        options,
        error,
    )


def _field(name: str, label: str, control: SafeString, errors: dict[str, str]) -> SafeString:
    aria, error = _error(name, errors)
    return format_html(
        '<div class="field{}" id="f-{}"><label for="{}">{}</label>{}{}</div>',
        " has-error" if error else "",
        name,
        name,
        label,
        mark_safe(control.replace("ARIA", aria)),  # built below with format_html
        error,
    )


def _select(
    name: str, label: str, options: list[tuple[str, str]], current: str, errors: dict[str, str]
) -> SafeString:
    opts = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((v, mark_safe(" selected") if v == current else "", text) for v, text in options),
    )
    control = format_html('<select name="{}" id="{}"ARIA>{}</select>', name, name, opts)
    return _field(name, label, control, errors)


def _date(name: str, label: str, current: str, errors: dict[str, str]) -> SafeString:
    control = format_html(
        '<input type="date" name="{}" id="{}" value="{}"ARIA>', name, name, current or ""
    )
    return _field(name, label, control, errors)


@register.simple_tag
def replacement_row(n: int, values: dict[str, Any], errors: dict[str, str]) -> SafeString:
    p = f"replacement_{n}_"
    return format_html(
        '<div class="field-row subrow">{}{}{}{}</div>',
        _select(
            p + "joint", f"Replacement {n + 1}: joint", JOINTS, values.get(p + "joint", ""), errors
        ),
        _select(p + "side", "Side", SIDES, values.get(p + "side", ""), errors),
        _date(p + "date", "Date of the operation", values.get(p + "date", ""), errors),
        _select(
            p + "approach", "Approach (hip)", APPROACHES, values.get(p + "approach", ""), errors
        ),
    )


@register.simple_tag
def clot_row(n: int, values: dict[str, Any], errors: dict[str, str]) -> SafeString:
    p = f"clot_{n}_"
    return format_html(
        '<div class="field-row subrow">{}{}{}{}</div>',
        _select(p + "limb", f"Clot {n + 1}: where", LIMBS, values.get(p + "limb", ""), errors),
        _select(p + "side", "Side", SIDES, values.get(p + "side", ""), errors),
        _date(p + "date", "When was it diagnosed?", values.get(p + "date", ""), errors),
        _select(
            p + "treated",
            "Taking a blood thinner for it?",
            TREATED,
            values.get(p + "treated", ""),
            errors,
        ),
    )


@register.simple_tag
def site_row(
    kind: str, n: int, values: dict[str, Any], areas: list[Any], errors: dict[str, str]
) -> SafeString:
    p = f"site_{kind}_{n}_"
    options = [("", "Where…")] + [(a.id, a.name) for a in areas]
    return format_html(
        '<div class="field-row subrow">{}{}{}</div>',
        _select(p + "area", f"Place {n + 1}", options, values.get(p + "area", ""), errors),
        _select(p + "side", "Side", SIDES, values.get(p + "side", ""), errors),
        _date(p + "date", "Date (if it has one)", values.get(p + "date", ""), errors),
    )


@register.simple_tag
def body_map(selected: list[str] | None) -> SafeString:
    chosen = set(selected or [])
    shapes = []
    for area, parts in SHAPES.items():
        cls = "area on" if area in chosen else "area"
        for kind, a, b, c, d in parts:
            if kind == "rect":
                shape = (
                    '<rect class="{}" data-area="{}" x="{}" y="{}" width="{}" height="{}" rx="4"/>'
                )
            else:
                shape = '<ellipse class="{}" data-area="{}" cx="{}" cy="{}" rx="{}" ry="{}"/>'
            shapes.append(format_html(shape, cls, area, a, b, c, d))
    return format_html(
        '<svg class="bodymap" viewBox="0 0 240 240" width="240" height="240" aria-hidden="true">'
        '<g class="silhouette">{}</g>{}'
        '<text x="60" y="238" text-anchor="middle">Front</text>'
        '<text x="180" y="238" text-anchor="middle">Back</text></svg>',
        SILHOUETTE,
        mark_safe("".join(shapes)),
    )


def _side_text(side: str) -> str:
    return "" if side == "both" else f", {side} side"


@register.filter
def restriction_text(r: Any) -> str:
    """A restriction in a therapist's words, for banners, pages and letters."""
    from stretchwise.library.knowledge import knowledge_base

    kb = knowledge_base()
    side = _side_text(r.side)
    where = ""
    if r.region:
        area = kb.body_areas.get(r.region) or kb.regions.get(r.region)
        where = area.name.lower() if area else r.region
    kind = r.type.value if hasattr(r.type, "value") else str(r.type)
    if kind == "forbidden_movement":
        m = kb.movements.get(r.movement or "")
        name = m.name.lower() if m else str(r.movement)
        text = f"no {name} beyond {r.limit_deg:g}°" if r.limit_deg is not None else f"no {name}"
    elif kind == "excluded_region":
        text = f"leave out the {where}" if where else "no stretching anywhere until recorded"
    elif kind == "excluded_technique":
        t = kb.techniques.get(r.technique or "")
        text = f"no {t.name.lower() if t else r.technique}"
    elif kind == "intensity_cap":
        text = f"stretch intensity at most {r.cap:g}/10"
    elif kind == "no_deep_pressure":
        text = f"no deep pressure on the {where}" if where else "no deep pressure"
    elif kind == "max_minutes_in_position":
        p = kb.positions.get(r.position or "")
        text = f"at most {r.minutes:g} min {p.name.lower() if p else r.position}"
    elif kind == "no_breath_holding":
        text = "no breath-holding or hard contractions"
    elif kind == "supported_positions_only":
        text = "supported positions only"
    else:
        text = f"no end range{' at the ' + where if where else ''}"
    text = text[0].upper() + text[1:] + side
    if getattr(r, "status", "") == "review_due":
        text += " (review due)"
    elif getattr(r, "ends_on", None):
        text += f" (until {r.ends_on:%d %b %Y})"
    return text


STATUS = {
    "present": "Applies",
    "assumed": "Assumed until asked",
    "review_due": "Review due",
    "cleared_by_document": "Cleared by document",
    "lifted": "Lifted",
    "unknown": "Not yet asked",
}


@register.filter
def status_text(status: str) -> str:
    return STATUS.get(status, status)
