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
from common.pagecache_hooks import tags_for

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


def test_a_save_bumps_the_version_at_once_and_again_on_commit(django_capture_on_commit_callbacks):
    from councils.tests.factories import CouncilFactory

    council = CouncilFactory()
    before = pagecache._versions(["councils"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        council.name = "Nieuwe naam"
        council.save()
        during = pagecache._versions(["councils"])
    assert during != before
    assert callbacks
    for callback in callbacks:
        callback()
    assert pagecache._versions(["councils"]) != during
