"""The six platforms Raadsplein posts to. `CONNECTORS` maps `Channel.Platform` values to the
connector class; the order is the order editors see."""

from __future__ import annotations

from .base import Connector
from .bluesky import BlueskyConnector
from .facebook import FacebookConnector
from .instagram import InstagramConnector
from .linkedin import LinkedInConnector
from .mastodon import MastodonConnector
from .x import XConnector

CONNECTORS: dict[str, type[Connector]] = {
    connector.platform: connector
    for connector in (
        MastodonConnector,
        BlueskyConnector,
        LinkedInConnector,
        FacebookConnector,
        InstagramConnector,
        XConnector,
    )
}


def connector_class(platform: str) -> type[Connector]:
    return CONNECTORS[platform]
