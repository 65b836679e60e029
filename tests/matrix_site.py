"""Permission matrix rows for the site's address (issue 14): robots.txt and sitemap.xml, for
everyone."""

from __future__ import annotations

from tests.matrix import Case, everyone


def _points_to_the_sitemap(response, role, context):
    from django.conf import settings

    if f"Sitemap: {settings.SITE_URL}/sitemap.xml" not in response.content.decode():
        return "robots.txt does not name the sitemap on SITE_URL"
    return None


CASES = [
    Case("robots_txt", lambda c: "/robots.txt", everyone(200), check=_points_to_the_sitemap),
    Case("sitemap.xml", lambda c: "/sitemap.xml", everyone(200)),
]
