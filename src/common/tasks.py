"""Background tasks of the platform. Every task is idempotent: running it twice changes nothing
more than running it once."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, on_startup

from .models import AuditEntry, OutboxMessage
from .outbox import claim_lease, outbox_deliver, outbox_resume

# 30 s, 1 min, 2 min ... about 2 hours over the retries.
RETRY = {"retries": 7, "retry_delay": 30, "retry_backoff": 2}


@db_task(**RETRY)
def outbox_send(message_id: int) -> bool:
    return outbox_deliver(message_id=message_id)


@db_periodic_task(crontab(minute="*"))
def outbox_sweep() -> int:
    """Every minute: send what a stopped worker left (lapsed claims, lost tasks)."""
    return len(outbox_resume())


@on_startup()
def resume_after_start() -> None:
    """A worker that comes back picks up what a killed one left, without waiting for the
    minute: now, and once more when the claims of the killed worker have lapsed."""
    from django.db import close_old_connections

    close_old_connections()
    try:
        resume_all()
    finally:
        close_old_connections()
    resume_all_task.schedule(delay=claim_lease().total_seconds() + 1)


def resume_all() -> None:
    from django.apps import apps

    outbox_resume()
    for app in apps.get_app_configs():  # parts that send in batches (news flashes) add theirs
        resume = getattr(app, "resume_after_worker_stop", None)
        if resume:
            resume()


@db_task()
def resume_all_task() -> None:
    resume_all()


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
