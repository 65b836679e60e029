"""The six social connectors against local fakes that check each request's documented shape."""

from __future__ import annotations

import io
import socket
import time

import pytest
import requests
from PIL import Image

from social.connectors import base
from social.connectors.base import ConnectorError, Media, Outcome, Outgoing
from social.connectors.bluesky import BlueskyConnector, graphemes, link_facets, rkey_for, tid
from social.connectors.facebook import FacebookConnector
from social.connectors.instagram import InstagramConnector
from social.connectors.linkedin import LinkedInConnector, commentary
from social.connectors.mastodon import MastodonConnector
from social.connectors.x import XConnector

from . import fakes
from .fakes import Reply, Through

KEY = "0123456789abcdef0123456789abcdef"


def jpeg(width: int = 40, height: int = 30) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 60)).save(buffer, "JPEG")
    return buffer.getvalue()


def image(width: int = 40, height: int = 30, *, alt: str = "Leden van de raad aan tafel", **kw):
    defaults = {
        "data": jpeg(width, height),
        "content_type": "image/jpeg",
        "filename": "raad.jpg",
        "alt": alt,
        "width": width,
        "height": height,
        "public_url": "https://raadsplein.example/media/raad.jpg",
    }
    return Media(**{**defaults, **kw})


def outgoing(text: str = "De raad zoekt nieuwe leden.", **kw) -> Outgoing:
    return Outgoing(text=text, key=KEY, **kw)


class State:
    """Collects what a connector saves, like the outbox does."""

    def __init__(self, initial: dict | None = None):
        self.data = dict(initial or {})

    def __call__(self, update: dict) -> None:
        self.data.update(update)


def fail(call, *args) -> ConnectorError:
    with pytest.raises(ConnectorError) as info:
        call(*args)
    return info.value


@pytest.fixture
def short_timeout(monkeypatch):
    """Read time-out of 0.3 s, so a `Through(delay=1)` answer never arrives."""
    monkeypatch.setattr(base, "TIMEOUT", (2, 0.3))


class RaisingSession(requests.Session):
    def __init__(self, error: Exception):
        super().__init__()
        self.error = error

    def request(self, *args, **kwargs):
        raise self.error


def closed_port() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


# --- Mastodon -------------------------------------------------------------------------------


def mastodon(server, bearer="mastodon-token"):
    connector = MastodonConnector(credentials={"access_token": bearer}, api_base=server.url)
    connector.poll_delay = 0
    return connector


def test_mastodon_verify_names_the_account(fake_platform):
    fakes.install_mastodon(fake_platform)
    account = mastodon(fake_platform).verify()
    assert account.name == "@raad@127.0.0.1"
    assert account.url.endswith("/@raad")


def test_mastodon_wrong_token_asks_to_reconnect_with_the_platforms_message(fake_platform):
    fakes.install_mastodon(fake_platform)
    error = fail(mastodon(fake_platform, bearer="wrong").verify)
    assert error.outcome == Outcome.RECONNECT
    assert error.status == 401
    assert "The access token is invalid" in error.message
    assert error.message.startswith("Mastodon accepteert de koppeling niet meer")


def test_mastodon_text_post_is_public_with_idempotency_key_and_language(fake_platform):
    fake = fakes.install_mastodon(fake_platform)
    result = mastodon(fake_platform).publish(outgoing(language="nl"), State())
    [call] = fake_platform.calls("POST", "/api/v1/statuses")
    assert call.headers["idempotency-key"] == KEY
    assert call.field("status") == "De raad zoekt nieuwe leden."
    assert call.field("language") == "nl"
    assert result.remote_id == fake.statuses_by_key[KEY]["id"]
    assert result.url == fake.statuses_by_key[KEY]["url"]


