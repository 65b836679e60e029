"""Live handbook chapters in the search index, for everyone who is logged in (as the pages)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sitesearch.index import Document, register
from sitesearch.models import Audience

from .models import HandbookChapter
from .text import plain_text

KIND = "handbook"


def build_chapter(chapter: HandbookChapter) -> Document | None:
    if not chapter.live:
        return None
    url = chapter.get_url()
    if not url:  # not under any site, so nobody can open it
        return None
    parts = [chapter.intro]
    for block in chapter.body:
        parts += [block.value["title"], plain_text(block.value["body"].source)]
    return Document(
        title=chapter.title,
        body="\n".join(p for p in parts if p),
        url=url,
        audience=Audience.LOGGED_IN,
        date=chapter.last_published_at,
        # The handbook is written in Dutch only: found in every language of the interface,
        # unless it is translated (then each reader finds their own language's chapter).
        language=chapter.locale.language_code if chapter.get_translations().exists() else "",
    )


register(
    KIND,
    label=_("Handboek"),
    item_label=_("Hoofdstuk van het handboek"),
    queryset=lambda: HandbookChapter.objects.live(),
    build=build_chapter,
)
