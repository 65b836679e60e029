from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from recruitment.models import AgeBand, Application, ApplicationEvent, ApplicationStatus
from recruitment.services import applications_purge
from recruitment.tasks import applications_purge_daily

from .factories import ApplicationFactory

pytestmark = pytest.mark.django_db
S = ApplicationStatus
NOW = timezone.make_aware(datetime.datetime(2026, 11, 1, 12))


def ago(days):
    return NOW - datetime.timedelta(days=days)


def test_personal_data_of_refused_and_withdrawn_goes_after_the_retention_period(settings):
    settings.RETENTION = {**settings.RETENTION, "application": 6}
    old_rejected = ApplicationFactory(
        status=S.REJECTED,
        decided_at=ago(200),
        phone="0612345678",
        accessibility_needs="Rolstoel",
        age_band=AgeBand.FROM_45,
    )
    old_rejected.notes.create(text="Geen klik")
    ApplicationEvent.objects.create(
        application=old_rejected, to_status=S.REJECTED, at=ago(200), note="Te weinig tijd"
    )
    old_withdrawn = ApplicationFactory(status=S.WITHDRAWN, decided_at=ago(185))
    recent = ApplicationFactory(status=S.REJECTED, decided_at=ago(170))
    accepted = ApplicationFactory(status=S.ACCEPTED, decided_at=ago(900))
    waiting = ApplicationFactory(status=S.NEW, created_at=ago(900))

    assert applications_purge(now=NOW) == 2

    erased = Application.objects.get(pk=old_rejected.pk)
    assert erased.name == erased.phone == erased.motivation == erased.experience == ""
    assert erased.accessibility_needs == ""
    assert erased.email == f"verwijderd-{erased.pk}@verwijderd.invalid"
    assert erased.personal_data_erased_at == NOW
    # kept for the figures
    assert erased.status == S.REJECTED and erased.age_band == AgeBand.FROM_45
    assert erased.council_id == old_rejected.council_id
    assert erased.created_at == old_rejected.created_at and erased.decided_at == ago(200)
    assert not erased.notes.exists()
    assert [e.note for e in erased.events.all()] == [""]
    assert Application.objects.get(pk=old_withdrawn.pk).personal_data_erased_at == NOW
    for kept in (recent, accepted, waiting):
        kept.refresh_from_db()
        assert kept.personal_data_erased_at is None and kept.name

    assert applications_purge(now=NOW) == 0  # once


def test_the_period_is_a_setting(settings):
    settings.RETENTION = {**settings.RETENTION, "application": 1}
    ApplicationFactory(status=S.REJECTED, decided_at=ago(40))
    assert applications_purge(now=NOW) == 1


def test_the_nightly_task_purges(settings):
    ApplicationFactory(status=S.WITHDRAWN, decided_at=timezone.now() - datetime.timedelta(days=400))
    assert applications_purge_daily.call_local() == 1
