"""Scheduled publishing: Wagtail publishes pages whose "go live" moment has come (and takes
down expired ones) only when ``manage.py publish_scheduled`` runs; Huey runs it every minute."""

import io

from django.core.management import call_command
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task


@db_periodic_task(crontab(minute="*"))
@lock_task("publishing-publish-scheduled")
def publish_scheduled_pages() -> str:
    out = io.StringIO()
    call_command("publish_scheduled", stdout=out)
    return out.getvalue()