def test_mastodon_image_waits_for_processing_and_carries_alt(fake_platform):
    fake = fakes.install_mastodon(fake_platform)
    fake.processing_polls = 2  # 202 first, then 206 twice, then the url
    state = State()
    mastodon(fake_platform).publish(outgoing(media=image()), state)
    [upload] = fake_platform.calls("POST", "/api/v2/media")
    assert upload.parts["file"].content_type == "image/jpeg"
    assert upload.parts["file"].data[:2] == b"\xff\xd8"
    assert upload.field("description") == "Leden van de raad aan tafel"
    assert len(fake_platform.calls("GET")) == 3
    [status] = fake_platform.calls("POST", "/api/v1/statuses")
    assert status.form["media_ids[]"] == [state.data["media_id"]]


def test_mastodon_gives_up_waiting_for_a_slow_image_as_retry(fake_platform):
    fake = fakes.install_mastodon(fake_platform)
    fake.processing_polls = 50
    connector = mastodon(fake_platform)
    connector.media_polls = 3
    error = fail(connector.publish, outgoing(media=image()), State())
    assert error.outcome == Outcome.RETRY
    assert not fake_platform.calls("POST", "/api/v1/statuses")


def test_mastodon_429_is_retry_after_the_platforms_wait(fake_platform):
    fakes.install_mastodon(fake_platform)
    fake_platform.queue(
        "POST",
        "/api/v1/statuses",
        Reply(429, json={"error": "Too many requests"}, headers={"Retry-After": "120"}),
    )
    error = fail(mastodon(fake_platform).publish, outgoing(), State())
    assert (error.outcome, error.retry_after) == (Outcome.RETRY, 120)
    assert "Too many requests" in error.message


def test_mastodon_5xx_on_create_is_retry_because_the_key_makes_it_safe(fake_platform):
    fakes.install_mastodon(fake_platform)
    fake_platform.queue("POST", "/api/v1/statuses", Reply(503, json={"error": "Down"}))
    error = fail(mastodon(fake_platform).publish, outgoing(), State())
    assert error.outcome == Outcome.RETRY
    assert MastodonConnector.retry_is_safe


def test_mastodon_refused_content_is_refused_with_the_reason(fake_platform):
    fakes.install_mastodon(fake_platform)
    error = fail(mastodon(fake_platform).publish, outgoing("x" * 501), State())
    assert error.outcome == Outcome.REFUSED
    assert "character limit" in error.message


def test_mastodon_lost_answer_then_retry_posts_once_with_the_same_key(fake_platform, short_timeout):
    fake = fakes.install_mastodon(fake_platform)
    fake_platform.queue("POST", "/api/v1/statuses", Through(delay=1))
    error = fail(mastodon(fake_platform).publish, outgoing(), State())
    assert error.outcome == Outcome.RETRY
    result = mastodon(fake_platform).publish(outgoing(), State())
    calls = fake_platform.calls("POST", "/api/v1/statuses")
    assert [c.headers["idempotency-key"] for c in calls] == [KEY, KEY]
    assert len(fake.statuses_by_key) == 1
    assert result.remote_id == fake.statuses_by_key[KEY]["id"]


def test_mastodon_counts_links_as_23_and_mentions_by_their_local_part():
    link = "https://raadsplein.example/nieuws/een-heel-lang-adres-van-een-nieuwsbericht"
    assert MastodonConnector.length(f"Lees {link}.") == len("Lees .") + 23
    assert MastodonConnector.length("Hallo @raad@mastodon.example") == len("Hallo @raad")
    assert MastodonConnector.rules.counts_urls_as == 23


# --- Bluesky --------------------------------------------------------------------------------


def bluesky(server, login="app-pass-word"):
    return BlueskyConnector(
        credentials={"identifier": "raad.bsky.social", "app_password": login},
        api_base=server.url,
    )


def test_bluesky_verify_logs_in_with_the_app_password(fake_platform):
    fakes.install_bluesky(fake_platform)
    account = bluesky(fake_platform).verify()
    assert account.name == "@raad.bsky.social"
    assert account.url == "https://bsky.app/profile/raad.bsky.social"


