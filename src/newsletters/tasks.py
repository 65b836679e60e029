"""Sending news flashes in the background. Running the task twice sends nothing twice: each
delivery is sent only while it is queued, under a row lock."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from .services import flash_deliver


@db_task(retries=3, retry_delay=60)
def flash_deliver_task(flash_id: int) -> dict:
    return flash_deliver(flash_id)
