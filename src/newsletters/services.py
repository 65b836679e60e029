"""News flash rules and side effects: subscribing with double opt-in, managing lists, composing
and sending flashes. Sending writes one Delivery per recipient, then sends them at a throttled
rate; each send locks its row and checks the status, so a retry never sends twice."""

from __future__ import annotations

import logging
import smtplib
import time
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.audit import audit_log
from common.outbox import outbox_enqueue, outbox_enqueue_template

from .models import Delivery, Flash, NewsList, Subscriber, Subscription
from .tokens import make_confirm_token, make_token

logger = logging.getLogger(__name__)

# The clock of the throttle; tests replace these.
monotonic = time.monotonic
sleep = time.sleep


class NewsletterError(Exception):
    pass


def rate_per_second() -> float:
    return float(getattr(settings, "NEWSFLASH_RATE_PER_SECOND", 10)) or 10.0


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


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
            email=f"verwijderd-{pk}{ERASED_DOMAIN}", name="", consent_source=""
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


def flash_pages(flash: Flash) -> list[dict]:
    # The chosen pages still live, with absolute links (computed once per sending).
    return [
        {"title": p.title, "url": absolute(p.url) if p.url and p.url.startswith("/") else p.url}
        for p in flash.pages.live().specific()
    ]


def flash_context(flash: Flash, subscriber: Subscriber | None, pages=None) -> dict:
    token = make_token(subscriber) if subscriber else "voorbeeld"
    return {
        "flash": flash,
        "pages": flash_pages(flash) if pages is None else pages,
        "site_url": settings.SITE_URL,
        "manage_url": absolute(reverse("newsletters:manage", args=[token])),
        "unsubscribe_url": absolute(reverse("newsletters:unsubscribe", args=[token])),
    }


def render_flash(flash: Flash, subscriber: Subscriber | None = None, pages=None):
    context = flash_context(flash, subscriber, pages)
    text = render_to_string("newsletters/email/flash.txt", context, using="text")
    html = render_to_string("newsletters/email/flash.html", context)
    return text, html


def unsubscribe_headers(subscriber: Subscriber) -> dict:
    url = absolute(reverse("newsletters:unsubscribe", args=[make_token(subscriber)]))
    mailto = getattr(settings, "NEWSFLASH_UNSUBSCRIBE_MAILTO", "afmelden@raadsplein.local")
    return {
        "List-Unsubscribe": f"<{url}>, <mailto:{mailto}?subject=afmelden>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def _message(flash: Flash, subscriber: Subscriber, connection, *, pages=None, test=False):
    text, html = render_flash(flash, subscriber, pages)
    subject = f"[{_('Test')}] {flash.subject}" if test else flash.subject
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscriber.email],
        headers=unsubscribe_headers(subscriber),
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    return message


def send_test(*, flash: Flash, user) -> None:
    """A test copy to the editor's own address, through the outbox."""
    if not user.email:
        raise NewsletterError(_("Uw account heeft geen e-mailadres."))
    probe = Subscriber(pk=0, email=user.email)
    text, html = render_flash(flash, None)
    outbox_enqueue(
        to=[user.email],
        subject=f"[{_('Test')}] {flash.subject}",
        body_text=text,
        body_html=html,
        headers=unsubscribe_headers(probe),
        kind="newsletters.test",
    )


@transaction.atomic
def flash_send(*, flash: Flash, actor) -> int:
    """Queue a delivery for every recipient (once) and start the sending task."""
    flash = Flash.objects.select_for_update().get(pk=flash.pk)
    if not flash.subject.strip():
        raise NewsletterError(_("Een nieuwsflits zonder onderwerp kan niet worden verstuurd."))
    if not flash.lists.exists():
        raise NewsletterError(_("Kies minstens één nieuwslijst."))
    existing = set(flash.deliveries.values_list("subscriber_id", flat=True))
    new = [
        Delivery(flash=flash, subscriber_id=pk)
        for pk in recipients(flash).values_list("pk", flat=True)
        if pk not in existing
    ]
    Delivery.objects.bulk_create(new, ignore_conflicts=True, batch_size=1000)
    flash.status = Flash.Status.SENDING
    flash.send_started_at = flash.send_started_at or timezone.now()
    flash.save(update_fields=["status", "send_started_at"])
    audit_log(actor=actor, action="newsletters.send", obj=flash, details={"new": len(new)})
    _schedule(flash.pk)
    return len(new)


