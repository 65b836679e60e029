"""RSS and Atom feeds of the news: all of it, and per council.

As validators read them: RSS ``channel/link`` and Atom ``link rel=alternate`` are the web page
(the news index, filtered on the council), Atom's ``id`` is the feed's own address (so each
council feed has its own), and Atom has an ``author``. The language is the items' own: the news
is written in Dutch, so an ``/en/`` address of a feed does not make it English.
"""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed, Enclosure
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from wagtail.models import Locale

from common.pagecache import mark_public
from common.site import absolute_url, page_full_url
from councils.models import Council

from .models import NewsIndexPage
from .selectors import FEED_LENGTH, article_datetime, news_items

FEED_IMAGE = "fill-1200x630|format-jpeg"


class NewsRSSFeed(Feed):
    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        return mark_public(response, "pages", "councils")  # common.pagecache (issue 18)

    # The items are Dutch (see the module's docstring).
    language = "nl"

    def get_object(self, request, council_slug=None):
        self.request = request
        if council_slug is None:
            return None
        return get_object_or_404(Council, slug=council_slug)

    def title(self, council):
        if council is None:
            return _("Nieuws van de cliëntenraden")
        return _("Nieuws van %(council)s") % {"council": council.name}

    def link(self, council):
        """The web page the feed follows: the news index, on the council's news if there is one."""
        index = NewsIndexPage.objects.live().filter(locale__language_code="nl").first()
        path = index.url if index is not None else "/"
        if council is not None:
            path += "?" + urlencode({"raad": council.slug})
        return absolute_url(path)

    def author_name(self, council):
        return council.name if council is not None else _("De cliëntenraden van UWV-cliënten")

    def author_link(self, council):
        return absolute_url("/")

    def feed_url(self, council):
        # Django's default takes the host from the request; ours is SITE_URL.
        return absolute_url(self.request.path)

    def description(self, council):
        return _("Nieuws, blogs en vlogs van de cliëntenraden van UWV-cliënten.")

    def items(self, council):
        return news_items(locale=Locale.get_default(), council=council)[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return page_full_url(item)

    def item_pubdate(self, item):
        return article_datetime(item)

    def item_updateddate(self, item):
        return item.last_published_at

    def item_enclosures(self, item):
        """The item's image, as readers and intranets show it beside the text (RSS enclosure,
        Atom rel=enclosure link)."""
        if not item.image_id:
            return []
        rendition = item.image.get_rendition(FEED_IMAGE)
        url = absolute_url(rendition.url)
        try:
            length = rendition.file.size
        except OSError:  # a rendition whose file went missing: still name it, size unknown
            length = 0
        return [Enclosure(url, str(length), "image/jpeg")]

    def item_categories(self, item):
        return [c.name for c in item.councils.all()]


class NewsAtomFeed(NewsRSSFeed):
    feed_type = Atom1Feed

    def feed_guid(self, council):
        """Atom's id: the feed's own address, one per council (not the shared web page)."""
        return self.feed_url(council)

    def subtitle(self, council):
        return self.description(council)
