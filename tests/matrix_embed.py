"""Permission matrix rows for the embeds (issue 14): the pieces another site frames, the public
activities as JSON and the page for webmasters are public to everyone."""

from __future__ import annotations

from tests.matrix import Case, everyone

CASES = [
    Case("publishing:embed_news", lambda c: "/inbedden/nieuws/", everyone(200)),
    Case(
        "publishing:embed_news (council)", lambda c: "/inbedden/nieuws/?raad=noord", everyone(200)
    ),
    Case("publishing:embed_activities", lambda c: "/inbedden/activiteiten/", everyone(200)),
    Case("publishing:embed_signal", lambda c: "/inbedden/signaal/", everyone(200)),
    Case("publishing:activities_json", lambda c: "/agenda/openbaar.json", everyone(200)),
    Case("publishing:embed_help", lambda c: "/voor-webmasters/", everyone(200)),
]
