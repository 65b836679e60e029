"""News flash rules and side effects: subscribing with double opt-in, managing lists, composing
and sending flashes. Sending writes one Delivery per recipient, then sends them at a throttled
rate; each send claims its row first, so a retry or a second run never sends twice, and no
transaction is open while the mail server is spoken to."""

from __future__ import annotations

import logging
import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common.audit import audit_log
from common.outbox import (
    claim_lease,
    outbox_enqueue,
    outbox_enqueue_template,
    smtp_close,
    smtp_connection,
    smtp_failure,
)
from common.site import absolute_url, message_headers, site_host

from .mail import flash_pages, list_headers, reader_list, render_flash
from .models import Delivery, Flash, NewsList, Subscriber, Subscription, new_link_key
from .selectors import flash_pages_not_offerable
from .tokens import make_confirm_token

logger = logging.getLogger(__name__)

# The clock of the throttle; tests replace these.
monotonic = time.monotonic
sleep = time.sleep


class NewsletterError(Exception):
    pass


class FlashAlreadySent(NewsletterError):
    """The flash left the draft state: a double submit or a second tab sends nothing."""


def rate_per_second() -> float:
    return float(getattr(settings, "NEWSFLASH_RATE_PER_SECOND", 10)) or 10.0


def absolute(path: str) -> str:
    return absolute_url(path)


# --- subscribers --------------------------------------------------------------------------


@transaction.atomic
def subscribe(*, email: str, name: str, lists, consent_text: str, source: str) -> Subscriber:
    """Send a confirmation mail; nothing else changes for an address we know already. The lists
    and the consent take effect only when the mailbox's owner confirms (double opt-in), so no
    one can put another person on a list. The answer is the same for a known address."""
    email = email.strip().lower()
    lists = list(lists)
    if not lists:
        raise NewsletterError(_("Kies minstens één nieuwslijst."))
    subscriber, created = Subscriber.objects.get_or_create(
        email=email,
        defaults={
            "name": name,
            "consent_text": consent_text,
            "consent_at": timezone.now(),
            "consent_source": source[:300],
        },
    )
    token = make_confirm_token(subscriber, lists=lists, consent_text=consent_text, source=source)
    outbox_enqueue_template(
        to=[subscriber.email],
        template="newsletters/email/confirm",
        context={
            "name": name,
            "confirm_url": absolute(reverse("newsletters:confirm", args=[token])),
            "lists": lists,
        },
        kind="newsletters.confirm",
    )
    audit_log(actor=None, action="newsletters.subscribe", obj=subscriber, personal_data=True)
    return subscriber


