"""Writing the audit log. Every service that changes something, or shows personal data, calls
``audit_log``; entries are written in the caller's transaction so a rolled-back change leaves no
entry behind."""

from __future__ import annotations

import contextlib
import contextvars
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry


@dataclass
class Watch:
    written: bool = False


_watch: contextvars.ContextVar[Watch | None] = contextvars.ContextVar("audit_watch", default=None)


@contextlib.contextmanager
def watch():
    """Notes whether anything in the block wrote an audit entry (``watch().written``): a page
    that logs who saw it is never kept in a cache (common.membercache)."""
    seen = Watch()
    token = _watch.set(seen)
    try:
        yield seen
    finally:
        _watch.reset(token)


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
    seen = _watch.get()
    if seen is not None:
        seen.written = True
    return entry
