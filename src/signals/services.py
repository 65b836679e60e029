"""Signal actions: intake, triage (status, routing, themes, grouping), privacy. Each write runs in
one transaction with its history row and audit entry; mail goes through the outbox."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from common.audit import audit_log
from common.outbox import outbox_enqueue_template
from common.taxonomy import onderwerpen, regelingen
from councils.models import Council
from councils.selectors import (
    central_council,
    council_for_postcode,
    normalise_postcode,
    viewer_for,
)
from sitesearch import index as search_index

from .models import (
    ReferenceCounter,
    Signal,
    SignalPrivate,
    SignalRouting,
    SignalStatus,
    SignalStatusChange,
    ThemeLabel,
)
from .redaction import find_personal_data, redact
from .selectors import status_token_hash
from .themes import apply_theme, classify
from .workflow import CLIENT_READS_REASON, TransitionRefused, check_transition

MAX_TEXT_LENGTH = 5000


class SignalError(Exception):
    """A user-facing reason why an action on a signal is refused."""


def signal_status_path(token: str) -> str:
    """The client's status page, in the active language (/signaal/status/… or /en/…)."""
    return reverse("signals:client_status", args=[token])


def signal_status_url(token: str) -> str:
    return settings.SITE_URL + signal_status_path(token)


def _next_reference(year: int) -> str:
    """The next number of the year; the row lock makes concurrent intakes queue, not collide."""
    counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"S-{year}-{counter.last:06d}"


def _route(postcode: str) -> Council:
    council = council_for_postcode(postcode) if postcode else None
    council = council or central_council()
    if council is None:
        raise SignalError(_("Er is nog geen raad ingesteld om signalen te ontvangen."))
    return council


def signal_submit(
    *,
    text: str,
    scheme_hint: str = "",
    postcode: str = "",
    email: str = "",
    phone: str = "",
    consent_text: str = "",
    language: str = "nl",
    received_at: datetime.datetime | None = None,
    source: str = Signal.Source.FORM,
    regeling: str = "",
    onderwerp: str = "",
    actor=None,
) -> Signal:
    """Store a client's signal with a reference number, all in one transaction. The readable
    text is redacted; contact details and the original text are kept apart.

    The returned signal carries ``status_token``: the secret of the client's status link, only
    its hash is stored, so this is the one moment it can be shown or mailed."""
    text = (text or "").strip()
    if not text:
        raise SignalError(_("Schrijf uw signaal in het tekstvak."))
    if len(text) > MAX_TEXT_LENGTH:
        raise SignalError(_("Uw tekst is te lang."))
    redacted = redact(text)
    found = {}
    for match in find_personal_data(text):
        found[match.kind] = found.get(match.kind, 0) + 1
    theme = None if (regeling and onderwerp) else classify([redacted])[0]
    received_at = received_at or timezone.now()
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        council = _route(postcode)
        signal = Signal(
            reference=_next_reference(timezone.localtime(received_at).year),
            received_at=received_at,
            source=source,
            language=language[:5],
            text=redacted,
            scheme_hint=scheme_hint if scheme_hint in regelingen() else "",
            postcode_digits=str(normalise_postcode(postcode) or ""),
            council=council,
            answer_requested=bool(email or phone),
            redactions=found,
            status_token_hash=status_token_hash(token),
        )
        if theme is not None:
            apply_theme(signal, theme)
        else:
            signal.regeling, signal.onderwerp = regeling, onderwerp
            signal.regeling_confidence = signal.onderwerp_confidence = 1.0
        signal.save()
        SignalStatusChange.objects.create(signal=signal, to_status=SignalStatus.NEW, by=actor)
        SignalRouting.objects.create(signal=signal, council=council, by=actor)
        search_index.update("signal", signal)
        if email or phone or redacted != text:
            SignalPrivate.objects.create(
                signal=signal,
                email=email.strip(),
                phone=phone.strip(),
                original_text=text if redacted != text else "",
                consent_text=consent_text if (email or phone) else "",
                consent_at=timezone.now() if (email or phone) else None,
            )
        if email:
            with override(language):
                outbox_enqueue_template(
                    to=[email.strip()],
                    template="signals/email/received",
                    context={
                        "signal": signal,
                        "council": council,
                        "status_url": signal_status_url(token),
                    },
                    kind="signal.received",
                )
    signal.status_token = token
    return signal


def signal_transition(
    *, actor, signal: Signal, to_status: str, reason: str = "", linked_to: str = "", dossier=None
) -> Signal:
    """Move a signal to another status (see workflow.TRANSITIONS). Linked to a dossier on
    Raadsplein, the signal is also linked in that dossier (its timeline shows it)."""
    from dossiers.models import DossierStatus
    from dossiers.permissions import can_see_dossier

    if to_status == SignalStatus.LINKED and dossier is not None:
        if dossier.status != DossierStatus.OPEN or not can_see_dossier(viewer_for(actor), dossier):
            raise SignalError(_("Kies een open dossier dat u kunt zien."))
        linked_to = linked_to.strip() or dossier.title
    with transaction.atomic():
        signal = Signal.objects.select_for_update().get(pk=signal.pk)
        try:
            check_transition(signal.status, to_status, reason, linked_to)
        except TransitionRefused as refused:
            raise SignalError(str(refused)) from refused
        SignalStatusChange.objects.create(
            signal=signal,
            from_status=signal.status,
            to_status=to_status,
            by=actor,
            reason=reason.strip(),
        )
        fields = ["status"]
        signal.status = to_status
        if to_status == SignalStatus.LINKED:
            signal.linked_to = linked_to.strip()
            fields.append("linked_to")
            if dossier is not None:
                from dossiers.services import link_object

                link_object(actor=actor, dossier=dossier, kind="signal", obj=signal)
        if to_status == SignalStatus.CLOSED:
            signal.closed_at = timezone.now()
            fields.append("closed_at")
        elif signal.closed_at:
            signal.closed_at = None
            fields.append("closed_at")
        signal.save(update_fields=fields)
        audit_log(actor=actor, action="signal.status", obj=signal, details={"to": to_status})
        private = SignalPrivate.objects.filter(signal=signal).first()
        if signal.answer_requested and private and private.email:
            with override(signal.language):
                outbox_enqueue_template(
                    to=[private.email],
                    template="signals/email/status",
                    context={
                        "signal": signal,
                        "council": signal.council,
                        "status": SignalStatus(to_status).label,
                        "answered": to_status == SignalStatus.ANSWERED,
                        "reason": reason.strip() if to_status in CLIENT_READS_REASON else "",
                    },
                    kind="signal.status",
                )
    return signal


