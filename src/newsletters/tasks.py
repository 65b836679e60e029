"""Sending news flashes in the background. Running a task twice sends nothing twice: each
delivery is sent only by the run that claimed it while it was queued."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from .services import MAX_FAILED_RUNS, RUN_RETRY_SECONDS, flash_deliver, flashes_resume


@db_task(retries=MAX_FAILED_RUNS - 1, retry_delay=RUN_RETRY_SECONDS)
def flash_deliver_task(flash_id: int) -> dict:
    return flash_deliver(flash_id)


@db_periodic_task(crontab(minute="*"))
def flash_sweep() -> list[int]:
    """Every minute: take over flashes whose run stopped (a killed worker, a lost task)."""
    return flashes_resume()


@db_periodic_task(crontab(hour="3", minute="40"))
def subscribers_purge_task() -> dict:
    from .services import subscribers_purge

    return subscribers_purge()