@transaction.atomic
def confirm(*, subscriber: Subscriber, request: dict) -> Subscriber:
    """The owner of the address confirmed: the lists asked for and the consent take effect."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    now = timezone.now()
    subscriber.confirmed_at = subscriber.confirmed_at or now
    subscriber.unsubscribed_at = None
    subscriber.consent_text = request.get("t", subscriber.consent_text)
    subscriber.consent_source = request.get("src", subscriber.consent_source)
    subscriber.consent_at = now
    subscriber.save()
    for news_list in NewsList.objects.filter(pk__in=request["l"], is_active=True):
        Subscription.objects.get_or_create(subscriber=subscriber, news_list=news_list)
    audit_log(actor=None, action="newsletters.confirm", obj=subscriber, personal_data=True)
    return subscriber


@transaction.atomic
def set_lists(*, subscriber: Subscriber, lists) -> None:
    lists = list(lists)
    if not lists:
        unsubscribe(subscriber=subscriber)
        return
    Subscription.objects.filter(subscriber=subscriber).exclude(news_list__in=lists).delete()
    if subscriber.unsubscribed_at:  # back on a list from their own link: the address is proven
        subscriber.unsubscribed_at = None
        subscriber.consent_at = timezone.now()
        subscriber.save(update_fields=["unsubscribed_at", "consent_at"])
    for news_list in lists:
        Subscription.objects.get_or_create(subscriber=subscriber, news_list=news_list)
    audit_log(actor=None, action="newsletters.lists", obj=subscriber, personal_data=True)


@transaction.atomic
def unsubscribe(*, subscriber: Subscriber) -> None:
    """Off every list at once; the name is forgotten. The address stays only so a delivery
    in progress can see it is gone."""
    Subscription.objects.filter(subscriber=subscriber).delete()
    Subscriber.objects.filter(pk=subscriber.pk).update(unsubscribed_at=timezone.now(), name="")
    audit_log(actor=None, action="newsletters.unsubscribe", obj=subscriber, personal_data=True)


UNCONFIRMED_DAYS = 7  # the confirmation link is valid this long (tokens.CONFIRM_MAX_AGE)


def subscribers_purge(*, now=None) -> dict:
    """Keep addresses no longer than needed. Someone who never confirmed is deleted after
    UNCONFIRMED_DAYS. Someone who unsubscribed keeps no address after the retention period:
    the row stays without it, so earlier flashes still count their deliveries."""
    now = now or timezone.now()
    unconfirmed, _ = Subscriber.objects.filter(
        confirmed_at__isnull=True, created_at__lt=now - timedelta(days=UNCONFIRMED_DAYS)
    ).delete()
    months = settings.RETENTION["newsflash_unsubscribed"]
    gone = Subscriber.objects.filter(unsubscribed_at__lt=now - timedelta(days=30 * months)).exclude(
        email__endswith=ERASED_DOMAIN
    )
    erased = 0
    for pk in list(gone.values_list("pk", flat=True)):
        erased += Subscriber.objects.filter(pk=pk).update(
            email=f"verwijderd-{pk}{ERASED_DOMAIN}",
            name="",
            consent_source="",
            link_key=new_link_key(),  # the links in old flashes open nothing any more
        )
    return {"unconfirmed": unconfirmed, "erased": erased}


ERASED_DOMAIN = "@verwijderd.invalid"


# --- flashes --------------------------------------------------------------------------------


def recipients(flash: Flash):
    """Confirmed, not unsubscribed subscribers of the flash's lists (each once)."""
    return Subscriber.objects.filter(
        confirmed_at__isnull=False,
        unsubscribed_at__isnull=True,
        lists__in=flash.lists.all(),
    ).distinct()


def delivery_message_id(delivery: Delivery) -> str:
    """The same Message-ID for every attempt of one delivery: a mail sent again after the
    server's answer was lost is one message to the reader's mail program, not two. The
    keyed hash keeps it unique beyond this installation and tells nothing about the reader."""
    key = salted_hmac("newsletters.message-id", f"{delivery.flash_id}.{delivery.pk}").hexdigest()
    return f"<nieuwsflits.{delivery.flash_id}.{delivery.pk}.{key[:16]}@{site_host()}>"


def _message(delivery: Delivery, connection, *, pages=None):
    flash, subscriber = delivery.flash, delivery.subscriber
    news_list = reader_list(flash, subscriber)
    text, html = render_flash(flash, subscriber, pages, news_list)
    headers = {"Message-ID": delivery_message_id(delivery), **list_headers(news_list, subscriber)}
    message = EmailMultiAlternatives(
        subject=flash.subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscriber.email],
        headers=message_headers(headers),
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    return message


def send_test(*, flash: Flash, user) -> None:
    """A test copy to the editor's own address, through the outbox. It names no reader: its
    links (and List-Unsubscribe) go to a page that says they are examples."""
    if not user.email:
        raise NewsletterError(_("Uw account heeft geen e-mailadres."))
    news_list = reader_list(flash, None)
    text, html = render_flash(flash, None, news_list=news_list)
    outbox_enqueue(
        to=[user.email],
        subject=f"[{_('Test')}] {flash.subject}",
        body_text=text,
        body_html=html,
        headers=list_headers(news_list, None),
        kind="newsletters.test",
    )