def test_bluesky_wrong_password_asks_to_reconnect(fake_platform):
    fakes.install_bluesky(fake_platform)
    error = fail(bluesky(fake_platform, login="fout").verify)
    assert error.outcome == Outcome.RECONNECT
    assert "Invalid identifier or password" in error.message


def test_bluesky_text_post_has_a_link_facet_with_byte_offsets_and_a_saved_tid(fake_platform):
    fake = fakes.install_bluesky(fake_platform)
    link = "https://raadsplein.example/nieuws/één"
    state = State()
    text = f"De cliëntenraad 👋 zoekt leden: {link}"
    result = bluesky(fake_platform).publish(outgoing(text, link=link), state)
    rkey = state.data["rkey"]
    record = fake.records[rkey]
    assert fakes.TID_RE.match(rkey)
    assert record["langs"] == ["nl"]
    assert record["facets"][0]["features"][0]["uri"] == link  # the fake checks the offsets too
    assert result.url == f"https://bsky.app/profile/raad.bsky.social/post/{rkey}"
    assert result.remote_id == f"at://did:plc:raad123/app.bsky.feed.post/{rkey}"


def test_bluesky_image_is_uploaded_raw_and_embedded_with_alt_and_aspect(fake_platform):
    fake = fakes.install_bluesky(fake_platform)
    state = State()
    bluesky(fake_platform).publish(outgoing(media=image(40, 30)), state)
    [upload] = fake_platform.calls("POST", "/xrpc/com.atproto.repo.uploadBlob")
    assert upload.content_type == "image/jpeg"
    assert upload.bearer() == fake.jwt
    assert upload.body[:2] == b"\xff\xd8"
    [picture] = fake.records[state.data["rkey"]]["embed"]["images"]
    assert picture["alt"] == "Leden van de raad aan tafel"
    assert picture["aspectRatio"] == {"width": 40, "height": 30}


def test_bluesky_lost_answer_then_retry_finds_the_record_instead_of_creating_again(
    fake_platform, short_timeout
):
    fake = fakes.install_bluesky(fake_platform)
    fake_platform.queue("POST", "/xrpc/com.atproto.repo.createRecord", Through(delay=1))
    state = State()
    error = fail(bluesky(fake_platform).publish, outgoing(), state)
    assert error.outcome == Outcome.RETRY
    assert len(fake.records) == 1  # it was made, the answer got lost

    result = bluesky(fake_platform).publish(outgoing(state=dict(state.data)), state)
    assert len(fake_platform.calls("POST", "/xrpc/com.atproto.repo.createRecord")) == 1
    assert result.url.endswith(f"/post/{state.data['rkey']}")


def test_bluesky_5xx_on_create_is_retry_with_the_same_record_key(fake_platform):
    fakes.install_bluesky(fake_platform)
    fake_platform.queue(
        "POST",
        "/xrpc/com.atproto.repo.createRecord",
        Reply(502, json={"error": "UpstreamFailure", "message": "Upstream Failure"}),
    )
    state = State()
    error = fail(bluesky(fake_platform).publish, outgoing(), state)
    assert error.outcome == Outcome.RETRY
    assert "Upstream Failure" in error.message
    first_rkey = state.data["rkey"]
    bluesky(fake_platform).publish(outgoing(state=dict(state.data)), state)
    rkeys = [
        c.json["rkey"] for c in fake_platform.calls("POST", "/xrpc/com.atproto.repo.createRecord")
    ]
    assert rkeys == [first_rkey, first_rkey]


def test_bluesky_429_is_retry_after(fake_platform):
    fakes.install_bluesky(fake_platform)
    fake_platform.queue(
        "POST",
        "/xrpc/com.atproto.repo.createRecord",
        Reply(
            429,
            json={"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"},
            headers={"Retry-After": "30"},
        ),
    )
    error = fail(bluesky(fake_platform).publish, outgoing(), State())
    assert (error.outcome, error.retry_after) == (Outcome.RETRY, 30)


