from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from accounts.tests.factories import UserFactory
from common.audit import audit_log
from common.models import AuditEntry, OutboxMessage
from common.tasks import retention_purge_platform

pytestmark = pytest.mark.django_db


def test_entry_records_who_what_and_which_object():
    user = UserFactory(email="wie@raadsplein.example")
    entry = audit_log(
        actor=user, action="test.view", obj=user, personal_data=True, details={"x": 1}
    )
    assert entry.actor_repr == "wie@raadsplein.example"
    assert entry.object_id == str(user.pk) and entry.content_type.model == "user"
    assert entry.personal_data and entry.details == {"x": 1}


def test_anonymous_actor():
    assert audit_log(actor=None, action="login.failed").actor_repr == "anoniem"


def test_a_rolled_back_change_leaves_no_entry():
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_log(actor=None, action="iets")
        raise RuntimeError
    assert not AuditEntry.objects.exists()


def test_retention_removes_old_entries_and_sent_mail_only(settings):
    settings.RETENTION = {**settings.RETENTION, "audit_log": 24, "outbox": 3}
    old = audit_log(actor=None, action="oud")
    AuditEntry.objects.filter(pk=old.pk).update(at=timezone.now() - datetime.timedelta(days=800))
    audit_log(actor=None, action="nieuw")
    sent = OutboxMessage.objects.create(
        to=["a@b.example"],
        subject="s",
        body_text="t",
        status=OutboxMessage.Status.SENT,
        sent_at=timezone.now() - datetime.timedelta(days=120),
    )
    queued = OutboxMessage.objects.create(to=["a@b.example"], subject="s", body_text="t")
    OutboxMessage.objects.filter(pk=queued.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=400)
    )
    result = retention_purge_platform.call_local()
    assert result == {"audit": 1, "outbox": 1}
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["nieuw"]
    assert not OutboxMessage.objects.filter(pk=sent.pk).exists()
    assert OutboxMessage.objects.filter(pk=queued.pk).exists()  # never drop unsent mail


def test_expired_sessions_are_cleared():
    from django.contrib.sessions.models import Session

    from common.tasks import sessions_clear

    Session.objects.create(
        session_key="oud", session_data="x", expire_date=timezone.now() - datetime.timedelta(days=1)
    )
    Session.objects.create(
        session_key="nieuw",
        session_data="x",
        expire_date=timezone.now() + datetime.timedelta(days=1),
    )
    sessions_clear.call_local()
    assert list(Session.objects.values_list("session_key", flat=True)) == ["nieuw"]
