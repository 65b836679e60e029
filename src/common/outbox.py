"""The outbox: every outgoing e-mail is written here first, in the caller's transaction, and sent
by a task after commit. A failed send stays queued with its error and is retried with backoff; a
retry never sends twice because delivery takes a row lock and checks the status first."""

from __future__ import annotations

import contextlib
import contextvars
import logging
import smtplib
import uuid
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone

from .audit import audit_log
from .models import OutboxMessage
from .site import message_headers

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8

# The person whose request is being handled (set by common.middleware.CurrentUserMiddleware).
current_user: contextvars.ContextVar = contextvars.ContextVar("current_user", default=None)


def _current_user():
    user = current_user.get()
    return user if getattr(user, "is_authenticated", False) else None


def outbox_enqueue(
    *,
    to: Iterable[str],
    subject: str,
    body_text: str,
    body_html: str = "",
    headers: dict | None = None,
    attachments: list[dict] | None = None,
    kind: str = "",
    caused_by=...,
) -> OutboxMessage:
    """Write a message to the outbox and schedule its sending once the transaction commits.
    ``caused_by`` defaults to the person whose request this is."""
    message = OutboxMessage.objects.create(
        caused_by=_current_user() if caused_by is ... else caused_by,
        to=list(to),
        subject=" ".join(subject.split())[:255],  # one line: no CR/LF can reach the header
        body_text=body_text,
        body_html=body_html,
        headers=message_headers(headers),  # Message-ID and Date now: the same on every retry
        attachments=attachments or [],
        kind=kind,
    )
    from .tasks import outbox_send  # tasks import this module

    transaction.on_commit(lambda: outbox_send(message.pk))
    return message


def outbox_enqueue_template(
    *, to: Iterable[str], template: str, context: dict, kind: str = "", **kwargs
) -> OutboxMessage:
    """Render ``<template>_subject.txt``, ``<template>.txt`` and, if there, ``.html``. The text
    ends with a footer that names the site (``SITE_NAME``, ``SITE_URL``), so every mail says
    who sent it; the council that writes is named in the mail itself."""
    context = {"site_url": settings.SITE_URL, "site_name": settings.SITE_NAME, **context}
    subject = render_to_string(f"{template}_subject.txt", context, using="text").strip()
    body_text = render_to_string(f"{template}.txt", context, using="text").rstrip("\n") + "\n"
    body_text += render_to_string("common/email/footer.txt", context, using="text")
    try:
        body_html = render_to_string(f"{template}.html", context)
    except TemplateDoesNotExist:  # the HTML part is optional
        body_html = ""
    return outbox_enqueue(
        to=to, subject=subject, body_text=body_text, body_html=body_html, kind=kind, **kwargs
    )


class DeliveryFailed(Exception):
    """Raised so the task queue retries the message later."""


# What keeps a message from ever being sent, whatever the mail server does: a header with a line
# break (BadHeaderError is a ValueError), an address that is no address.
UNSENDABLE = (ValueError, UnicodeError)
# Mail server answers that concern the server or our account, not one message: try again later.
SERVER_ERRORS = (
    smtplib.SMTPAuthenticationError,
    smtplib.SMTPConnectError,
    smtplib.SMTPHeloError,
    smtplib.SMTPSenderRefused,
)


