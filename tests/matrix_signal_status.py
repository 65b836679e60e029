"""Permission matrix rows for the client's status page of a signal (issue 14): whoever holds
the secret link sees it, logged in or not; a wrong token, the reference or a voided link opens
nothing, for anyone."""

from __future__ import annotations

import secrets

from tests.matrix import Case, everyone

_READY = "signal_status_ready"
CONTACT = "status-melder@voorbeeld.example"


def extend_context(context: dict) -> dict:
    if context.get(_READY):
        return context
    from signals.models import SignalPrivate
    from signals.selectors import status_token_hash
    from signals.tests.factories import SignalFactory

    token = secrets.token_urlsafe(32)
    signal = SignalFactory(
        council=context["roles"].council,
        answer_requested=True,
        status_token_hash=status_token_hash(token),
    )
    SignalPrivate.objects.create(signal=signal, email=CONTACT, phone="0612345678")
    # A link the retention task voided (signals_purge_private empties the hash; the service
    # tests run the task itself).
    voided = secrets.token_urlsafe(32)
    purged = SignalFactory(
        council=context["roles"].council, status_token_hash=status_token_hash(voided)
    )
    type(purged).objects.filter(pk=purged.pk).update(status_token_hash="")
    context.update(
        status_signal=signal, status_token=token, voided_status_token=voided, **{_READY: True}
    )
    return context


def _url(token: str) -> str:
    return f"/signaal/status/{token}/"


def _private_page(response, role, context):
    """The same page for every role: the signal, never its contact details, never indexed."""
    html = response.content.decode()
    signal = context["status_signal"]
    if response.status_code == 200 and signal.reference not in html:
        return "the reference is not on the page"
    if CONTACT in html or "0612345678" in html:
        return "contact details on the page"
    if "noindex" not in response.get("X-Robots-Tag", ""):
        return "no X-Robots-Tag: noindex"
    if response.get("Referrer-Policy") != "no-referrer":
        return "the link could leak through the Referer header"
    if "public" in response.get("Cache-Control", ""):
        return "publicly cachable"
    return None


CASES = [
    Case(
        "signals:client_status",
        lambda c: _url(extend_context(c)["status_token"]),
        everyone(200),
        check=_private_page,
    ),
    Case(
        "signals:client_status (unknown token)",
        lambda c: _url("onbekend"),
        everyone(404),
        check=_private_page,
    ),
    Case(
        "signals:client_status (the reference)",
        lambda c: _url(extend_context(c)["status_signal"].reference),
        everyone(404),
    ),
    Case(
        "signals:client_status (voided by retention)",
        lambda c: _url(extend_context(c)["voided_status_token"]),
        everyone(404),
    ),
    Case(
        "signals:client_status (post)",
        lambda c: _url(extend_context(c)["status_token"]),
        everyone(405),
        method="post",
    ),
]
