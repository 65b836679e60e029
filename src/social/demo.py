"""Demo data for social media: two practice channels and a draft post about a news item, so the
preview per channel can be tried. The practice channels point at a closed local port: placing a
post there fails with a clear message and never reaches a real platform."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.roles import EDITORS
from common.site import page_full_url

from .crypto import encrypt
from .models import Channel, Post

PRACTICE = "http://127.0.0.1:9"


def load(stdout=None) -> None:
    if Channel.objects.exists():
        return
    editor = get_user_model().objects.filter(groups__name=EDITORS).first()
    mastodon = Channel.objects.create(
        platform=Channel.Platform.MASTODON,
        name="Oefenkanaal Mastodon",
        api_base=PRACTICE,
        account_name="@ccr@mastodon.voorbeeld",
        credentials=encrypt({"access_token": "demo"}),
        connected_by=editor,
        connected_at=timezone.now(),
    )
    bluesky = Channel.objects.create(
        platform=Channel.Platform.BLUESKY,
        name="Oefenkanaal Bluesky",
        api_base=PRACTICE,
        account_name="ccr.bsky.voorbeeld",
        credentials=encrypt({"identifier": "ccr.bsky.voorbeeld", "app_password": "demo"}),
        connected_by=editor,
        connected_at=timezone.now(),
    )
    from publishing.models import NewsItem

    item = NewsItem.objects.live().order_by("-date").first()
    post = Post.objects.create(
        text=(
            f"{item.title}\n\n{item.intro}"
            if item
            else "De cliëntenraden zoeken nieuwe leden. Praat u mee?"
        ),
        link=page_full_url(item) if item else "",
        page=item,
        created_by=editor,
    )
    post.channels.set([mastodon, bluesky])
