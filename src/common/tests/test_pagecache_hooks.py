"""What invalidates which public pages (common.pagecache_hooks): the rule per app, and that a
real change bumps the tag's version (at once and on commit)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site

from common import pagecache
from common.pagecache_hooks import MEMBERS, PendingBump, tags_for, touches_members

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model",
    [Page, PageViewRestriction, Site, Redirect, get_image_model(), get_document_model()],
)
def test_wagtail_content_invalidates_the_pages(model):
    assert "pages" in tags_for(model)


def test_what_a_page_writes_while_it_is_rendered_invalidates_nothing():
    from wagtail.images.models import Rendition

    assert tags_for(Rendition) == ()


def test_a_log_in_invalidates_nothing_but_a_profile_change_does():
    user_model = get_user_model()
    assert tags_for(user_model, update_fields=frozenset({"last_login"})) == ()
    assert tags_for(user_model, update_fields=None) == ("councils",)
    assert tags_for(user_model, update_fields=frozenset({"bio"})) == ("councils",)


def test_every_tag_has_something_that_invalidates_it():
    from common.pagecache_hooks import BY_APP

    assert {t for tags in BY_APP.values() for t in tags} == pagecache.TAGS


@pytest.mark.parametrize(
    ("app", "expected"),
    [
        ("councils.Council", {"councils", "pages", "vacancies", "activities", "reports"}),
        ("councils.Membership", {"councils"}),
        ("recruitment.Vacancy", {"vacancies"}),
        ("proposals.Plan", {"proposals"}),
        ("proposals.Advice", {"advices"}),
        ("meetings.Activity", {"activities"}),
        ("reports.AnnualReport", {"reports"}),
        ("surveys.Survey", {"surveys"}),
        ("signals.Signal", {"reports"}),
    ],
)
def test_each_part_invalidates_what_shows_it(app, expected):
    from django.apps import apps

    assert expected <= set(tags_for(apps.get_model(app)))


def test_changes_in_a_transaction_bump_their_tags_once_at_commit(
    settings, django_capture_on_commit_callbacks
):
    """Production: no cache write inside the transaction, one bump for all its changes."""
    from councils.tests.factories import CouncilFactory

    settings.PAGE_CACHE_BUMP_AT_ONCE = False
    before = pagecache.tag_versions("councils", MEMBERS)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        council = CouncilFactory()
        council.name = "Nieuwe naam"
        council.save()
        CouncilFactory()
        assert pagecache.tag_versions("councils", MEMBERS) == before  # not before the commit
    bumps = [c for c in callbacks if isinstance(c, PendingBump)]
    assert len(bumps) == 1
    assert {"councils", MEMBERS} <= bumps[0].tags
    bumps[0]()
    after = pagecache.tag_versions("councils", MEMBERS)
    assert after["councils"] != before["councils"]
    assert after[MEMBERS] != before[MEMBERS]


def test_a_rolled_back_savepoint_drops_its_bump_and_the_next_change_owes_one(settings):
    from django.db import connection, transaction

    from councils.tests.factories import CouncilFactory

    settings.PAGE_CACHE_BUMP_AT_ONCE = False
    council = CouncilFactory()
    connection.run_on_commit.clear()  # as at the start of a fresh transaction
    try:
        with transaction.atomic():
            council.name = "Teruggedraaid"
            council.save()
            assert any(isinstance(entry[1], PendingBump) for entry in connection.run_on_commit)
            raise RuntimeError
    except RuntimeError:
        pass
    assert not any(isinstance(entry[1], PendingBump) for entry in connection.run_on_commit)
    council.name = "Blijft"
    council.save()
    owed = [entry[1] for entry in connection.run_on_commit if isinstance(entry[1], PendingBump)]
    assert len(owed) == 1
    assert "councils" in owed[0].tags


def test_the_tests_settings_bump_at_once_too(django_capture_on_commit_callbacks):
    """A test's transaction never commits: with PAGE_CACHE_BUMP_AT_ONCE the next request in the
    same test sees the change."""
    from councils.tests.factories import CouncilFactory

    council = CouncilFactory()
    before = pagecache.tag_versions("councils")
    council.name = "Nieuwe naam"
    council.save()
    assert pagecache.tag_versions("councils") != before


def test_bookkeeping_leaves_the_members_pages_alone():
    from django.contrib.sessions.models import Session

    from common.models import AuditEntry, OutboxMessage

    for model in (Session, AuditEntry, OutboxMessage):
        assert not touches_members(model)
    assert not touches_members(get_user_model(), update_fields=["last_login"])
    assert touches_members(get_user_model())
    assert touches_members(Page)
