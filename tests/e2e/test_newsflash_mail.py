"""The HTML part of a news flash passes the same accessibility rules as the site (issue 17): a real
flash with a news item (summary, image with alt text) goes through the local SMTP server, is read
back with the standard library's strict parser, and axe-core checks its HTML in the browser."""

from __future__ import annotations

import email
from email import policy

import pytest

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_html_of_a_flash_has_no_wcag_violations(
    page, public_site, live_server, settings, smtp_server, assert_accessible
):
    from newsletters import services
    from newsletters.lists import council_list
    from newsletters.models import Delivery
    from newsletters.tests.factories import FlashFactory, SubscriberFactory, news_item_with_image
    from publishing.models import NewsIndexPage

    settings.SITE_URL = live_server.url  # the image and the links load from the test server
    item = news_item_with_image(NewsIndexPage.objects.get(locale__language_code="nl"))
    news = council_list(public_site.council)
    subscriber = SubscriberFactory(email="lezer@example.org", lists=[news])
    flash = FlashFactory(subject="Nieuws van de raad", lists=[news], status="sending")
    flash.pages.add(item)
    Delivery.objects.create(flash=flash, subscriber=subscriber)
    services.flash_deliver(flash.pk)

    [mail] = smtp_server.to("lezer@example.org")
    message = email.message_from_bytes(mail["raw"], policy=policy.strict)
    html = message.get_body(("html",)).get_content()
    page.set_content(html)
    assert page.locator("img").get_attribute("alt") == "Vijf raadsleden aan een lange tafel"
    assert page.title() == "Nieuws van de raad"
    assert_accessible(page)
