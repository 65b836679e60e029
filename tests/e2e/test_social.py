"""Social media in the browser (issue 7): an editor publishes a news item in Wagtail, makes a post
of it, sees it previewed for two channels (Mastodon and Bluesky, each with its own length limit),
fixes a text that is too long, and schedules it. Every screen of ours on the way has no axe-core
violation of WCAG 2.2 A and AA."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from .test_newsflash import _log_in_with_second_step

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def channels(public_site):
    from social.models import Channel
    from social.tests.factories import ChannelFactory

    return [
        ChannelFactory(name="Mastodon van de CCR"),
        ChannelFactory(
            name="Bluesky van de CCR",
            platform=Channel.Platform.BLUESKY,
            account_name="ccr.bsky.social",
            secrets={"identifier": "ccr.bsky.social", "app_password": "abcd-efgh"},
        ),
    ]


def _publish_news_item_in_wagtail(page, title: str):
    from publishing.models import NewsIndexPage, NewsItem

    index = NewsIndexPage.objects.live().first()
    page.goto(f"/beheer/pages/add/publishing/newsitem/{index.pk}/")
    page.locator("#id_title").fill(title)
    page.locator("#id_intro").fill("De raden zoeken leden van alle leeftijden. Doet u mee?")
    page.locator("[data-w-dropdown-target='toggle']").last.click()
    with page.expect_navigation():
        page.get_by_role("button", name="Publiceren").click()
    item = NewsItem.objects.get(title=title)
    assert item.live
    return item


def test_an_editor_publishes_a_news_item_and_previews_it_for_two_channels(
    page, public_site, channels, log_in, assert_accessible
):
    from social.models import Post, Publication

    _log_in_with_second_step(page, log_in, public_site["editor"])
    item = _publish_news_item_in_wagtail(page, "Jonge leden gezocht")

    page.goto("/sociale-media/")
    assert_accessible(page)
    page.goto(f"/sociale-media/nieuw/?pagina={item.pk}")
    text = page.get_by_label("Tekst", exact=True)
    assert text.input_value().startswith("Jonge leden gezocht")
    assert page.locator("#id_link").input_value().endswith("/jonge-leden-gezocht/")
    assert_accessible(page)

    # An own text for Bluesky that is too long: the live preview says so while typing.
    page.get_by_text("Een eigen tekst per kanaal").click()
    page.get_by_label("Eigen tekst voor Bluesky van de CCR").fill("Lang verhaal. " * 30)
    problem = page.get_by_text("Te lang voor Bluesky", exact=False)
    problem.wait_for()
    assert_accessible(page)

    page.get_by_role("button", name="Opslaan en voorbeeld bekijken").click()
    page.get_by_text("Het bericht is opgeslagen.", exact=False).wait_for()
    previews = page.locator(".social-preview")
    assert previews.count() == 2
    assert page.get_by_role("heading", name="Mastodon van de CCR").is_visible()
    assert page.get_by_role("heading", name="Bluesky van de CCR").is_visible()
    assert page.get_by_text("Te lang voor Bluesky", exact=False).is_visible()
    assert_accessible(page)

    # Placing is refused while a channel's text is too long; nothing is lost.
    page.get_by_role("button", name="Plaatsen", exact=True).click()
    page.get_by_text("Het bericht kan nog niet weg", exact=False).wait_for()
    assert Publication.objects.count() == 0
    own = page.get_by_label("Eigen tekst voor Bluesky van de CCR")
    assert own.input_value().startswith("Lang verhaal.")
    assert_accessible(page)

    # Shorter: both fit. Scheduled for tomorrow, so nothing goes out in this test.
    page.get_by_text("Een eigen tekst per kanaal").click() if not own.is_visible() else None
    own.fill("Jonge leden gezocht! Doet u mee?")
    page.get_by_role("button", name="Opslaan en voorbeeld bekijken").click()
    page.get_by_text("Het bericht is opgeslagen.", exact=False).wait_for()
    assert page.locator(".social-preview__ok").count() == 2
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    page.get_by_label("Later plaatsen, op een tijdstip").check()
    page.get_by_label("Datum en tijd").fill(tomorrow.strftime("%Y-%m-%dT10:00"))
    page.get_by_role("button", name="Plaatsen", exact=True).click()
    page.get_by_text("Het bericht is ingepland.").wait_for()
    assert_accessible(page)
    post = Post.objects.get()
    assert post.page_id == item.pk
    assert sorted(p.text for p in post.publications.all())[0].startswith("Jonge leden gezocht")
    assert {p.status for p in post.publications.all()} == {Publication.Status.QUEUED}


def test_the_channel_screens_are_accessible(page, public_site, channels, log_in, assert_accessible):
    _log_in_with_second_step(page, log_in, public_site["editor"])
    page.goto("/sociale-media/kanalen/")
    assert page.get_by_role("link", name="Mastodon van de CCR").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Koppel een LinkedIn-account").click()
    assert_accessible(page)
    # Refused without the secret: the error is shown, what was typed (not secret) stays.
    page.get_by_label("Naam van het kanaal").fill("LinkedIn van Noord")
    page.get_by_role("button", name="Koppelen").click()
    page.locator(".error-summary").wait_for()
    assert page.get_by_label("Naam van het kanaal").input_value() == "LinkedIn van Noord"
    assert_accessible(page)


def test_placing_now_shows_each_channels_result(page, public_site, log_in, assert_accessible):
    """Against local fakes of Mastodon and Bluesky: placed on both, each with its link; then one
    that fails shows the platform's own error and a way to try again."""
    from social.models import Channel, Publication
    from social.tests import fakes
    from social.tests.factories import ChannelFactory, PostFactory

    mastodon_server, bluesky_server = fakes.FakeServer().start(), fakes.FakeServer().start()
    try:
        mastodon = fakes.install_mastodon(mastodon_server)
        bluesky = fakes.install_bluesky(bluesky_server)
        channels = [
            ChannelFactory(
                name="Mastodon van de CCR",
                api_base=mastodon_server.url,
                secrets={"access_token": mastodon.token},
            ),
            ChannelFactory(
                name="Bluesky van de CCR",
                platform=Channel.Platform.BLUESKY,
                api_base=bluesky_server.url,
                secrets={"identifier": bluesky.identifier, "app_password": bluesky.password},
            ),
        ]
        post = PostFactory(text="De raad zoekt leden.", channels=channels)
        _log_in_with_second_step(page, log_in, public_site["editor"])
        page.goto(f"/sociale-media/{post.pk}/")
        page.get_by_role("button", name="Plaatsen", exact=True).click()
        page.get_by_text("Het bericht wordt geplaatst.").wait_for()
        page.get_by_role("link", name="bekijk het bericht op Mastodon").wait_for()
        assert page.get_by_role("link", name="bekijk het bericht op Bluesky").is_visible()
        assert_accessible(page)
        assert len(mastodon_server.calls("POST", "/api/v1/statuses")) == 1
        assert len(bluesky.records) == 1

        # Mastodon refuses the next one for its content: the editor sees why, where they work.
        mastodon_server.queue(
            "POST",
            "/api/v1/statuses",
            fakes.Reply(422, json={"error": "Validation failed: Text looks like spam"}),
        )
        second = PostFactory(text="Nog een bericht.", channels=channels[:1])
        page.goto(f"/sociale-media/{second.pk}/")
        page.get_by_role("button", name="Plaatsen", exact=True).click()
        page.locator(".social-status__error", has_text="Text looks like spam").wait_for()
        assert page.get_by_role(
            "button", name="Opnieuw proberen op Mastodon van de CCR"
        ).is_visible()
        assert_accessible(page)
        assert second.publications.get().status == Publication.Status.FAILED
    finally:
        mastodon_server.stop()
        bluesky_server.stop()
