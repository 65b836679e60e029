from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from signals.models import SignalStatus
from signals.workflow import TRANSITIONS, TransitionRefused, allowed_targets, check_transition

S = SignalStatus


def test_every_status_can_be_left_and_closed_can_be_reopened():
    for status in S.values:
        assert allowed_targets(status), status
    assert S.IN_PROGRESS in allowed_targets(S.CLOSED)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (S.NEW, S.NEW),
        (S.CLOSED, S.ANSWERED),
        (S.CLOSED, S.LINKED),
        (S.ANSWERED, S.LINKED),
        (S.IN_PROGRESS, S.NEW),
    ],
)
def test_refused_moves_say_why(current, target):
    with pytest.raises(TransitionRefused, match="kan niet"):
        check_transition(current, target, reason="omdat")


def test_closing_and_reopening_need_a_reason():
    with pytest.raises(TransitionRefused, match="toelichting"):
        check_transition(S.IN_PROGRESS, S.CLOSED, reason="  ")
    with pytest.raises(TransitionRefused, match="toelichting"):
        check_transition(S.CLOSED, S.IN_PROGRESS, reason="")
    check_transition(S.CLOSED, S.IN_PROGRESS, reason="Nieuwe informatie")


def test_linking_needs_a_dossier():
    with pytest.raises(TransitionRefused, match="dossier"):
        check_transition(S.IN_PROGRESS, S.LINKED, reason="", linked_to="")
    check_transition(S.IN_PROGRESS, S.LINKED, reason="", linked_to="Dossier WW-brieven")


@given(
    current=st.sampled_from(S.values),
    target=st.sampled_from(S.values),
    reason=st.text(max_size=5),
    linked=st.text(max_size=5),
)
def test_check_transition_agrees_with_the_table(current, target, reason, linked):
    needs = TRANSITIONS[current].get(target)
    allowed = (
        needs is not None
        and (not needs or reason.strip() != "")
        and (target != S.LINKED or linked.strip() != "")
    )
    try:
        check_transition(current, target, reason, linked)
    except TransitionRefused:
        assert not allowed
    else:
        assert allowed
