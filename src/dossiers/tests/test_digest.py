"""The digest e-mail about followed dossiers: real SMTP to the local server, once per period,
never twice, only what others added in dossiers the member may still see."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from common.models import OutboxMessage, Visibility
from dossiers import services
from dossiers.models import DigestPreference, Follow
from dossiers.tasks import dossiers_digest_daily
from dossiers.tests.factories import DigestPreferenceFactory, DossierFactory, DossierUpdateFactory

pytestmark = pytest.mark.django_db


def _monday(weeks_ahead: int = 1) -> datetime.datetime:
    today = timezone.localdate()
    day = today + datetime.timedelta(days=(7 - today.weekday()) % 7 or 7)
    day += datetime.timedelta(weeks=weeks_ahead - 1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(6, 15)))


def _follow(user, dossier, days_ago=3):
    follow = Follow.objects.create(user=user, dossier=dossier)
    Follow.objects.filter(pk=follow.pk).update(
        since=timezone.now() - datetime.timedelta(days=days_ago)
    )


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def go(now=None):
        with django_capture_on_commit_callbacks(execute=True):
            return services.digests_send(now=now)

    return go


def test_a_daily_digest_arrives_once_with_what_others_added(roles, smtp_server, run):
    member = roles["member"]
    DigestPreferenceFactory(user=member, frequency="daily")
    dossier = DossierFactory(council=roles.council, title="Brieven in B1")
    _follow(member, dossier)
    DossierUpdateFactory(dossier=dossier, author=roles["secretary"], text="Gesprek met UWV gehad.")
    DossierUpdateFactory(dossier=dossier, author=member, text="Mijn eigen notitie.")

    assert run() == 1
    [mail] = smtp_server.to(member.email)
    assert mail["subject"] == "Nieuws in 1 dossier dat u volgt"
    assert "Brieven in B1" in mail["text"] and "Gesprek met UWV gehad." in mail["text"]
    assert "Mijn eigen notitie." not in mail["text"]
    assert f"/dossiers/{dossier.pk}/" in mail["text"] and "/dossiers/e-mail/" in mail["text"]

    # Running again (a retry, the next day without news) sends nothing.
    smtp_server.clear()
    assert run() == 0
    assert dossiers_digest_daily.call_local() == 0
    assert smtp_server.messages == []
    assert DigestPreference.objects.get(user=member).sent_until is not None


def test_a_linked_item_is_named_only_to_a_follower_who_may_open_it(roles, smtp_server, run):
    from proposals.tests.factories import AdviceFactory

    follower = roles["member_other"]
    DigestPreferenceFactory(user=follower, frequency="daily")
    dossier = DossierFactory(
        council=roles.other_council, councils=[roles.council], title="Samen met Noord"
    )
    _follow(follower, dossier)
    # Noord's draft advice: noord's until it is sent, so not for Limburg's member.
    draft = AdviceFactory(councils=[roles.council], title="Concept van Noord")
    services.link_object(actor=roles["member"], dossier=dossier, kind="advice", obj=draft)

    assert run() == 1
    [mail] = smtp_server.to(follower.email)
    assert "Samen met Noord" in mail["text"]
    assert "Concept van Noord" not in mail["text"]
    assert "Een koppeling die u niet kunt openen." in mail["text"]


def test_the_next_digest_has_only_what_is_new_since_the_last(roles, smtp_server, run):
    member = roles["member"]
    DigestPreferenceFactory(user=member, frequency="daily")
    dossier = DossierFactory(council=roles.council)
    _follow(member, dossier)
    DossierUpdateFactory(dossier=dossier, author=roles["secretary"], text="Eerste nieuws")
    run()
    DossierUpdateFactory(dossier=dossier, author=roles["secretary"], text="Tweede nieuws")
    smtp_server.clear()
    assert run() == 1
    [mail] = smtp_server.to(member.email)
    assert "Tweede nieuws" in mail["text"] and "Eerste nieuws" not in mail["text"]


def test_updates_from_before_following_are_left_out(roles, smtp_server, run):
    member = roles["member"]
    DigestPreferenceFactory(user=member, frequency="daily")
    dossier = DossierFactory(council=roles.council)
    DossierUpdateFactory(dossier=dossier, author=roles["secretary"], text="Oud nieuws")
    Follow.objects.create(user=member, dossier=dossier)
    assert run() == 0


def test_weekly_readers_get_theirs_on_monday_only(roles, smtp_server, run):
    member = roles["member"]  # no preference: weekly is the default
    dossier = DossierFactory(council=roles.council)
    _follow(member, dossier)
    DossierUpdateFactory(dossier=dossier, author=roles["secretary"], text="Nieuws van de week")
    monday = _monday()
    assert run(now=monday + datetime.timedelta(days=1)) == 0  # a Tuesday
    assert run(now=monday) == 1
    assert "Nieuws van de week" in smtp_server.to(member.email)[0]["text"]
    assert run(now=monday + datetime.timedelta(hours=1)) == 0


def test_never_means_no_mail(roles, smtp_server, run):
    DigestPreferenceFactory(user=roles["member"], frequency="never")
    dossier = DossierFactory(council=roles.council)
    _follow(roles["member"], dossier)
    DossierUpdateFactory(dossier=dossier, author=roles["secretary"])
    assert run() == 0 and smtp_server.messages == []


def test_a_dossier_the_member_may_no_longer_see_is_left_out(roles, smtp_server, run):
    member = roles["member_other"]
    DigestPreferenceFactory(user=member, frequency="daily")
    visible = DossierFactory(council=roles.council, title="Open voor alle raden")
    hidden = DossierFactory(
        council=roles.council, title="Nu alleen Noord", visibility=Visibility.COUNCIL
    )
    for dossier in (visible, hidden):
        _follow(member, dossier)
        DossierUpdateFactory(dossier=dossier, author=roles["secretary"], text="Nieuws")
    assert run() == 1
    [mail] = smtp_server.to(member.email)
    assert "Open voor alle raden" in mail["text"] and "Nu alleen Noord" not in mail["text"]


def test_a_failed_send_is_retried_by_the_outbox_not_written_again(roles, smtp_server, run):
    member = roles["member"]
    DigestPreferenceFactory(user=member, frequency="daily")
    dossier = DossierFactory(council=roles.council)
    _follow(member, dossier)
    DossierUpdateFactory(dossier=dossier, author=roles["secretary"])
    smtp_server.fail_next = 1
    run()
    message = OutboxMessage.objects.get(kind="dossier.digest")
    assert message.status == "queued" and smtp_server.messages == []
    run()
    assert OutboxMessage.objects.filter(kind="dossier.digest").count() == 1
