"""Council actions: memberships. Each write is one transaction with its audit entry."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from common.audit import audit_log

from .models import Council, Membership


def membership_start(
    *, actor, user, council: Council, role: str, start_date: datetime.date | None = None
) -> Membership:
    with transaction.atomic():
        membership = Membership.objects.create(
            user=user, council=council, role=role, start_date=start_date or timezone.localdate()
        )
        audit_log(
            actor=actor,
            action="membership.start",
            obj=membership,
            details={"council": council.pk, "role": role},
        )
    return membership


def membership_end(*, actor, membership: Membership, end_date: datetime.date | None = None):
    with transaction.atomic():
        membership.end_date = end_date or timezone.localdate()
        membership.save(update_fields=["end_date"])
        audit_log(actor=actor, action="membership.end", obj=membership)
    return membership


def council_contacts_viewed(*, actor, council: Council) -> None:
    """The secretary or chair opened the member list with e-mail addresses: personal data."""
    audit_log(actor=actor, action="council.members.view_contacts", obj=council, personal_data=True)
