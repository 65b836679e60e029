"""Signals in the search index: the redacted text only (never ``SignalPrivate``), for exactly
those who may open the signal (``permissions.can_view_signal``): members of the council it is
routed to and of every central council, and administrators (who see every entry)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from common.taxonomy import label_name
from councils.models import Council
from sitesearch.index import Document, register
from sitesearch.models import Audience

from .models import Signal


def central_council_ids() -> set[int]:
    # Every central council, active or not: ``viewer_for`` counts any membership of one.
    return set(Council.objects.filter(kind=Council.Kind.CENTRAL).values_list("pk", flat=True))


def build_signal(signal: Signal) -> Document:
    with override("nl"):
        theme = label_name("onderwerp", signal.onderwerp)
    title = f"Signaal {signal.reference}" + (f" · {theme}" if theme else "")
    return Document(
        title=title,
        body=signal.text,
        url=signal.get_absolute_url(),
        date=signal.received_at,
        council_id=signal.council_id,
        regeling=signal.regeling,
        onderwerp=signal.onderwerp,
        audience=Audience.RESTRICTED,
        councils={signal.council_id} | central_council_ids(),
    )


register(
    "signal",
    label=_("Signalen"),
    item_label=_("Signaal"),
    queryset=lambda: Signal.objects.only(
        "pk", "reference", "text", "received_at", "council_id", "regeling", "onderwerp"
    ),
    build=build_signal,
)
