"""What a client is told at once when an answer needs a doctor, by urgency (DESIGN.md: the screen
says what to do now in plain words; a letter is a follow-up, never the only action)."""

from __future__ import annotations

INSTRUCTIONS = {
    "emergency": (
        "Please stop filling in this form and get medical help now: go to a hospital emergency "
        "department today, straight away, or call the emergency number if you cannot get there "
        "safely. Do not drive yourself if a leg or an arm is weak or numb. Your clinic has been "
        "told, and no stretching will happen until a doctor has seen you."
    ),
    "same_day": (
        "Please contact your doctor today, or an urgent care service if your doctor cannot see you "
        "today. Your clinic has been told, and no stretching will happen until a doctor has seen "
        "you. If it gets worse quickly, call the emergency number."
    ),
    "soon": (
        "Please make an appointment with your doctor in the next few days and tell them what you "
        "told us. Your clinic will be in touch, and no stretching will happen until a doctor has "
        "seen you."
    ),
}


def client_instruction(urgency: str | None) -> str:
    return INSTRUCTIONS.get(urgency or "soon", INSTRUCTIONS["soon"])
