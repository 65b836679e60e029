"""Periodic work for signals: retraining the theme model and deleting contact details."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from .services import signals_purge_private
from .themes import classifier_train


@db_task(retries=2, retry_delay=300)
@lock_task("signals-retrain")
def signals_retrain() -> str:
    return classifier_train().version


@db_periodic_task(crontab(day_of_week="1", hour="4", minute="0"))
@lock_task("signals-retrain")
def signals_retrain_weekly() -> str:
    """Every Monday night: learn from the themes members set that week."""
    return classifier_train().version


@db_periodic_task(crontab(hour="3", minute="45"))
def signals_purge_private_daily() -> int:
    return signals_purge_private()