def test_bluesky_counts_graphemes():
    assert graphemes("e\u0301") == 1  # e + combining accent
    assert graphemes("👨‍👩‍👧") == 1  # a family: three people joined by ZWJ
    assert graphemes("🇳🇱🇧🇪") == 2  # two flags
    assert graphemes("👋🏽!") == 2
    assert BlueskyConnector.length("👍" * 300) == 300
    assert not BlueskyConnector.problems(outgoing("👍" * 300))
    assert "Te lang voor Bluesky: 301" in BlueskyConnector.problems(outgoing("a" * 301))[0]


def test_bluesky_record_keys_are_tids():
    assert tid(0, 0) == "2222222222222"
    assert fakes.TID_RE.match(rkey_for(KEY))
    assert rkey_for(KEY, now=1_700_000_000)[-2:] == rkey_for(KEY, now=1_700_000_000)[-2:]
    assert rkey_for(KEY, now=1_700_000_000) < rkey_for(KEY, now=1_700_000_001)


def test_bluesky_facets_skip_the_full_stop_after_a_link():
    [facet] = link_facets("Zie https://a.example/x.")
    assert facet["index"] == {"byteStart": 4, "byteEnd": 4 + len("https://a.example/x")}


# --- LinkedIn -------------------------------------------------------------------------------


def linkedin(server, bearer="linkedin-token"):
    return LinkedInConnector(
        credentials={"organization_id": "5583111", "access_token": bearer}, api_base=server.url
    )


def test_linkedin_verify_with_version_headers(fake_platform):
    fakes.install_linkedin(fake_platform)
    account = linkedin(fake_platform).verify()
    assert account.name == "Centrale Cliëntenraad"
    [call] = fake_platform.requests
    assert call.headers["linkedin-version"] == "202510"
    assert call.headers["x-restli-protocol-version"] == "2.0.0"


def test_linkedin_fake_refuses_a_request_without_the_version_header(fake_platform):
    fakes.install_linkedin(fake_platform)
    answer = requests.get(
        f"{fake_platform.url}/rest/organizations/5583111",
        headers={"Authorization": "Bearer linkedin-token"},
        timeout=5,
    )
    assert answer.status_code == 400
    assert "LinkedIn-Version" in answer.json()["message"]


def test_linkedin_expired_token_asks_to_reconnect(fake_platform):
    fakes.install_linkedin(fake_platform)
    error = fail(linkedin(fake_platform, bearer="old").verify)
    assert error.outcome == Outcome.RECONNECT
    assert "Invalid access token" in error.message


def test_linkedin_text_post_reads_the_id_from_the_header(fake_platform):
    fake = fakes.install_linkedin(fake_platform)
    result = linkedin(fake_platform).publish(outgoing("Vergadering (open) #raad"), State())
    [post] = fake.posts
    assert post["commentary"] == "Vergadering \\(open\\) {hashtag|\\#|raad}"
    assert "content" not in post
    assert result.remote_id == post["id"]
    assert result.url == f"https://www.linkedin.com/feed/update/{post['id']}/"


def test_linkedin_image_is_uploaded_to_the_given_url_and_saved(fake_platform):
    fake = fakes.install_linkedin(fake_platform)
    state = State()
    linkedin(fake_platform).publish(outgoing(media=image()), state)
    [put] = fake_platform.calls("PUT")
    assert put.bearer() == "linkedin-token"
    assert fake.images[state.data["image_urn"]] == put.body
    assert fake.posts[0]["content"]["media"] == {
        "id": state.data["image_urn"],
        "altText": "Leden van de raad aan tafel",
    }


