"""Background work for dossiers: reading documents' text, and the digest e-mail."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from .services import digests_send, version_extract, version_extraction_failed

logger = logging.getLogger(__name__)


@db_task(retries=3, retry_delay=60, retry_backoff=2, context=True)
def dossier_version_extract(version_id: int, task=None) -> str:
    """Read one version's text. A damaged file is marked at once; anything else (the storage
    not answering) is tried again, and marked ``failed`` after the last try. The file is kept
    either way."""
    try:
        return version_extract(version_id=version_id)
    except Exception:
        if task is not None and task.retries:
            raise
        logger.exception("Reading dossier document version %s failed", version_id)
        return version_extraction_failed(version_id=version_id)


@db_periodic_task(crontab(hour="6", minute="15"))
@lock_task("dossiers-digest")
def dossiers_digest_daily() -> int:
    """Early every morning; weekly readers get theirs on Monday."""
    return digests_send()
