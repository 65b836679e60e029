"""The news flash as a mail that mail clients and spam filters accept (issue 17).

Every flash is a list mail: ``List-Id`` (RFC 2919) names the list the reader is on, and
``List-Unsubscribe`` with ``List-Unsubscribe-Post`` (RFC 8058) lets a mail client unsubscribe
with one click. The mail has a text part and an HTML part with the same content: the council's
name, the introduction, per page its title (a link), summary and image (with its alt text; no
tracking pixel), the independence line the site shows in its footer, and the reader's own links
to change their lists or unsubscribe. A preview or test mail names no reader: its links go to a
page that says they are examples, and the mail says so too."""

from __future__ import annotations

import html
import logging
from email.header import Header

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _

from common.site import absolute_url, page_full_url, site_host

from .models import Flash, NewsList, Subscriber
from .tokens import make_token

logger = logging.getLogger(__name__)

# The links of a preview or a test mail: the views answer with a page that says so.
EXAMPLE_TOKEN = "voorbeeld"  # noqa: S105 - not a secret
IMAGE_SPEC = "max-560x560|format-jpeg"  # fits the 600 pixels wide column mail clients show


def flash_pages(flash: Flash) -> list[dict]:
    """The chosen pages that anyone can still open (live, and not made private since the flash
    was sent off), with absolute links on SITE_URL, their summary and image (computed once per
    sending). A reader never meets a login wall behind a link."""
    return [_item(page) for page in flash.pages.live().public().specific()]


def _item(page) -> dict:
    summary = getattr(page, "intro", "") or getattr(page, "search_description", "") or ""
    item = {
        "title": page.title,
        "url": page_full_url(page),
        "summary": " ".join(html.unescape(strip_tags(str(summary))).split()),
        "image_url": "",
        "image_alt": "",
    }
    image = getattr(page, "image", None)
    alt = " ".join((getattr(page, "alt_text", "") or "").split())
    if image is None or not alt:  # an image no one can describe is left out, not shown blank
        return item
    try:
        rendition = image.get_rendition(IMAGE_SPEC)
    except Exception:  # noqa: BLE001 - a missing original file: the flash goes without the image
        logger.warning("News flash: no rendition of image %s", image.pk, exc_info=True)
        return item
    item.update(
        image_url=absolute_url(rendition.url),
        image_alt=alt,
        image_width=rendition.width,
        image_height=rendition.height,
    )
    return item


def reader_list(flash: Flash, subscriber: Subscriber | None) -> NewsList | None:
    """The list this reader gets the flash through: the first (by name) of the flash's lists
    they are on; for a preview or test, the flash's first list."""
    lists = flash.lists.select_related("council").order_by("name")
    if subscriber is not None and subscriber.pk:
        mine = lists.filter(subscribers=subscriber).first()
        if mine is not None:
            return mine
    return lists.first()


def sender_name(news_list: NewsList | None) -> str:
    """Who the flash is from: a council's own list names the council; the others the site."""
    if news_list is not None and news_list.council_id:
        return news_list.council.name
    return settings.SITE_NAME


def list_id(news_list: NewsList | None) -> str:
    """RFC 2919: ``"Nieuwsflits <name>" <nieuwsflits.<list-slug>.<SITE_URL host>>``. The id is
    plain ASCII; a name with other letters goes in an RFC 2047 encoded word."""
    if news_list is None:
        name, label = settings.SITE_NAME, "nieuwsflits"
    else:
        name = news_list.council.name if news_list.council_id else news_list.name
        label = "nieuwsflits." + (
            slugify(news_list.name)[:60].strip("-") or f"lijst-{news_list.pk}"
        )
    phrase = _("Nieuwsflits %(name)s") % {"name": name}
    return f"{_phrase(phrase)} <{label}.{site_host()}>"


def _phrase(text: str) -> str:
    text = " ".join(text.split())
    if text.isascii():
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    # Encoded words of at most 75 characters, on one line (a header value has no line breaks).
    return Header(text, "utf-8").encode().replace("\n", "")


def links(subscriber: Subscriber | None) -> dict:
    token = make_token(subscriber) if subscriber is not None else EXAMPLE_TOKEN
    return {
        "manage_url": absolute_url(reverse("newsletters:manage", args=[token])),
        "unsubscribe_url": absolute_url(reverse("newsletters:unsubscribe", args=[token])),
    }


def list_headers(news_list: NewsList | None, subscriber: Subscriber | None) -> dict:
    mailto = getattr(settings, "NEWSFLASH_UNSUBSCRIBE_MAILTO", "afmelden@raadsplein.local")
    return {
        "List-Id": list_id(news_list),
        "List-Unsubscribe": f"<{links(subscriber)['unsubscribe_url']}>, "
        f"<mailto:{mailto}?subject=afmelden>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def flash_context(
    flash: Flash, subscriber: Subscriber | None = None, pages=None, news_list=None
) -> dict:
    return {
        "flash": flash,
        "pages": flash_pages(flash) if pages is None else pages,
        "site_url": settings.SITE_URL.rstrip("/"),
        "site_name": settings.SITE_NAME,
        "sender_name": sender_name(news_list),
        "news_list": news_list,
        "example": subscriber is None,
        **links(subscriber),
    }


def render_flash(flash: Flash, subscriber: Subscriber | None = None, pages=None, news_list=None):
    """(text, html) of the flash for this reader (None: a preview or test with example links)."""
    if news_list is None:
        news_list = reader_list(flash, subscriber)
    context = flash_context(flash, subscriber, pages, news_list)
    text = render_to_string("newsletters/email/flash.txt", context, using="text")
    html_part = render_to_string("newsletters/email/flash.html", context)
    return text, html_part
