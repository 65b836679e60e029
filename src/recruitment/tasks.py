from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services import applications_purge


@db_periodic_task(crontab(hour="3", minute="50"))
def applications_purge_daily() -> int:
    """Every night: erase personal data of applications that were not accepted, after the
    retention period."""
    return applications_purge()
