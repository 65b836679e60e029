"""The outbox: every outgoing e-mail is written here first, in the caller's transaction, and sent
by a task after commit. A failed send stays queued with its error and is retried with backoff; a
retry never sends twice because delivery takes a row lock and checks the status first."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone

from .models import OutboxMessage

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8


def outbox_enqueue(
    *,
    to: Iterable[str],
    subject: str,
    body_text: str,
    body_html: str = "",
    headers: dict | None = None,
    attachments: list[dict] | None = None,
    kind: str = "",
) -> OutboxMessage:
    """Write a message to the outbox and schedule its sending once the transaction commits."""
    message = OutboxMessage.objects.create(
        to=list(to),
        subject=subject.replace("\n", " ").strip()[:255],
        body_text=body_text,
        body_html=body_html,
        headers=headers or {},
        attachments=attachments or [],
        kind=kind,
    )
    from .tasks import outbox_send  # tasks import this module

    transaction.on_commit(lambda: outbox_send(message.pk))
    return message


def outbox_enqueue_template(
    *, to: Iterable[str], template: str, context: dict, kind: str = "", **kwargs
) -> OutboxMessage:
    """Render ``<template>_subject.txt``, ``<template>.txt`` and, if there, ``.html``."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = render_to_string(f"{template}_subject.txt", context, using="text").strip()
    body_text = render_to_string(f"{template}.txt", context, using="text")
    try:
        body_html = render_to_string(f"{template}.html", context)
    except TemplateDoesNotExist:  # the HTML part is optional
        body_html = ""
    return outbox_enqueue(
        to=to, subject=subject, body_text=body_text, body_html=body_html, kind=kind, **kwargs
    )


class DeliveryFailed(Exception):
    """Raised so the task queue retries the message later."""


def outbox_deliver(*, message_id: int) -> bool:
    """Send one message if it is still queued. Returns True if it was sent by this call."""
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.status == OutboxMessage.Status.SENT:
            return False
        message.attempts += 1
        message.last_attempt_at = timezone.now()
        try:
            _send(message)
        except Exception as exc:  # noqa: BLE001 - any transport error is recorded and retried
            logger.warning("Sending outbox message %s failed: %s", message.pk, exc)
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            message.status = (
                OutboxMessage.Status.FAILED
                if message.attempts >= MAX_ATTEMPTS
                else OutboxMessage.Status.QUEUED
            )
            message.save(update_fields=["attempts", "last_attempt_at", "last_error", "status"])
            failed = True
        else:
            message.status = OutboxMessage.Status.SENT
            message.sent_at = timezone.now()
            message.last_error = ""
            message.save(
                update_fields=["attempts", "last_attempt_at", "last_error", "status", "sent_at"]
            )
            failed = False
    if failed and message.status == OutboxMessage.Status.QUEUED:
        raise DeliveryFailed(message.last_error)
    return not failed


def _send(message: OutboxMessage) -> None:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=message.to,
        headers=message.headers,
        connection=get_connection(settings.OUTBOX_EMAIL_BACKEND, fail_silently=False),
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    for attachment in message.attachments:
        email.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    email.send()


def outbox_retry(*, message_id: int) -> None:
    """Put a failed message back in the queue (an editor's "try again")."""
    with transaction.atomic():
        updated = OutboxMessage.objects.filter(
            pk=message_id, status=OutboxMessage.Status.FAILED
        ).update(status=OutboxMessage.Status.QUEUED, attempts=0)
        if updated:
            from .tasks import outbox_send

            transaction.on_commit(lambda: outbox_send(message_id))