def test_linkedin_retry_reuses_the_saved_image(fake_platform):
    fakes.install_linkedin(fake_platform)
    state = State()
    fake_platform.queue("POST", "/rest/posts", Reply(429, json={"message": "Slow down"}))
    error = fail(linkedin(fake_platform).publish, outgoing(media=image()), state)
    assert error.outcome == Outcome.RETRY
    linkedin(fake_platform).publish(outgoing(media=image(), state=dict(state.data)), state)
    assert len(fake_platform.calls("POST", "/rest/images")) == 1
    assert len(fake_platform.calls("PUT")) == 1


def test_linkedin_5xx_on_create_is_unknown(fake_platform):
    fakes.install_linkedin(fake_platform)
    fake_platform.queue("POST", "/rest/posts", Reply(500, json={"message": "Internal error"}))
    error = fail(linkedin(fake_platform).publish, outgoing(), State())
    assert error.outcome == Outcome.UNKNOWN
    assert "Internal error" in error.message


def test_linkedin_lost_answer_on_create_is_unknown(fake_platform, short_timeout):
    fakes.install_linkedin(fake_platform)
    fake_platform.queue("POST", "/rest/posts", Through(delay=1))
    error = fail(linkedin(fake_platform).publish, outgoing(), State())
    assert error.outcome == Outcome.UNKNOWN


def test_linkedin_5xx_on_image_upload_is_retry(fake_platform):
    fakes.install_linkedin(fake_platform)
    fake_platform.queue("POST", "/rest/images", Reply(503, json={"message": "Unavailable"}))
    error = fail(linkedin(fake_platform).publish, outgoing(media=image()), State())
    assert error.outcome == Outcome.RETRY
    assert not fake_platform.calls("POST", "/rest/posts")


def test_linkedin_429_is_retry_after(fake_platform):
    fakes.install_linkedin(fake_platform)
    fake_platform.queue(
        "POST",
        "/rest/posts",
        Reply(429, json={"message": "Too Many"}, headers={"Retry-After": "7"}),
    )
    error = fail(linkedin(fake_platform).publish, outgoing(), State())
    assert (error.outcome, error.retry_after) == (Outcome.RETRY, 7)


def test_linkedin_commentary_escapes_reserved_characters():
    assert commentary("a_b *c* [d] <e> @f ~g | h \\") == (
        "a\\_b \\*c\\* \\[d\\] \\<e\\> \\@f \\~g \\| h \\\\"
    )


# --- Facebook -------------------------------------------------------------------------------


def facebook(server, bearer="page-token", session=None):
    return FacebookConnector(
        credentials={"page_id": "1234", "page_access_token": bearer},
        api_base=server if isinstance(server, str) else server.url,
        session=session,
    )


def test_facebook_verify_reads_name_and_link(fake_platform):
    fakes.install_facebook(fake_platform)
    account = facebook(fake_platform).verify()
    assert (account.name, account.url) == ("Cliëntenraad", "https://www.facebook.com/ccr")


def test_facebook_expired_token_code_190_asks_to_reconnect(fake_platform):
    fakes.install_facebook(fake_platform)
    error = fail(facebook(fake_platform, bearer="old").publish, outgoing(), State())
    assert error.outcome == Outcome.RECONNECT
    assert "Session has expired" in error.message


def test_facebook_text_post_sends_message_link_and_token_in_the_body(fake_platform):
    fake = fakes.install_facebook(fake_platform)
    link = "https://raadsplein.example/nieuws/1"
    result = facebook(fake_platform).publish(outgoing(link=link), State())
    [call] = fake_platform.calls("POST")
    assert "access_token" not in call.query
    assert fake.posts == [{"id": result.remote_id, "message": outgoing().text, "link": link}]
    assert result.url == f"https://www.facebook.com/{result.remote_id}"


