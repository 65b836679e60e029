"""Demo signals: a year of fictional client signals over all councils, with a rising theme last
month, a few grouped and a few waiting for a theme. Idempotent (does nothing if signals exist)."""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from councils.models import Council, PostcodeRange

from .models import Signal, SignalStatus
from .services import signal_group, signal_submit, signal_transition

COUNT = 300
# Short, vague texts: the model is unsure, so these wait for a member to set the theme.
VAGUE = [
    "Slecht geregeld allemaal.",
    "Waarom duurt alles zo lang??",
    "ik ben het er niet mee eens",
    "Kan iemand mij helpen, ik weet het niet meer.",
    "Het klopt gewoon niet wat ze zeggen.",
    "Niemand weet waar ik aan toe ben.",
]


@transaction.atomic
def load(stdout=None) -> dict:
    if Signal.objects.exists():
        return {"signals": Signal.objects.count()}
    from .classification.model import load_seed_examples

    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    examples = load_seed_examples()
    ranges = list(PostcodeRange.objects.all())
    secretary_by_council = {}
    from councils.models import Membership

    for membership in Membership.objects.filter(role=Membership.Role.SECRETARY):
        secretary_by_council.setdefault(membership.council_id, membership.user)
    now = timezone.now()
    last_month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=5)
    created = []
    for index in range(COUNT):
        example = rng.choice(examples)
        rising = index < 40
        if rising:  # payment problems pile up last month
            example = rng.choice([e for e in examples if e["onderwerp"] == "betaling"])
            received = timezone.make_aware(
                datetime.datetime.combine(last_month, datetime.time(9 + index % 8))
            )
        else:
            received = now - datetime.timedelta(days=rng.randint(1, 420), hours=rng.randint(0, 9))
        postcode = ""
        if ranges and rng.random() < 0.8:
            area = rng.choice(ranges)
            postcode = f"{rng.randint(area.start, area.end)} AB"
        labelled = rng.random() < 0.8
        signal = signal_submit(
            text=example["text"],
            postcode=postcode,
            received_at=received,
            regeling=example["regeling"] if labelled else "",
            onderwerp=example["onderwerp"] if labelled else "",
            email="client@voorbeeld.example" if rng.random() < 0.2 else "",
            consent_text="demo" if rng.random() < 0.2 else "",
        )
        created.append(signal)
    for text in VAGUE:
        created.append(signal_submit(text=text, received_at=now - datetime.timedelta(days=2)))
    for signal in created[::7]:
        actor = secretary_by_council.get(signal.council_id)
        signal_transition(actor=actor, signal=signal, to_status=SignalStatus.IN_PROGRESS)
        if signal.pk % 2:
            signal_transition(
                actor=actor,
                signal=signal,
                to_status=SignalStatus.CLOSED,
                reason="Besproken in de raad; meegenomen in het advies.",
            )
    leader = created[0]
    for signal in created[1:6]:
        if signal.council_id == leader.council_id:
            signal_group(actor=None, signal=signal, leader=leader)
    return {"signals": len(created), "councils": Council.objects.count()}