def signal_call_request(*, actor, signal: Signal) -> str:
    """The phone number of a client who asked for an answer but left no e-mail address: no
    mail reaches them, so the secretary must call. The number is shown on the signal's page,
    which is a view of personal data and goes in the audit log like the contact page."""
    if not signal.answer_requested or signal.private_purged_at:
        return ""
    private = SignalPrivate.objects.filter(signal=signal).only("email", "phone").first()
    if private is None or private.email or not private.phone:
        return ""
    audit_log(
        actor=actor,
        action="signal.private.view",
        obj=signal,
        personal_data=True,
        details={"shown": "phone"},
    )
    return private.phone


def signal_reroute(*, actor, signal: Signal, council: Council, reason: str) -> Signal:
    if not reason.strip():
        raise SignalError(_("Schrijf waarom het signaal naar een andere raad gaat."))
    if council.pk == signal.council_id:
        raise SignalError(_("Het signaal staat al bij deze raad."))
    with transaction.atomic():
        signal = Signal.objects.select_for_update().get(pk=signal.pk)
        SignalRouting.objects.create(
            signal=signal, council=council, by=actor, reason=reason.strip()
        )
        signal.council = council
        signal.save(update_fields=["council"])
        audit_log(actor=actor, action="signal.reroute", obj=signal, details={"council": council.pk})
        search_index.update("signal", signal)  # now seen by the other council
    return signal


def signal_set_theme(*, actor, signal: Signal, regeling: str, onderwerp: str) -> Signal:
    """A member sets or corrects the themes; stored as a label for the next training."""
    if regeling not in regelingen() or onderwerp not in onderwerpen():
        raise SignalError(_("Kies een regeling en een onderwerp uit de lijst."))
    with transaction.atomic():
        ThemeLabel.objects.create(signal=signal, regeling=regeling, onderwerp=onderwerp, by=actor)
        signal.regeling, signal.onderwerp = regeling, onderwerp
        signal.regeling_confidence = signal.onderwerp_confidence = 1.0
        signal.theme_set_by_member = True
        signal.needs_theme = False
        signal.save(
            update_fields=[
                "regeling",
                "onderwerp",
                "regeling_confidence",
                "onderwerp_confidence",
                "theme_set_by_member",
                "needs_theme",
            ]
        )
        search_index.update("signal", signal)
        audit_log(
            actor=actor,
            action="signal.theme",
            obj=signal,
            details={"regeling": regeling, "onderwerp": onderwerp},
        )
    return signal


def signal_group(*, actor, signal: Signal, leader: Signal) -> Signal:
    """Put a signal under another one about the same problem (it still counts)."""
    leader = leader.group_leader or leader
    if leader.pk == signal.pk:
        raise SignalError(_("Een signaal kan niet onder zichzelf vallen."))
    with transaction.atomic():
        signal.group_leader = leader
        signal.save(update_fields=["group_leader"])
        # Signals that were grouped under this one move along to the new leader.
        Signal.objects.filter(group_leader=signal).update(group_leader=leader)
        audit_log(
            actor=actor, action="signal.group", obj=signal, details={"leader": leader.reference}
        )
    return signal


def signal_ungroup(*, actor, signal: Signal) -> Signal:
    with transaction.atomic():
        signal.group_leader = None
        signal.save(update_fields=["group_leader"])
        audit_log(actor=actor, action="signal.ungroup", obj=signal)
    return signal


def signal_private_view(*, actor, signal: Signal) -> SignalPrivate | None:
    """Contact details for the secretary or chair; every view is in the audit log."""
    private = SignalPrivate.objects.filter(signal=signal).first()
    if private is not None:
        audit_log(actor=actor, action="signal.private.view", obj=signal, personal_data=True)
    return private


def signals_purge_private(*, now: datetime.datetime | None = None) -> int:
    """Delete contact details and original texts some months after a signal was closed
    (settings.RETENTION["signal_contact"]) and note it on the signal. The client's status link
    stops working at the same moment, for signals without contact details too."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=30 * settings.RETENTION["signal_contact"])
    ids = list(
        Signal.objects.filter(
            status=SignalStatus.CLOSED, closed_at__lt=cutoff, private__isnull=False
        ).values_list("pk", flat=True)[:5000]
    )
    with transaction.atomic():
        SignalPrivate.objects.filter(signal_id__in=ids).delete()
        Signal.objects.filter(pk__in=ids).update(private_purged_at=now)
        Signal.objects.filter(status=SignalStatus.CLOSED, closed_at__lt=cutoff).exclude(
            status_token_hash=""
        ).update(status_token_hash="")
        if ids:
            audit_log(
                actor=None,
                action="signal.private.purge",
                personal_data=True,
                details={"count": len(ids)},
            )
    return len(ids)