def test_facebook_photo_post_is_multipart_with_caption(fake_platform):
    fake = fakes.install_facebook(fake_platform)
    result = facebook(fake_platform).publish(outgoing(media=image()), State())
    [call] = fake_platform.calls("POST", "/v21.0/1234/photos")
    assert call.parts["source"].content_type == "image/jpeg"
    assert fake.posts[0]["caption"] == outgoing().text
    assert fake.posts[0]["published"] == "true"
    assert result.remote_id == fake.posts[0]["id"]  # the post id, not the photo id


def test_facebook_5xx_on_create_is_unknown(fake_platform):
    fakes.install_facebook(fake_platform)
    fake_platform.queue(
        "POST", "/v21.0/{page}/feed", fakes.graph_error(500, "An unknown error occurred", code=1)
    )
    error = fail(facebook(fake_platform).publish, outgoing(), State())
    assert error.outcome == Outcome.UNKNOWN
    assert "An unknown error occurred" in error.message


def test_facebook_lost_answer_on_create_is_unknown(fake_platform, short_timeout):
    fakes.install_facebook(fake_platform)
    fake_platform.queue("POST", "/v21.0/1234/feed", Through(delay=1))
    error = fail(facebook(fake_platform).publish, outgoing(), State())
    assert error.outcome == Outcome.UNKNOWN
    assert "Misschien staat het er toch" in error.message


def test_facebook_rate_limit_is_retry(fake_platform):
    fakes.install_facebook(fake_platform)
    fake_platform.queue(
        "POST",
        "/v21.0/1234/feed",
        fakes.graph_error(400, "(#4) Application request limit reached", code=4),
        Reply(429, json={"error": {"message": "Slow"}}, headers={"Retry-After": "60"}),
    )
    error = fail(facebook(fake_platform).publish, outgoing(), State())
    assert error.outcome == Outcome.RETRY
    error = fail(facebook(fake_platform).publish, outgoing(), State())
    assert (error.outcome, error.retry_after) == (Outcome.RETRY, 60)


def test_no_connection_at_all_is_retry_even_on_the_create_step():
    error = fail(facebook(closed_port()).publish, outgoing(), State())
    assert error.outcome == Outcome.RETRY


def test_connect_timeout_is_retry_but_read_timeout_on_create_is_unknown():
    connect = RaisingSession(requests.ConnectTimeout("slow connect"))
    error = fail(facebook("http://fb.invalid", session=connect).publish, outgoing(), State())
    assert error.outcome == Outcome.RETRY
    read = RaisingSession(requests.ReadTimeout("no answer"))
    error = fail(facebook("http://fb.invalid", session=read).publish, outgoing(), State())
    assert error.outcome == Outcome.UNKNOWN
    dropped = RaisingSession(requests.ConnectionError("Connection aborted."))
    error = fail(facebook("http://fb.invalid", session=dropped).publish, outgoing(), State())
    assert error.outcome == Outcome.UNKNOWN


# --- Instagram ------------------------------------------------------------------------------


def instagram(server, bearer="ig-token"):
    connector = InstagramConnector(
        credentials={"ig_user_id": "17841400000", "access_token": bearer}, api_base=server.url
    )
    connector.poll_delay = 0
    return connector


def test_instagram_verify(fake_platform):
    fakes.install_instagram(fake_platform)
    assert instagram(fake_platform).verify().name == "@clientenraad"


def test_instagram_publishes_a_container_with_caption_and_alt(fake_platform):
    fake = fakes.install_instagram(fake_platform)
    state = State()
    result = instagram(fake_platform).publish(outgoing(media=image(40, 40)), state)
    container = fake.containers[state.data["container_id"]]
    assert container["image_url"] == "https://raadsplein.example/media/raad.jpg"
    assert container["alt_text"] == "Leden van de raad aan tafel"
    assert container["status_code"] == "PUBLISHED"
    assert result.remote_id == fake.media[0]["id"] == state.data["media_id"]
    assert result.url == fake.media[0]["permalink"]


