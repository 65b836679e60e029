"""The outbox: channels connected with encrypted credentials, posts placed once per channel,
retries with backoff, expired tokens, posts that may exist, scheduling and interrupted workers.
Every platform call goes to a local fake server (`fakes.py`) that checks the request's shape."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from cryptography.fernet import Fernet
from django.db import connection
from django.utils import timezone

from social import crypto, services
from social.connectors.mastodon import MastodonConnector
from social.models import Attempt, Channel, Post, Publication
from social.services import SocialError

from . import fakes
from .factories import ChannelFactory, PostFactory
from .fakes import Reply

pytestmark = pytest.mark.django_db

STATUSES = "/api/v1/statuses"


@pytest.fixture
def mastodon(fake_platform):
    fake = fakes.install_mastodon(fake_platform)
    channel = ChannelFactory(api_base=fake_platform.url, secrets={"access_token": fake.token})
    return fake, channel


@pytest.fixture
def linkedin(fake_platform):
    fake = fakes.install_linkedin(fake_platform)
    channel = ChannelFactory(
        platform=Channel.Platform.LINKEDIN,
        api_base=fake_platform.url,
        secrets={"organization_id": fake.organization_id, "access_token": fake.token},
    )
    return fake, channel


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _submit(post, capture, **kwargs):
    with capture(execute=True):
        return services.post_submit(post=post, actor=None, **kwargs)


def _due_now(publication):
    Publication.objects.filter(pk=publication.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )


# --- channels and credentials -----------------------------------------------------------------


def test_connecting_checks_the_credentials_and_stores_them_encrypted(fake_platform, roles):
    fake = fakes.install_mastodon(fake_platform)
    channel = services.channel_connect(
        platform="mastodon",
        name="Mastodon van Noord",
        api_base=fake_platform.url,
        credentials={"access_token": fake.token},
        actor=roles["editor"],
    )
    channel.refresh_from_db()
    assert channel.status == Channel.Status.ACTIVE
    assert channel.account_name.startswith("@raad")
    assert fake.token not in channel.credentials  # encrypted at rest
    assert crypto.decrypt(channel.credentials) == {"access_token": fake.token}
    assert fake_platform.calls("GET", "/api/v1/accounts/verify_credentials")


def test_refused_credentials_show_the_platforms_error_and_store_nothing(fake_platform, roles):
    fakes.install_mastodon(fake_platform)
    with pytest.raises(SocialError, match="The access token is invalid"):
        services.channel_connect(
            platform="mastodon",
            name="Fout",
            api_base=fake_platform.url,
            credentials={"access_token": "verkeerd"},
            actor=roles["editor"],
        )
    assert not Channel.objects.exists()


def test_an_unreachable_server_is_said_plainly(roles):
    with pytest.raises(SocialError, match="niet bereikbaar"):
        services.channel_connect(
            platform="mastodon",
            name="Weg",
            api_base="http://127.0.0.1:9",
            credentials={"access_token": "x"},
            actor=roles["editor"],
        )


def test_credential_keys_can_be_rotated(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.SOCIAL_CREDENTIALS_KEYS = [old]
    token = crypto.encrypt({"access_token": "geheim"})
    settings.SOCIAL_CREDENTIALS_KEYS = [new, old]
    assert crypto.decrypt(token) == {"access_token": "geheim"}
    rotated = crypto.rotate(token)
    settings.SOCIAL_CREDENTIALS_KEYS = [new]
    assert crypto.decrypt(rotated) == {"access_token": "geheim"}
    with pytest.raises(crypto.CredentialsUnreadable):
        crypto.decrypt(token)


# --- placing ----------------------------------------------------------------------------------


def test_a_post_is_placed_once_with_its_address_and_attempt_kept(
    mastodon, django_capture_on_commit_callbacks, fake_platform
):
    fake, channel = mastodon
    post = PostFactory(
        text="De raad zoekt leden.", link="https://raadsplein.example/nieuws/x/", channels=[channel]
    )
    [publication] = _submit(post, django_capture_on_commit_callbacks)
    publication.refresh_from_db()
    assert publication.status == Publication.Status.PUBLISHED
    assert publication.remote_url.startswith(fake_platform.url + "/@raad/")
    [attempt] = publication.tries.all()
    assert attempt.outcome == Attempt.Outcome.PUBLISHED and attempt.finished_at
    [call] = fake_platform.calls("POST", STATUSES)
    assert call.field("status") == "De raad zoekt leden.\n\nhttps://raadsplein.example/nieuws/x/"
    assert call.headers["idempotency-key"] == publication.key

    # Running the task again (a duplicate in the queue) places nothing.
    assert services.publication_send(publication.pk) is None
    assert len(fake_platform.calls("POST", STATUSES)) == 1
    post.refresh_from_db()
    assert post.status == Post.Status.SUBMITTED


def test_a_post_with_an_image_sends_it_with_its_alt_text(
    mastodon, media, django_capture_on_commit_callbacks, fake_platform
):
    from publishing.demo_news import demo_image

    fake, channel = mastodon
    picture = demo_image()
    post = PostFactory(text="Met beeld", image=picture, channels=[channel])
    [publication] = _submit(post, django_capture_on_commit_callbacks)
    publication.refresh_from_db()
    assert publication.status == Publication.Status.PUBLISHED
    [upload] = fake_platform.calls("POST", "/api/v2/media")
    assert upload.parts["description"].text == picture.description
    assert upload.parts["file"].data[:3] == b"\xff\xd8\xff"  # a JPEG rendition
    [status] = fake_platform.calls("POST", STATUSES)
    assert status.form["media_ids[]"] == list(fake.media)


def test_a_failure_is_retried_with_backoff_and_the_same_idempotency_key(
    mastodon, django_capture_on_commit_callbacks, fake_platform
):
    fake, channel = mastodon
    fake_platform.queue("POST", STATUSES, Reply(503, json={"error": "Mastodon is down"}))
    post = PostFactory(channels=[channel])
    before = timezone.now()
    [publication] = _submit(post, django_capture_on_commit_callbacks)
    publication.refresh_from_db()
    assert publication.status == Publication.Status.QUEUED
    assert "Mastodon is down" in publication.last_error
    assert publication.next_attempt_at >= before + timedelta(seconds=60)
    [attempt] = publication.tries.all()
    assert (attempt.outcome, attempt.http_status) == (Attempt.Outcome.RETRY, 503)

    assert services.social_dispatch() == {"swept": 0, "tried": 0}  # not due yet
    _due_now(publication)
    assert services.social_dispatch() == {"swept": 0, "tried": 1}
    publication.refresh_from_db()
    assert publication.status == Publication.Status.PUBLISHED and publication.attempts == 2
    keys = {call.headers["idempotency-key"] for call in fake_platform.calls("POST", STATUSES)}
    assert keys == {publication.key}
    assert len(fake.statuses_by_key) == 1


def test_the_delay_doubles_and_stops_after_the_last_attempt(
    mastodon, settings, django_capture_on_commit_callbacks, fake_platform
):
    settings.SOCIAL_MAX_ATTEMPTS = 3
    fake, channel = mastodon
    down = Reply(502, json={"error": "Bad gateway"})
    fake_platform.queue("POST", STATUSES, down, down, down)
    [publication] = _submit(PostFactory(channels=[channel]), django_capture_on_commit_callbacks)
    delays = []
    for _ in range(2):
        publication.refresh_from_db()
        delays.append(publication.next_attempt_at - publication.tries.last().started_at)
        _due_now(publication)
        services.publication_send(publication.pk)
    publication.refresh_from_db()
    assert [round(d.total_seconds() / 60) for d in delays] == [1, 2]
    assert publication.status == Publication.Status.FAILED
    assert "Gestopt na 3 pogingen" in publication.last_error
    assert publication.tries.count() == 3

    # The editor tries again: a fresh series, and this time it works.
    services.publication_retry(publication=publication, actor=None)
    services.publication_send(publication.pk)
    publication.refresh_from_db()
    assert publication.status == Publication.Status.PUBLISHED


def test_an_expired_token_asks_for_reconnecting(
    mastodon, django_capture_on_commit_callbacks, fake_platform
):
    fake, channel = mastodon
    fake.token = "a-new-token-the-old-one-expired"
    [publication] = _submit(PostFactory(channels=[channel]), django_capture_on_commit_callbacks)
    publication.refresh_from_db()
    channel.refresh_from_db()
    assert publication.status == Publication.Status.FAILED
    assert "The access token is invalid" in publication.last_error
    assert channel.status == Channel.Status.RECONNECT
    assert publication.tries.get().outcome == Attempt.Outcome.RECONNECT

    with pytest.raises(SocialError, match="Koppel eerst het kanaal"):
        services.publication_retry(publication=publication, actor=None)
    later = PostFactory(channels=[channel])
    with pytest.raises(SocialError, match="niet gekoppeld"):
        services.post_submit(post=later, actor=None)

    services.channel_connect(
        platform="mastodon",
        name=channel.name,
        api_base=channel.api_base,
        credentials={"access_token": fake.token},
        actor=None,
        channel=channel,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.publication_retry(publication=publication, actor=None)
    publication.refresh_from_db()
    assert publication.status == Publication.Status.PUBLISHED
    assert len(fake.statuses_by_key) == 1  # the refused call created nothing


def test_a_post_that_may_exist_waits_for_an_editor(
    linkedin, django_capture_on_commit_callbacks, fake_platform
):
    fake, channel = linkedin
    fake_platform.queue("POST", "/rest/posts", Reply(504, json={"message": "Gateway Timeout"}))
    [publication] = _submit(PostFactory(channels=[channel]), django_capture_on_commit_callbacks)
    publication.refresh_from_db()
    assert publication.status == Publication.Status.UNKNOWN
    assert "Gateway Timeout" in publication.last_error
    _due_now(publication)
    assert services.social_dispatch()["tried"] == 0  # never retried by itself
    assert len(fake_platform.calls("POST", "/rest/posts")) == 1

    services.publication_confirm(
        publication=publication,
        url="https://www.linkedin.com/feed/update/urn:li:share:1/",
        actor=None,
    )
    publication.refresh_from_db()
    assert publication.status == Publication.Status.PUBLISHED
    assert publication.remote_url.endswith("urn:li:share:1/")
    with pytest.raises(SocialError):
        services.publication_retry(publication=publication, actor=None)


def test_a_scheduled_post_waits_for_its_time_and_can_be_taken_back(
    mastodon, django_capture_on_commit_callbacks, fake_platform
):
    fake, channel = mastodon
    post = PostFactory(channels=[channel])
    with pytest.raises(SocialError, match="toekomst"):
        services.post_submit(post=post, actor=None, publish_at=timezone.now())
    tomorrow = timezone.now() + timedelta(days=1)
    [publication] = _submit(post, django_capture_on_commit_callbacks, publish_at=tomorrow)
    assert services.social_dispatch()["tried"] == 0
    assert not fake_platform.calls("POST", STATUSES)

    services.post_unschedule(post=post, actor=None)
    post.refresh_from_db()
    assert post.status == Post.Status.DRAFT and not post.publications.exists()

    [publication] = _submit(post, django_capture_on_commit_callbacks, publish_at=tomorrow)
    _due_now(publication)
    assert services.social_dispatch()["tried"] == 1
    publication.refresh_from_db()
    assert publication.status == Publication.Status.PUBLISHED
    with pytest.raises(SocialError):
        services.post_unschedule(post=post, actor=None)


def test_an_interrupted_attempt_is_repeated_only_where_the_platform_knows_repeats(
    mastodon, linkedin
):
    now = timezone.now()
    rows = {}
    for name, (_fake, channel) in {"mastodon": mastodon, "linkedin": linkedin}.items():
        post = PostFactory(channels=[channel], status=Post.Status.SUBMITTED)
        publication = Publication.objects.create(
            post=post,
            channel=channel,
            text=post.text,
            status=Publication.Status.SENDING,
            attempts=1,
            sending_since=now - timedelta(minutes=11),
        )
        Attempt.objects.create(publication=publication, number=1, started_at=now)
        rows[name] = publication
    assert services.publication_sweep(now=now) == 2
    for publication in rows.values():
        publication.refresh_from_db()
    assert rows["mastodon"].status == Publication.Status.QUEUED
    assert rows["linkedin"].status == Publication.Status.UNKNOWN
    assert "Kijk op LinkedIn" in rows["linkedin"].last_error
    assert {a.outcome for a in Attempt.objects.all()} == {Attempt.Outcome.INTERRUPTED}


def test_a_post_too_long_for_a_channel_is_refused_before_anything_is_queued(fake_platform):
    x = ChannelFactory(
        platform=Channel.Platform.X, name="X van de CCR", secrets={"access_token": "t"}
    )
    mastodon = ChannelFactory(name="Mastodon van de CCR")
    post = PostFactory(text="Zeer lang. " * 40, channels=[x, mastodon])
    previews = {p.channel.name: p for p in services.previews(post, [x, mastodon])}
    assert previews["X van de CCR"].length == 440 - 1
    assert "Te lang voor X" in " ".join(previews["X van de CCR"].problems)
    assert previews["Mastodon van de CCR"].problems == []

    post.texts = {str(x.pk): "Kort voor X"}
    post.save()
    assert services.previews(post, [x])[0].problems == []
    post.texts = {}
    post.save()
    with pytest.raises(SocialError, match="Te lang voor X"):
        services.post_submit(post=post, actor=None)
    assert not Publication.objects.exists()
    assert Post.objects.get(pk=post.pk).status == Post.Status.DRAFT


def test_a_second_worker_during_an_attempt_finds_nothing_to_do(mastodon, monkeypatch):
    """While one worker is busy with the platform, the row is 'sending': another worker that
    picks up the same task (a duplicate in the queue, the minute sweep) leaves it alone."""
    fake, channel = mastodon
    post = PostFactory(channels=[channel], status=Post.Status.SUBMITTED)
    publication = Publication.objects.create(
        post=post, channel=channel, text=post.text, next_attempt_at=timezone.now()
    )
    seen = []
    original = MastodonConnector.publish

    def publish_while_another_worker_looks(self, outgoing, save_state):
        seen.append(services.publication_send(publication.pk))
        seen.append(services.social_dispatch())
        return original(self, outgoing, save_state)

    monkeypatch.setattr(MastodonConnector, "publish", publish_while_another_worker_looks)
    assert services.publication_send(publication.pk) == Publication.Status.PUBLISHED
    assert seen == [None, {"swept": 0, "tried": 0}]
    assert len(fake.statuses_by_key) == 1 and Attempt.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_place_a_post_once(fake_platform):
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory test database has no concurrent writers; see the test above")
    fake = fakes.install_mastodon(fake_platform)
    channel = ChannelFactory(api_base=fake_platform.url, secrets={"access_token": fake.token})
    post = PostFactory(channels=[channel], status=Post.Status.SUBMITTED)
    publication = Publication.objects.create(
        post=post, channel=channel, text=post.text, next_attempt_at=timezone.now()
    )
    results, start = [], threading.Barrier(2)

    def worker():
        start.wait()
        try:
            results.append(services.publication_send(publication.pk))
        except Exception as error:  # shown in the assertion below
            results.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results, key=str) == [None, Publication.Status.PUBLISHED]
    assert len(fake_platform.calls("POST", STATUSES)) == 1
    assert Attempt.objects.count() == 1
