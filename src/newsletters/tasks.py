"""Sending news flashes in the background. Running a task twice sends nothing twice: each
delivery is sent only while it is queued, under a row lock."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from .models import Delivery, Flash
from .services import flash_deliver


@db_task(retries=3, retry_delay=60)
def flash_deliver_task(flash_id: int) -> dict:
    return flash_deliver(flash_id)


@db_periodic_task(crontab(minute="*/15"))
def flash_sweep() -> list[int]:
    """Pick up flashes whose sending task was lost (a worker that stopped): queued deliveries
    of a flash that started sending more than 30 minutes ago."""
    stale = timezone.now() - timedelta(minutes=30)
    flash_ids = list(
        Flash.objects.filter(
            status=Flash.Status.SENDING,
            send_started_at__lt=stale,
            deliveries__status=Delivery.Status.QUEUED,
        )
        .values_list("pk", flat=True)
        .distinct()
    )
    for flash_id in flash_ids:
        flash_deliver(flash_id)
    return flash_ids


@db_periodic_task(crontab(hour="3", minute="40"))
def subscribers_purge_task() -> dict:
    from .services import subscribers_purge

    return subscribers_purge()
