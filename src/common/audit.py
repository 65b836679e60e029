"""Writing the audit log. Every service that changes something, or shows personal data, calls
``audit_log``; entries are written in the caller's transaction so a rolled-back change leaves no
entry behind."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry


def audit_log(
    *,
    actor: Any | None,
    action: str,
    obj: models.Model | None = None,
    personal_data: bool = False,
    details: dict | None = None,
) -> AuditEntry:
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    entry = AuditEntry(
        actor=actor_obj,
        actor_repr=(actor_obj.email if actor_obj else "anoniem")[:255],
        action=action,
        personal_data=personal_data,
        details=details or {},
    )
    if obj is not None:
        entry.content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        entry.object_id = str(obj.pk)
        entry.object_repr = str(obj)[:255]
    entry.save()
    return entry
