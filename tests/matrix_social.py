"""Permission matrix rows for the social media screens (/sociale-media/): editors and
administrators only. Nothing here reaches a platform: the channels point at a closed port and
the matrix test does not run on-commit tasks."""

from __future__ import annotations

from tests.matrix import DENY, Case, logged_in

READY = "social_ready"
EDITORS = logged_in(DENY, editor=200, administrator=200)
EDITORS_ACT = logged_in(DENY, editor=302, administrator=302)
EDITORS_REFUSED = logged_in(DENY, editor=400, administrator=400)


def extend_context(context):
    if context.get(READY):
        return context
    from social.models import Post, Publication
    from social.tests.factories import ChannelFactory, PostFactory, PublicationFactory

    channel = ChannelFactory(name="Mastodon van Noord")
    spare = ChannelFactory(name="Reserve")
    draft = PostFactory(text="Concept", channels=[channel])
    to_submit = PostFactory(text="Gaat weg", channels=[channel])
    scheduled = PostFactory(text="Ingepland", channels=[channel])
    failed = PublicationFactory(
        channel=channel, status=Publication.Status.FAILED, last_error="500 Server Error"
    )
    unknown = PublicationFactory(channel=channel, status=Publication.Status.UNKNOWN)
    from datetime import timedelta

    from django.utils import timezone

    scheduled.status = Post.Status.SUBMITTED
    scheduled.publish_at = timezone.now() + timedelta(days=1)
    scheduled.save()
    PublicationFactory(post=scheduled, channel=channel, next_attempt_at=scheduled.publish_at)
    context.update(
        {
            READY: True,
            "channel": channel,
            "spare_channel": spare,
            "draft_post": draft,
            "submit_post": to_submit,
            "scheduled_post": scheduled,
            "failed_publication": failed,
            "unknown_publication": unknown,
        }
    )
    return context


def _ctx(c):
    return extend_context(c)


def _at(key, suffix=""):
    return lambda c: f"/sociale-media/{_ctx(c)[key].pk}/{suffix}"


CASES = [
    Case("social:posts", lambda c: "/sociale-media/", EDITORS),
    Case("social:post_create", lambda c: "/sociale-media/nieuw/", EDITORS),
    Case(
        "social:post_create (post)",
        lambda c: "/sociale-media/nieuw/",
        EDITORS_ACT,
        method="post",
        data=lambda c: {"text": f"Bericht {c['n']}", "channels": [_ctx(c)["channel"].pk]},
    ),
    Case(
        "social:post_create (refused)",
        lambda c: "/sociale-media/nieuw/",
        EDITORS_REFUSED,
        method="post",
        data=lambda c: {"text": "", "channels": [_ctx(c)["channel"].pk]},
    ),
    Case(
        "social:preview",
        lambda c: "/sociale-media/voorbeeld/",
        EDITORS,
        method="post",
        data=lambda c: {"text": "Hallo", "channels": [_ctx(c)["channel"].pk]},
    ),
    Case("social:post", _at("draft_post"), EDITORS),
    Case(
        "social:post (post)",
        _at("draft_post"),
        EDITORS_ACT,
        method="post",
        data=lambda c: {"text": "Nieuwe tekst", "channels": [_ctx(c)["channel"].pk]},
    ),
    Case(
        "social:post (unknown)",
        lambda c: "/sociale-media/999999/",
        logged_in(DENY, editor=404, administrator=404),
    ),
    Case(
        "social:submit",
        _at("submit_post", "plaatsen/"),
        EDITORS_ACT,
        method="post",
        data=lambda c: {"when": "now"},
    ),
    Case("social:status", _at("scheduled_post", "stand/"), EDITORS),
    Case("social:unschedule", _at("scheduled_post", "terugnemen/"), EDITORS_ACT, method="post"),
    Case(
        "social:retry",
        lambda c: f"/sociale-media/plaatsing/{_ctx(c)['failed_publication'].pk}/opnieuw/",
        EDITORS_ACT,
        method="post",
    ),
    Case(
        "social:confirm",
        lambda c: f"/sociale-media/plaatsing/{_ctx(c)['unknown_publication'].pk}/gevonden/",
        EDITORS_ACT,
        method="post",
        data=lambda c: {"url": "https://mastodon.example/@raad/1"},
    ),
    Case("social:channels", lambda c: "/sociale-media/kanalen/", EDITORS),
    Case("social:channel_connect", lambda c: "/sociale-media/kanalen/nieuw/bluesky/", EDITORS),
    Case(
        "social:channel_connect (refused)",
        lambda c: "/sociale-media/kanalen/nieuw/mastodon/",
        EDITORS_REFUSED,
        method="post",
        data=lambda c: {"name": "Zonder token", "api_base": "http://127.0.0.1:9"},
    ),
    Case(
        "social:channel_connect (unknown platform)",
        lambda c: "/sociale-media/kanalen/nieuw/myspace/",
        logged_in(DENY, editor=404, administrator=404),
    ),
    Case("social:channel", lambda c: f"/sociale-media/kanalen/{_ctx(c)['channel'].pk}/", EDITORS),
    Case(
        "social:channel_disconnect",
        lambda c: f"/sociale-media/kanalen/{_ctx(c)['spare_channel'].pk}/ontkoppelen/",
        EDITORS_ACT,
        method="post",
    ),
]
