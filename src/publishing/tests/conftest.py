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


@pytest.fixture(autouse=True)
def _default_language_after():
    """A request to an /en/ page leaves English active in this thread (LocaleMiddleware does not
    undo it); the next test would see English messages."""
    yield
    from django.utils import translation

    translation.deactivate()