def test_instagram_already_published_container_is_not_published_again(fake_platform, short_timeout):
    fake = fakes.install_instagram(fake_platform)
    fake_platform.queue("POST", "/v21.0/{user}/media_publish", Through(delay=1))
    state = State()
    error = fail(instagram(fake_platform).publish, outgoing(media=image(40, 40)), state)
    assert error.outcome == Outcome.RETRY  # the saved container makes a retry safe
    assert "media_id" not in state.data

    again = outgoing(media=image(40, 40), state=dict(state.data))
    result = instagram(fake_platform).publish(again, state)
    assert len(fake_platform.calls("POST", "/v21.0/17841400000/media_publish")) == 1
    assert len(fake.containers) == 1
    assert result.remote_id == fake.media[0]["id"]


def test_instagram_expired_token_asks_to_reconnect(fake_platform):
    fakes.install_instagram(fake_platform)
    error = fail(
        instagram(fake_platform, bearer="old").publish, outgoing(media=image(40, 40)), State()
    )
    assert error.outcome == Outcome.RECONNECT
    assert "Session has expired" in error.message


def test_instagram_problems_image_required_shape_and_public_address():
    assert any(
        "alleen berichten met een afbeelding" in p for p in InstagramConnector.problems(outgoing())
    )
    assert any(
        "vorm van afbeelding" in p
        for p in InstagramConnector.problems(outgoing(media=image(400, 100)))
    )
    assert not InstagramConnector.problems(outgoing(media=image(100, 100)))
    assert any(
        "openbaar adres" in p
        for p in InstagramConnector.problems(outgoing(media=image(public_url="")))
    )
    assert any(
        "JPEG" in p
        for p in InstagramConnector.problems(outgoing(media=image(content_type="image/png")))
    )
    assert InstagramConnector.rules.links_clickable is False


# --- X --------------------------------------------------------------------------------------


def x(server, bearer="x-token", changed=None, **credentials):
    return XConnector(
        credentials={"access_token": bearer, **credentials},
        api_base=server.url,
        on_credentials_changed=changed,
    )


def test_x_verify_reads_the_username(fake_platform):
    fakes.install_x(fake_platform)
    account = x(fake_platform).verify()
    assert (account.name, account.url) == ("@clientenraad", "https://x.com/clientenraad")


def test_x_wrong_token_without_refresh_asks_to_reconnect(fake_platform):
    fakes.install_x(fake_platform)
    error = fail(x(fake_platform, bearer="old").verify)
    assert error.outcome == Outcome.RECONNECT
    assert "Unauthorized" in error.message
    assert not fake_platform.calls("POST", "/2/oauth2/token")


def test_x_text_post(fake_platform):
    fake = fakes.install_x(fake_platform)
    state = State()
    result = x(fake_platform).publish(outgoing(), state)
    assert fake.tweets == [{"id": result.remote_id, "text": outgoing().text}]
    assert result.url == f"https://x.com/clientenraad/status/{result.remote_id}"
    assert state.data["username"] == "clientenraad"


def test_x_image_with_alt_text(fake_platform):
    fake = fakes.install_x(fake_platform)
    state = State()
    x(fake_platform).publish(outgoing(media=image()), state)
    media_id = state.data["media_id"]
    assert fake.media[media_id]["alt"] == "Leden van de raad aan tafel"
    assert fake.tweets[0]["media"] == {"media_ids": [media_id]}
    [upload] = fake_platform.calls("POST", "/2/media/upload")
    assert upload.parts["media"].data[:2] == b"\xff\xd8"


def test_x_expired_token_is_refreshed_stored_and_the_call_repeated(fake_platform):
    fake = fakes.install_x(fake_platform)
    fake.token = "x-token-expired-on-server"
    stored = []
    connector = x(
        fake_platform, changed=stored.append, refresh_token="x-refresh", client_id="x-client"
    )
    result = connector.publish(outgoing(state={"username": "clientenraad"}), State())
    assert stored == [
        {"access_token": "x-token-new", "refresh_token": "x-refresh-new", "client_id": "x-client"}
    ]
    assert [c.bearer() for c in fake_platform.calls("POST", "/2/tweets")] == [
        "x-token",
        "x-token-new",
    ]
    assert result.remote_id == fake.tweets[0]["id"]


