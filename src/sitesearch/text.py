"""Words, Dutch stems and highlighted snippets for search results.

The search backends rank and match; they do not give portable highlights (the database backends
give none), so the snippet is cut here: the stretch of text with the most query words, each
word that matches the query (same Dutch stem, or starting with a query word) in ``<mark>``."""

from __future__ import annotations

import re
from bisect import bisect_left
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


# Snowball's Dutch stop words: PostgreSQL's Dutch configuration leaves them out of a query, so
# the search leaves them out on every backend ("brieven van UWV" finds "UWV-brieven").
STOP_WORDS = frozenset(
    """de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er maar
    om hem dan zou of wat mijn men dit zo door over ze zich bij ook tot je mij uit der daar haar
    naar heb hoe heeft hebben deze u want nog zal me zij nu ge geen omdat iets worden toch al
    waren veel meer doen toen moet ben zonder kan hun dus alles onder ja eens hier wie werd
    altijd doch wordt wezen kunnen ons zelf tegen na reeds wil kon niets uw iemand geweest
    andere""".split()  # noqa: SIM905 (a word list reads better as text)
)


def search_words(query: str) -> list[str]:
    """The words a search looks for: without stop words, unless there is nothing else."""
    typed = query_words(query)
    return [w for w in typed if w not in STOP_WORDS] or typed


def _matches(word: str, terms: list[str], term_stems: set[str]) -> bool:
    lower = word.lower()
    return stem(lower) in term_stems or any(lower.startswith(t) for t in terms if len(t) > 2)


MAX_TOKENS = 20_000  # how far into a long text the best stretch is looked for
MAX_WORD = 40  # a longer "word" (a code, a link) is shortened in the snippet
SPACE_RE = re.compile(r"\s+")


def _best_start(hits: list[int], width: int, n: int) -> int:
    """The first word of the ``width``-word window with the most hits (the earliest of equals),
    with a third of the window before the first hit it shows."""
    best_count, best_start = 0, 0
    for hit in hits:
        start = max(0, min(hit - width // 3, n - width))
        count = bisect_left(hits, start + width) - bisect_left(hits, start)
        if count > best_count:
            best_count, best_start = count, start
    return best_start


def _between(gap: str) -> str:
    """What stands between two words: white space as one space, never more than a few signs."""
    gap = SPACE_RE.sub(" ", gap)
    return gap if len(gap) <= 6 else f"{gap[:3]}…{gap[-2:]}"


def _word(word: str) -> str:
    return word if len(word) <= MAX_WORD else f"{word[:MAX_WORD]}…"


def snippet(text: str, query: str, *, width: int = 30) -> SafeString:
    """About ``width`` words of ``text`` around the best match, every word that matches the
    query in ``<mark>``; everything from ``text`` is escaped."""
    terms = query_words(query)
    term_stems = {stem(t) for t in terms}
    width = max(1, width)
    tokens = []
    for match in WORD_RE.finditer(text or ""):
        tokens.append(match)
        if len(tokens) >= MAX_TOKENS:
            break
    if not tokens:
        return mark_safe("")  # noqa: S308 (empty)
    hits = [i for i, m in enumerate(tokens) if terms and _matches(m.group(), terms, term_stems)]
    start = _best_start(hits, width, len(tokens)) if hits else 0
    end = min(len(tokens), start + width)
    hit_set = set(hits)
    out = ["… " if start > 0 else ""]
    for i in range(start, end):
        if i > start:
            out.append(escape(_between(text[tokens[i - 1].end() : tokens[i].start()])))
        word = escape(_word(tokens[i].group()))
        out.append(f"<mark>{word}</mark>" if i in hit_set else word)
    if end < len(tokens) or len(tokens) >= MAX_TOKENS:
        out.append(" …")
    else:  # the end of the text: its last sign (a full stop, a question mark) too
        out.append(escape(_between(text[tokens[-1].end() :].rstrip())))
    return mark_safe("".join(out))  # noqa: S308 (every piece of text is escaped above)
