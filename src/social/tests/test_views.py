"""The editor screens: a post from a news item, the live preview, refusals that keep what was
typed, connecting a channel without ever showing its secret again, and the list's query count."""

from __future__ import annotations

import pytest

from social.models import Channel, Post, Publication

from . import fakes
from .factories import ChannelFactory, PostFactory, PublicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, roles):
    client.force_login(roles["editor"])
    return client


def test_a_new_post_starts_from_the_news_item(editor, site_pages, settings, tmp_path):
    from publishing.models import NewsItem

    settings.MEDIA_ROOT = str(tmp_path)
    item = NewsItem.objects.live().first()
    if item is None:  # the site fixture has no news: make one
        from publishing.demo_news import load_news
        from publishing.models import HomePage

        load_news(HomePage.objects.first())
        item = NewsItem.objects.live().first()
    channel = ChannelFactory(name="Mastodon van de CCR")
    html = editor.get(f"/sociale-media/nieuw/?pagina={item.pk}").content.decode()
    assert item.title in html and item.intro[:40] in html
    assert item.full_url in html
    assert f'value="{channel.pk}"' in html and "checked" in html


def test_the_live_preview_counts_per_channel(editor):
    x = ChannelFactory(platform=Channel.Platform.X, name="X", secrets={"access_token": "t"})
    mastodon = ChannelFactory(name="Mastodon")
    response = editor.post(
        "/sociale-media/voorbeeld/",
        {
            "text": "Hallo " * 60,
            "link": "https://raadsplein.example/a",
            "channels": [x.pk, mastodon.pk],
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Te lang voor X" in html
    assert "384 van de 500 tekens" in html  # 359 + two newlines + the link as 23
    assert Post.objects.count() == 0  # a preview saves nothing


def test_a_refused_post_keeps_what_was_typed(editor):
    channel = ChannelFactory()
    response = editor.post(
        "/sociale-media/nieuw/",
        {"text": "", "link": "geen link", "channels": [channel.pk], f"text_{channel.pk}": "Eigen"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Schrijf de tekst van het bericht." in html
    assert 'value="geen link"' in html and ">\nEigen</textarea>" in html
    assert Post.objects.count() == 0


def test_placing_a_post_that_is_too_long_is_refused_on_the_page(editor):
    x = ChannelFactory(platform=Channel.Platform.X, name="X", secrets={"access_token": "t"})
    post = PostFactory(text="Te lang. " * 40, channels=[x])
    response = editor.post(f"/sociale-media/{post.pk}/plaatsen/", {"when": "now"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Het bericht kan nog niet weg" in html and "Te lang voor X" in html
    assert "Te lang. Te lang." in html  # the text is still in the form
    assert not Publication.objects.exists()


def test_scheduling_needs_a_time(editor):
    post = PostFactory(channels=[ChannelFactory()])
    response = editor.post(f"/sociale-media/{post.pk}/plaatsen/", {"when": "later"})
    assert response.status_code == 400
    assert "Vul in wanneer het bericht geplaatst moet worden." in response.content.decode()


def test_connecting_a_channel_never_shows_the_secret_again(editor, fake_platform, monkeypatch):
    from social.connectors.linkedin import LinkedInConnector

    fake = fakes.install_linkedin(fake_platform)
    # LinkedIn has one fixed API root (no server address to ask); here it is the fake.
    monkeypatch.setattr(LinkedInConnector, "default_api_base", fake_platform.url)
    page = editor.get("/sociale-media/kanalen/nieuw/linkedin/").content.decode()
    assert "<h1>LinkedIn koppelen</h1>" in page
    assert 'type="password"' in page
    assert 'name="api_base"' not in page
    response = editor.post(
        "/sociale-media/kanalen/nieuw/linkedin/",
        {
            "name": "LinkedIn",
            "cred_organization_id": fake.organization_id,
            "cred_access_token": "verkeerd-geheim-123",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "LinkedIn accepteert deze gegevens niet" in html
    assert "verkeerd-geheim-123" not in html  # the refused secret is not echoed
    assert fake.organization_id in html  # what is not secret stays
    assert not Channel.objects.exists()

    response = editor.post(
        "/sociale-media/kanalen/nieuw/linkedin/",
        {
            "name": "LinkedIn",
            "cred_organization_id": fake.organization_id,
            "cred_access_token": fake.token,
        },
    )
    assert response.status_code == 302
    channel = Channel.objects.get()
    for url in (
        "/sociale-media/kanalen/",
        f"/sociale-media/kanalen/{channel.pk}/",
        "/sociale-media/",
    ):
        assert fake.token not in editor.get(url).content.decode()
    assert fake.token not in channel.credentials


def test_the_post_page_shows_each_channels_state_and_the_platforms_error(editor):
    failed = PublicationFactory(status=Publication.Status.FAILED, last_error="Rate limit exceeded")
    unknown = PublicationFactory(post=failed.post, status=Publication.Status.UNKNOWN)
    html = editor.get(f"/sociale-media/{failed.post.pk}/").content.decode()
    assert "Rate limit exceeded" in html
    assert f"/sociale-media/plaatsing/{failed.pk}/opnieuw/" in html
    assert f"/sociale-media/plaatsing/{unknown.pk}/gevonden/" in html
    assert "Het bericht staat er" in html


@pytest.mark.parametrize("size", [2, 12])
def test_the_post_list_query_count_does_not_grow(editor, django_assert_max_num_queries, size):
    channels = [ChannelFactory(), ChannelFactory()]
    for _ in range(size):
        post = PostFactory(channels=channels, status=Post.Status.SUBMITTED)
        PublicationFactory(post=post, channel=channels[0], status=Publication.Status.PUBLISHED)
    with django_assert_max_num_queries(14):
        response = editor.get("/sociale-media/")
    assert response.status_code == 200
    assert response.content.decode().count("1 geplaatst") == size


@pytest.mark.parametrize("size", [2, 12])
def test_the_channel_list_query_count_does_not_grow(editor, django_assert_max_num_queries, size):
    for n in range(size):
        ChannelFactory(name=f"Kanaal nummer {n}")
    with django_assert_max_num_queries(12):
        response = editor.get("/sociale-media/kanalen/")
    assert response.status_code == 200
    assert response.content.decode().count("Kanaal nummer ") == size
