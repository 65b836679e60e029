from __future__ import annotations

import pytest


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def news(media, roles, site_pages):
    """The demo's Dutch news index, with its items (its English version has none)."""
    from publishing.models import NewsIndexPage

    return NewsIndexPage.objects.get(pk=site_pages["news_index"])
