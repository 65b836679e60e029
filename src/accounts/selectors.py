"""Reads about people: the topics a member wants to be asked about ("Vraag mij over")."""

from __future__ import annotations

from common import taxonomy

from .models import MemberTopic

TOPIC_AXES = ("regeling", "onderwerp")


def topic_label(code: str) -> str:
    """'onderwerp:brieven' → the name of that theme in the current language."""
    axis, _, value = code.partition(":")
    if axis not in TOPIC_AXES:
        return code
    return taxonomy.label_name(axis, value)


def topic_choices() -> list[tuple[str, str]]:
    """Every topic a member can choose, schemes first, as (code, name)."""
    return [
        (f"{axis}:{code}", name) for axis in TOPIC_AXES for code, name in taxonomy.choices(axis)
    ]


def user_topic_codes(user) -> list[str]:
    return list(MemberTopic.objects.filter(user=user).values_list("code", flat=True))