def smtp_failure(exc: BaseException) -> tuple[str, bool]:
    """The error as a person reads it, and whether trying again can never help."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        answers = list(exc.recipients.values())
        code, text = answers[0]
        text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
        return f"{code} {text}"[:2000], all(c >= 500 for c, _text in answers)
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error
        text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
        permanent = exc.smtp_code >= 500 and not isinstance(exc, SERVER_ERRORS)
        return f"{exc.smtp_code} {text}"[:2000], permanent
    return f"{type(exc).__name__}: {exc}"[:2000], isinstance(exc, UNSENDABLE)


def claim_lease() -> timedelta:
    """How long a claim on a message is honoured. A sender that is still alive finishes one
    message well within it (connect and each SMTP step wait at most EMAIL_TIMEOUT); after it,
    the sender is taken to be gone (a killed worker) and the message is sent again."""
    seconds = getattr(settings, "MAIL_CLAIM_LEASE_SECONDS", None)
    if seconds is None:
        seconds = 2 * (getattr(settings, "EMAIL_TIMEOUT", None) or 20) + 5
    return timedelta(seconds=seconds)


def smtp_connection():
    return get_connection(settings.OUTBOX_EMAIL_BACKEND, fail_silently=False)


def smtp_close(connection) -> None:
    """Say goodbye (QUIT) after the result is recorded; a server that does not answer it does
    not matter any more."""
    with contextlib.suppress(Exception):
        connection.close()


def outbox_deliver(*, message_id: int) -> bool:
    """Send one message if it is still queued. Returns True if it was sent by this call.

    Three steps, none of which holds a transaction while the mail server is spoken to: claim the
    row (one UPDATE that only a queued row, or one whose claim lapsed, matches), send, and record
    the result under the claim. The result is recorded as soon as the server has accepted the
    message, before QUIT, so a sender killed after that never sends it again. What remains is the
    moment between the server's "250" and our UPDATE: a sender killed exactly then leaves the
    claim to lapse, and the message goes out a second time."""
    now = timezone.now()
    claim = uuid.uuid4()
    claimed = (
        OutboxMessage.objects.filter(pk=message_id)
        .filter(
            Q(status=OutboxMessage.Status.QUEUED)
            | Q(status=OutboxMessage.Status.SENDING, claimed_at__lt=now - claim_lease())
        )
        .update(
            status=OutboxMessage.Status.SENDING,
            claim=claim,
            claimed_at=now,
            attempts=F("attempts") + 1,
            last_attempt_at=now,
        )
    )
    if not claimed:
        return False
    message = OutboxMessage.objects.get(pk=message_id)
    connection = smtp_connection()
    try:
        email = _email(message, connection)
        email.message()  # a header that can never be sent fails here, before any network
        connection.open()
        connection.send_messages([email])
    except Exception as exc:  # noqa: BLE001 - every failure is recorded; transient ones retried
        error, permanent = smtp_failure(exc)
        logger.warning("Sending outbox message %s failed: %s", message.pk, error)
        final = permanent or message.attempts >= MAX_ATTEMPTS
        _record(
            message,
            claim,
            status=OutboxMessage.Status.FAILED if final else OutboxMessage.Status.QUEUED,
            last_error=error,
            permanent=permanent,
        )
        smtp_close(connection)
        if permanent:
            _tell_who_caused_it(message, error)
        if not final:
            raise DeliveryFailed(error) from exc
        return False
    _record(message, claim, status=OutboxMessage.Status.SENT, sent_at=timezone.now(), last_error="")
    smtp_close(connection)
    return True


def _record(message: OutboxMessage, claim, **fields) -> None:
    # Only under our own claim: a sender whose claim lapsed and was taken over records nothing.
    OutboxMessage.objects.filter(pk=message.pk, claim=claim).update(
        claim=None, claimed_at=None, **fields
    )
    for name, value in fields.items():
        setattr(message, name, value)


def _email(message: OutboxMessage, connection) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=message.to,
        headers=message_headers(message.headers),
        connection=connection,
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    for attachment in message.attachments:
        email.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    return email


UNSENDABLE_KIND = "common.unsendable"


def _tell_who_caused_it(message: OutboxMessage, error: str) -> None:
    """A message that can never be sent fails once, and the person whose action wrote it hears
    of it: by e-mail (a plain notice that cannot fail the same way) and on "Mijn overzicht"."""
    user = message.caused_by
    audit_log(
        actor=None,
        action="outbox.unsendable",
        obj=message,
        details={"kind": message.kind, "error": error[:200]},
    )
    if user is None or not user.email or message.kind == UNSENDABLE_KIND:
        return
    with transaction.atomic():
        outbox_enqueue_template(
            to=[user.email],
            template="common/email/unsendable",
            context={"user": user, "message": message, "error": error},
            kind=UNSENDABLE_KIND,
            caused_by=None,
        )


def unsendable_for(user) -> list[OutboxMessage]:
    """Messages of the last weeks that this person's actions wrote and that can never be sent."""
    if not getattr(user, "is_authenticated", False):
        return []
    since = timezone.now() - timedelta(days=14)
    return list(
        OutboxMessage.objects.filter(
            caused_by=user,
            permanent=True,
            status=OutboxMessage.Status.FAILED,
            created_at__gte=since,
        )
        .exclude(kind=UNSENDABLE_KIND)
        .only("pk", "subject", "last_error", "created_at", "to")[:10]
    )


def outbox_resume(*, now=None) -> list[int]:
    """Send what a stopped worker left: claims that lapsed, and queued messages whose task was
    lost (never tried two minutes after they were written, or not tried for longer than the
    longest wait between retries)."""
    now = now or timezone.now()
    ids = list(
        OutboxMessage.objects.filter(
            Q(status=OutboxMessage.Status.SENDING, claimed_at__lt=now - claim_lease())
            | Q(
                status=OutboxMessage.Status.QUEUED,
                last_attempt_at__isnull=True,
                created_at__lt=now - timedelta(minutes=2),
            )
            | Q(
                status=OutboxMessage.Status.QUEUED,
                last_attempt_at__lt=now - timedelta(minutes=40),
            )
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:500]
    )
    from .tasks import outbox_send

    for pk in ids:  # each a task of its own: a hung server holds up one worker thread, not all
        outbox_send(pk)
    return ids


def outbox_retry(*, message_id: int) -> None:
    """Put a failed message back in the queue (an editor's "try again")."""
    with transaction.atomic():
        updated = OutboxMessage.objects.filter(
            pk=message_id, status=OutboxMessage.Status.FAILED
        ).update(status=OutboxMessage.Status.QUEUED, attempts=0, permanent=False)
        if updated:
            from .tasks import outbox_send

            transaction.on_commit(lambda: outbox_send(message_id))
