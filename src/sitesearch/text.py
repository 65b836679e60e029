"""Words, Dutch stems and highlighted snippets for search results.

The search backends rank and match; they do not give portable highlights (the database backends
give none), so the snippet is cut here: the stretch of text with the most query words, each
word that matches the query (same Dutch stem, or starting with a query word) in ``<mark>``."""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WORD_RE = re.compile(r"\w+", re.UNICODE)
_stemmer = snowballstemmer.stemmer("dutch")


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word.lower())


def words(text: str) -> list[str]:
    return WORD_RE.findall(text or "")


def stems_of(text: str) -> str:
    """The stems of a text, each once, in order: what ``SearchEntry.stems`` holds."""
    seen: dict[str, None] = {}
    for word in words(text):
        if len(word) > 1:
            seen.setdefault(stem(word), None)
    return " ".join(seen)


def query_words(query: str) -> list[str]:
    return [w.lower() for w in words(query) if len(w) > 1]


def _matches(word: str, terms: list[str], term_stems: set[str]) -> bool:
    lower = word.lower()
    return stem(lower) in term_stems or any(lower.startswith(t) for t in terms if len(t) > 2)


def snippet(text: str, query: str, *, width: int = 30) -> SafeString:
    """About ``width`` words of ``text`` around the best match, with matches marked."""
    terms = query_words(query)
    term_stems = {stem(t) for t in terms}
    tokens = list(WORD_RE.finditer(text or ""))
    if not tokens:
        return mark_safe("")  # noqa: S308 (empty)
    hits = [i for i, m in enumerate(tokens) if _matches(m.group(), terms, term_stems)]
    start = 0
    if hits:
        # The window of ``width`` words that holds the most hits.
        best, j = (0, hits[0]), 0
        for i, first in enumerate(hits):
            while hits[j] < first - width // 3:
                j += 1
            count = sum(1 for h in hits[i:] if h < first + width)
            if count > best[0]:
                best = (count, first)
        start = max(0, best[1] - width // 3)
    end = min(len(tokens), start + width)
    begin_at = tokens[start].start()
    end_at = tokens[end - 1].end()
    out = ["… " if start > 0 else ""]
    pos = begin_at
    hit_set = set(hits)
    for i in range(start, end):
        m = tokens[i]
        out.append(escape(text[pos : m.start()]))
        if i in hit_set:
            out.append(f"<mark>{escape(m.group())}</mark>")
        else:
            out.append(escape(m.group()))
        pos = m.end()
    out.append(escape(text[pos:end_at]))
    if end < len(tokens):
        out.append(" …")
    return mark_safe("".join(out))  # noqa: S308 (every piece of text is escaped above)
