"""Periodic privacy work for accounts."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .models import Invitation


@db_periodic_task(crontab(hour="3", minute="30"))
def invitations_purge() -> int:
    """Invitations hold an e-mail address: delete them some months after they were used,
    revoked or expired (settings.RETENTION["invitation"])."""
    cutoff = timezone.now() - timedelta(days=30 * settings.RETENTION["invitation"])
    deleted, _ = Invitation.objects.filter(
        Q(accepted_at__lt=cutoff) | Q(revoked_at__lt=cutoff) | Q(expires_at__lt=cutoff)
    ).delete()
    return deleted


@db_periodic_task(crontab(hour="3", minute="40"))
def member_directory_leavers_purge() -> int:
    """What a former member shared for the member directory is not kept (collect the least)."""
    from .services import member_directory_leavers_forget

    return member_directory_leavers_forget()
