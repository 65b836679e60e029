"""Background tasks of the platform. Every task is idempotent: running it twice changes nothing
more than running it once."""

from __future__ import annotations

import contextlib
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from .models import AuditEntry, OutboxMessage
from .outbox import DeliveryFailed, outbox_deliver

# 30 s, 1 min, 2 min ... about 2 hours over the retries.
RETRY = {"retries": 7, "retry_delay": 30, "retry_backoff": 2}


@db_task(**RETRY)
def outbox_send(message_id: int) -> bool:
    return outbox_deliver(message_id=message_id)


@db_periodic_task(crontab(minute="*/10"))
def outbox_sweep() -> int:
    """Re-schedule queued messages whose task was lost (a worker that stopped, a full queue)."""
    stale = timezone.now() - timedelta(minutes=30)
    count = 0
    for pk in OutboxMessage.objects.filter(
        status=OutboxMessage.Status.QUEUED, created_at__lt=stale
    ).values_list("pk", flat=True):
        with contextlib.suppress(DeliveryFailed):  # stays queued with its error
            outbox_deliver(message_id=pk)
        count += 1
    return count


def months_ago(months: int):
    return timezone.now() - timedelta(days=30 * months)


@db_periodic_task(crontab(hour="3", minute="15"))
def retention_purge_platform() -> dict:
    """Delete what is kept no longer than set (settings.RETENTION)."""
    audit, _ = AuditEntry.objects.filter(
        at__lt=months_ago(settings.RETENTION["audit_log"])
    ).delete()
    outbox, _ = OutboxMessage.objects.filter(
        status=OutboxMessage.Status.SENT, sent_at__lt=months_ago(settings.RETENTION["outbox"])
    ).delete()
    return {"audit": audit, "outbox": outbox}


@db_periodic_task(crontab(hour="4", minute="5"))
def sessions_clear() -> None:
    """Expired sessions go (anonymous visitors who sent a signal leave one behind)."""
    from django.core.management import call_command

    call_command("clearsessions")