def test_x_refused_refresh_asks_to_reconnect(fake_platform):
    fake = fakes.install_x(fake_platform)
    fake.token = "x-token-expired-on-server"
    stored = []
    connector = x(fake_platform, changed=stored.append, refresh_token="used", client_id="x-client")
    error = fail(connector.verify)
    assert error.outcome == Outcome.RECONNECT
    assert stored == []


def test_x_5xx_on_create_is_unknown_and_429_is_retry(fake_platform):
    fakes.install_x(fake_platform)
    fake_platform.queue(
        "POST",
        "/2/tweets",
        Reply(503, json={"title": "Service Unavailable", "detail": "Service Unavailable"}),
        Reply(
            429,
            json={"title": "Too Many Requests", "detail": "Too Many Requests"},
            headers={"Retry-After": "900"},
        ),
    )
    state = {"username": "clientenraad"}
    error = fail(x(fake_platform).publish, outgoing(state=state), State())
    assert error.outcome == Outcome.UNKNOWN
    error = fail(x(fake_platform).publish, outgoing(state=state), State())
    assert (error.outcome, error.retry_after) == (Outcome.RETRY, 900)


def test_x_rate_limit_without_retry_after_waits_until_the_reset(fake_platform):
    fakes.install_x(fake_platform)
    reset = int(time.time()) + 600
    fake_platform.queue(
        "POST",
        "/2/tweets",
        Reply(429, json={"title": "Too Many Requests"}, headers={"x-rate-limit-reset": reset}),
    )
    error = fail(x(fake_platform).publish, outgoing(state={"username": "c"}), State())
    assert error.outcome == Outcome.RETRY
    assert 590 <= error.retry_after <= 600


def test_mastodon_without_an_instance_address_asks_to_reconnect():
    connector = MastodonConnector(credentials={"access_token": "t"}, api_base="")
    assert fail(connector.verify).outcome == Outcome.RECONNECT


def test_x_duplicate_is_refused_with_the_detail(fake_platform):
    fakes.install_x(fake_platform)
    detail = "You are not allowed to create a Tweet with duplicate content."
    fake_platform.queue(
        "POST", "/2/tweets", Reply(403, json={"title": "Forbidden", "detail": detail})
    )
    error = fail(x(fake_platform).publish, outgoing(state={"username": "c"}), State())
    assert error.outcome == Outcome.REFUSED
    assert detail in error.message


def test_x_counts_weighted_with_links_as_23():
    assert XConnector.length("abc") == 3
    assert XConnector.length("日本語") == 6
    assert XConnector.length("👍🏽") == 2
    assert XConnector.length("👨‍👩‍👧") == 2
    assert XConnector.length("Zie https://raadsplein.example/" + "a" * 80) == 4 + 23
    assert XConnector.problems(outgoing("日" * 141))
    assert not XConnector.problems(outgoing("日" * 140))


# --- shared rules ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "connector",
    [
        MastodonConnector,
        BlueskyConnector,
        LinkedInConnector,
        FacebookConnector,
        InstagramConnector,
        XConnector,
    ],
)
def test_every_connector_names_its_limits_and_fields(connector):
    assert connector.platform and connector.label
    assert all(len(field) == 3 for field in connector.credential_fields)
    too_long = outgoing("a" * (connector.rules.max_length + 1), media=image(40, 40))
    assert any("Te lang" in problem for problem in connector.problems(too_long))
    no_alt = outgoing(media=image(40, 40, alt=""))
    assert any("alt-tekst" in problem for problem in connector.problems(no_alt))
