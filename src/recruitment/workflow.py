"""Which status change of an application is allowed, and what each one needs."""

from __future__ import annotations

from .models import ApplicationStatus as S

# from → the statuses it may go to. Accepted, rejected and withdrawn are final.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.NEW: (S.INTERVIEW, S.REJECTED, S.WITHDRAWN),
    S.INTERVIEW: (S.INTERVIEW, S.ACCEPTED, S.REJECTED, S.WITHDRAWN),  # INTERVIEW: rescheduled
    S.ACCEPTED: (),
    S.REJECTED: (),
    S.WITHDRAWN: (),
}
FINAL = frozenset({S.ACCEPTED, S.REJECTED, S.WITHDRAWN})
# Needs a date and time for the interview.
NEEDS_INTERVIEW_AT = frozenset({S.INTERVIEW})
# Needs the role the new member gets (aspirant or member).
NEEDS_ROLE = frozenset({S.ACCEPTED})


def allowed_transitions(status: str) -> tuple[str, ...]:
    return TRANSITIONS.get(status, ())


def can_transition(from_status: str, to_status: str) -> bool:
    return to_status in allowed_transitions(from_status)