@transaction.atomic
def flash_send(*, flash: Flash, actor) -> int:
    """Queue a delivery for every recipient (once) and start the sending task."""
    flash = Flash.objects.select_for_update().get(pk=flash.pk)
    if flash.status != Flash.Status.DRAFT:  # a second "Ja, nu versturen": sent once
        raise FlashAlreadySent(_("Deze nieuwsflits is al verstuurd of wordt nu verstuurd."))
    if not flash.subject.strip():
        raise NewsletterError(_("Een nieuwsflits zonder onderwerp kan niet worden verstuurd."))
    if not flash.lists.exists():
        raise NewsletterError(_("Kies minstens één nieuwslijst."))
    # Checked again now: a page may have been made private since the flash was composed.
    not_offerable = flash_pages_not_offerable(flash)
    if not_offerable:
        raise NewsletterError(
            ngettext(
                "De nieuwsflits is niet verstuurd. De pagina “%(titles)s” is niet meer voor "
                "iedereen te lezen. Haal de pagina uit de nieuwsflits en verstuur hem dan.",
                "De nieuwsflits is niet verstuurd. De pagina's “%(titles)s” zijn niet meer voor "
                "iedereen te lezen. Haal de pagina's uit de nieuwsflits en verstuur hem dan.",
                len(not_offerable),
            )
            % {"titles": "”, “".join(page.title for page in not_offerable)}
        )
    existing = set(flash.deliveries.values_list("subscriber_id", flat=True))
    new = [
        Delivery(flash=flash, subscriber_id=pk)
        for pk in recipients(flash).values_list("pk", flat=True)
        if pk not in existing
    ]
    Delivery.objects.bulk_create(new, ignore_conflicts=True, batch_size=1000)
    flash.status = Flash.Status.SENDING
    flash.send_started_at = flash.send_started_at or timezone.now()
    flash.lease_until = timezone.now() + claim_lease()  # the run scheduled below holds it
    flash.save(update_fields=["status", "send_started_at", "lease_until"])
    audit_log(actor=actor, action="newsletters.send", obj=flash, details={"new": len(new)})
    _schedule(flash.pk)
    return len(new)


@transaction.atomic
def flash_resend_failures(*, flash: Flash, actor) -> int:
    """ "Opnieuw versturen": failed rows go back in the queue, and a new run starts for them and
    for any row still queued (a run that stopped halfway). Sent rows are never touched."""
    count = flash.deliveries.filter(status=Delivery.Status.FAILED).update(
        status=Delivery.Status.QUEUED, error="", permanent=False
    )
    waiting = flash.deliveries.filter(status=Delivery.Status.QUEUED).count()
    if waiting:
        Flash.objects.filter(pk=flash.pk).update(
            status=Flash.Status.SENDING,
            failed_runs=0,
            last_error="",
            lease_until=timezone.now() + claim_lease(),  # the run scheduled below holds it
        )
        audit_log(
            actor=actor,
            action="newsletters.resend",
            obj=flash,
            details={"n": count, "queued": waiting},
        )
        _schedule(flash.pk)
    return waiting


def _schedule(flash_id: int) -> None:
    from .tasks import flash_deliver_task

    transaction.on_commit(lambda: flash_deliver_task(flash_id))


class MailServerUnavailable(Exception):
    """No connection to the mail server: the run stops and is tried again later."""


# A flash whose runs found no mail server this many times in a row stops: the rows still queued
# are failed with the server's error, and the editor is told.
MAX_FAILED_RUNS = 4
RUN_RETRY_SECONDS = 60  # flash_deliver_task's retry delay


