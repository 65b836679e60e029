from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services import reminders_send


@db_periodic_task(crontab(hour="7", minute="45"))
def proposals_reminders_daily() -> dict:
    return reminders_send()
