"""Periodic work for meetings: action item reminders."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services import action_items_remind


@db_periodic_task(crontab(hour="7", minute="30"))
def action_items_remind_daily() -> dict:
    return action_items_remind()
