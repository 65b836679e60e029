"""Placing social posts in the background. A task that runs twice places nothing twice:
`publication_send` claims a publication under a row lock before it calls the platform."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import services


@db_task()
def publication_send_task(publication_id: int) -> str | None:
    return services.publication_send(publication_id)


@db_periodic_task(crontab(minute="*"))
def social_dispatch_task() -> dict:
    return services.social_dispatch()