@transaction.atomic
def flash_resend_failures(*, flash: Flash, actor) -> int:
    count = flash.deliveries.filter(status=Delivery.Status.FAILED).update(
        status=Delivery.Status.QUEUED, error="", permanent=False
    )
    if count:
        Flash.objects.filter(pk=flash.pk).update(status=Flash.Status.SENDING)
        audit_log(actor=actor, action="newsletters.resend", obj=flash, details={"n": count})
        _schedule(flash.pk)
    return count


def _schedule(flash_id: int) -> None:
    from .tasks import flash_deliver_task

    transaction.on_commit(lambda: flash_deliver_task(flash_id))


def deliver_one(delivery_id: int, connection, pages=None) -> str | None:
    """Send one delivery if it is still queued. Returns its new status (None if skipped)."""
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(of=("self",))
            .select_related("subscriber", "flash")
            .filter(pk=delivery_id, status=Delivery.Status.QUEUED)
            .first()
        )
        if delivery is None:
            return None
        subscriber = delivery.subscriber
        delivery.attempts += 1
        if subscriber.unsubscribed_at or not subscriber.confirmed_at:
            delivery.status = Delivery.Status.FAILED
            delivery.error = _("Afgemeld voor het versturen.")
            delivery.permanent = True
        else:
            try:
                _message(delivery.flash, subscriber, connection, pages=pages).send()
            except smtplib.SMTPResponseException as exc:
                delivery.status = Delivery.Status.FAILED
                delivery.permanent = exc.smtp_code >= 500
                message = exc.smtp_error
                if isinstance(message, bytes):
                    message = message.decode("utf-8", "replace")
                delivery.error = f"{exc.smtp_code} {message}"[:2000]
            except smtplib.SMTPRecipientsRefused as exc:
                delivery.status = Delivery.Status.FAILED
                code, message = next(iter(exc.recipients.values()))
                if isinstance(message, bytes):
                    message = message.decode("utf-8", "replace")
                delivery.permanent = code >= 500
                delivery.error = f"{code} {message}"[:2000]
            except Exception as exc:  # noqa: BLE001 - recorded; "resend failures" tries again
                delivery.status = Delivery.Status.FAILED
                delivery.error = f"{type(exc).__name__}: {exc}"[:2000]
            else:
                delivery.status = Delivery.Status.SENT
                delivery.sent_at = timezone.now()
                delivery.error = ""
        delivery.save(update_fields=["status", "attempts", "error", "permanent", "sent_at"])
        return delivery.status


def flash_deliver(flash_id: int) -> dict:
    """Send the queued deliveries of a flash, no faster than NEWSFLASH_RATE_PER_SECOND."""
    interval = 1.0 / rate_per_second()
    counts = {"sent": 0, "failed": 0}
    connection = get_connection(settings.OUTBOX_EMAIL_BACKEND, fail_silently=False)
    flash = Flash.objects.filter(pk=flash_id).first()
    pages = flash_pages(flash) if flash else []
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
            status = deliver_one(delivery_id, connection, pages)
            if status is None:
                continue
            n += 1
            counts["sent" if status == Delivery.Status.SENT else "failed"] += 1
            if status == Delivery.Status.FAILED:
                connection.close()  # start clean after an error answer
    finally:
        connection.close()
    if not Delivery.objects.filter(flash_id=flash_id, status=Delivery.Status.QUEUED).exists():
        Flash.objects.filter(pk=flash_id).update(status=Flash.Status.SENT, sent_at=timezone.now())
    return counts


def progress(flash: Flash) -> dict:
    from django.db.models import Count

    rows = dict(
        flash.deliveries.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    total = sum(rows.values())
    done = rows.get(Delivery.Status.SENT, 0) + rows.get(Delivery.Status.FAILED, 0)
    return {
        "total": total,
        "sent": rows.get(Delivery.Status.SENT, 0),
        "failed": rows.get(Delivery.Status.FAILED, 0),
        "queued": rows.get(Delivery.Status.QUEUED, 0),
        "done": done,
        "percent": round(100 * done / total) if total else 0,
        "finished": total > 0 and done == total,
    }


def lists_for_form():
    return NewsList.objects.filter(is_active=True).select_related("council")
