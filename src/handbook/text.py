"""Plain text out of rich text: for the search index and for comparing two versions of a
chapter paragraph by paragraph."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Elements that end a paragraph: each becomes one line of text.
BLOCKS = {"p", "li", "h2", "h3", "h4", "h5", "h6", "blockquote", "div", "br", "ul", "ol"}
_SPACE = re.compile(r"\s+")


class _Paragraphs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._current: list[str] = []

    def _flush(self):
        text = _SPACE.sub(" ", "".join(self._current)).strip()
        if text:
            self.paragraphs.append(text)
        self._current = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self._flush()

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self._flush()

    def handle_data(self, data):
        self._current.append(data)

    def close(self):
        super().close()
        self._flush()


def paragraphs(html: str) -> list[str]:
    """The text of each paragraph, list item or heading in ``html``, without tags."""
    parser = _Paragraphs()
    parser.feed(str(html or ""))
    parser.close()
    return parser.paragraphs


def plain_text(html: str) -> str:
    return "\n".join(paragraphs(html))