def deliver_one(delivery_id: int, connection, pages=None) -> str | None:
    """Send one delivery if it is still queued. Returns its new status (None if skipped).

    Claim, send, record: the row is claimed in one UPDATE (only a queued row matches, so two
    runs never both send it), the mail server is spoken to outside any transaction, and the
    result is written under the claim as soon as the server accepted the message."""
    claim = uuid.uuid4()
    claimed = Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.QUEUED).update(
        status=Delivery.Status.SENDING,
        claim=claim,
        claimed_at=timezone.now(),
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return None
    delivery = Delivery.objects.select_related("subscriber", "flash").get(pk=delivery_id)
    subscriber = delivery.subscriber
    result = {"status": Delivery.Status.SENT, "error": "", "permanent": False}
    if subscriber.unsubscribed_at or not subscriber.confirmed_at:
        result = {
            "status": Delivery.Status.FAILED,
            "error": _("Afgemeld voor het versturen."),
            "permanent": True,
        }
    else:
        try:
            message = _message(delivery, connection, pages=pages)
            connection.send_messages([message])
        except Exception as exc:  # noqa: BLE001 - recorded; "opnieuw versturen" tries again
            error, permanent = smtp_failure(exc)
            result = {"status": Delivery.Status.FAILED, "error": error, "permanent": permanent}
    Delivery.objects.filter(pk=delivery_id, claim=claim).update(
        claim=None,
        claimed_at=None,
        sent_at=timezone.now() if result["status"] == Delivery.Status.SENT else None,
        **result,
    )
    return result["status"]


def _lease(flash_id: int, *, seconds: float | None = None) -> None:
    until = timezone.now() + (claim_lease() if seconds is None else timedelta(seconds=seconds))
    Flash.objects.filter(pk=flash_id).update(lease_until=until)


def flash_deliver(flash_id: int) -> dict:
    """Send the queued deliveries of a flash, no faster than NEWSFLASH_RATE_PER_SECOND.

    One SMTP connection serves the whole run. No transaction is open while the mail server is
    spoken to. The run holds the flash's lease and extends it as it goes, so a run that was
    killed is taken over by ``flashes_resume`` once the lease lapses."""
    interval = 1.0 / rate_per_second()
    counts = {"sent": 0, "failed": 0}
    flash = Flash.objects.filter(pk=flash_id).first()
    if flash is None:
        return counts
    pages = flash_pages(flash)
    connection = smtp_connection()
    _lease(flash_id)
    renewed = monotonic()
    start = monotonic()
    n = 0
    try:
        ids = list(
            Delivery.objects.filter(flash_id=flash_id, status=Delivery.Status.QUEUED)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for delivery_id in ids:
            wait = start + n * interval - monotonic()
            if wait > 0:
                sleep(wait)
            if connection.connection is None:
                try:
                    connection.open()
                except Exception as exc:  # noqa: BLE001 - the run stops and is retried
                    _run_failed(flash_id, exc)
                    raise MailServerUnavailable(str(exc)) from exc
            status = deliver_one(delivery_id, connection, pages)
            if status is None:
                continue
            n += 1
            counts["sent" if status == Delivery.Status.SENT else "failed"] += 1
            if status == Delivery.Status.FAILED:
                smtp_close(connection)  # start clean after an error answer
            if monotonic() - renewed > 2:
                _lease(flash_id)
                renewed = monotonic()
        if n:
            Flash.objects.filter(pk=flash_id).update(failed_runs=0, last_error="")
    finally:
        smtp_close(connection)
    flash_finish(flash_id)
    return counts


def _run_failed(flash_id: int, exc: Exception) -> None:
    """The run found no mail server. Try again later (the task's retry holds the lease); after
    MAX_FAILED_RUNS the rows still queued are failed with the error, and the flash finishes."""
    error, _permanent = smtp_failure(exc)
    logger.warning("News flash %s: no mail server: %s", flash_id, error)
    with transaction.atomic():
        flash = Flash.objects.select_for_update().get(pk=flash_id)
        flash.failed_runs += 1
        flash.last_error = error
        flash.lease_until = timezone.now() + timedelta(seconds=RUN_RETRY_SECONDS) + claim_lease()
        flash.save(update_fields=["failed_runs", "last_error", "lease_until"])
        if flash.failed_runs >= MAX_FAILED_RUNS:
            Delivery.objects.filter(flash_id=flash_id, status=Delivery.Status.QUEUED).update(
                status=Delivery.Status.FAILED,
                error=_("De mailserver was niet bereikbaar: %(error)s") % {"error": error},
            )
    if flash.failed_runs >= MAX_FAILED_RUNS:
        flash_finish(flash_id)


def flash_finish(flash_id: int) -> str | None:
    """When no row waits any more, the flash gets the status that says what really happened
    (all sent, partly, none) and, if anything failed, its editor gets an e-mail. Only the run
    that moves the flash out of "sending" does this, so the editor hears it once."""
    open_rows = Delivery.objects.filter(
        flash_id=flash_id, status__in=[Delivery.Status.QUEUED, Delivery.Status.SENDING]
    )
    if open_rows.exists():
        return None
    counts = dict(
        Delivery.objects.filter(flash_id=flash_id)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    sent, failed = counts.get(Delivery.Status.SENT, 0), counts.get(Delivery.Status.FAILED, 0)
    if failed == 0:
        status = Flash.Status.SENT
    elif sent == 0:
        status = Flash.Status.FAILED
    else:
        status = Flash.Status.PARTLY
    with transaction.atomic():
        moved = Flash.objects.filter(pk=flash_id, status=Flash.Status.SENDING).update(
            status=status, sent_at=timezone.now(), lease_until=None
        )
        if moved and failed:
            flash = Flash.objects.select_related("created_by").get(pk=flash_id)
            _tell_editor(flash, sent=sent, failed=failed)
    return status if moved else None


def _tell_editor(flash: Flash, *, sent: int, failed: int) -> None:
    editor = flash.created_by
    if editor is None or not editor.email:
        return
    outbox_enqueue_template(
        to=[editor.email],
        template="newsletters/email/flash_problem",
        context={
            "flash": flash,
            "sent": sent,
            "failed": failed,
            "url": absolute(reverse("newsletters:flash", args=[flash.pk])),
        },
        kind="newsletters.problem",
        caused_by=None,
    )


def flashes_resume(*, now=None) -> list[int]:
    """Start a run for every flash that is sending but has no live run: its lease lapsed (a
    killed worker) and rows wait. Rows that a killed run had claimed go back in the queue first
    (such a row may have reached the server just before the kill: the one mail that can arrive
    twice)."""
    now = now or timezone.now()
    Delivery.objects.filter(
        status=Delivery.Status.SENDING, claimed_at__lt=now - claim_lease()
    ).update(status=Delivery.Status.QUEUED, claim=None, claimed_at=None)
    flash_ids = list(
        Flash.objects.filter(status=Flash.Status.SENDING)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .filter(deliveries__status=Delivery.Status.QUEUED)
        .values_list("pk", flat=True)
        .distinct()
    )
    from .tasks import flash_deliver_task

    for flash_id in flash_ids:
        _lease(flash_id)  # the new run's; a second resume before it starts leaves it alone
        flash_deliver_task(flash_id)
    for flash_id in Flash.objects.filter(status=Flash.Status.SENDING).values_list("pk", flat=True):
        flash_finish(flash_id)  # everything done, but the run that did it was killed
    return flash_ids


def progress(flash: Flash) -> dict:
    rows = dict(
        flash.deliveries.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    total = sum(rows.values())
    done = rows.get(Delivery.Status.SENT, 0) + rows.get(Delivery.Status.FAILED, 0)
    return {
        "total": total,
        "sent": rows.get(Delivery.Status.SENT, 0),
        "failed": rows.get(Delivery.Status.FAILED, 0),
        "queued": rows.get(Delivery.Status.QUEUED, 0) + rows.get(Delivery.Status.SENDING, 0),
        "done": done,
        "percent": round(100 * done / total) if total else 0,
        "finished": total > 0 and done == total,
    }


def lists_for_form():
    return NewsList.objects.filter(is_active=True).select_related("council")
