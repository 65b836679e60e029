"""Words, Dutch stems and highlighted snippets for search results.

The search backends rank and match; they do not give portable highlights (the database backends
give none), so the snippet is cut here: the stretch of text with the most query words, each
word that matches the query (same Dutch stem, or starting with a query word) in ``<mark>``."""

from __future__ import annotations

import re
import unicodedata
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


def fold(word: str) -> str:
    """Lower case without diacritics: "Reïntegratie" is "reintegratie", "cliënt" "client"."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# A word with hyphens inside ("re-integratie", "UWV-brieven"): the parts and the whole.
HYPHENATED_RE = re.compile(r"\w+(?:[-\u2010\u2011]\w+)*", re.UNICODE)
MIN_PART = 3  # a compound part (and the rest beside it) has at least this many letters


@lru_cache(maxsize=50_000)
def term(word: str) -> str:
    """What a word is looked up as: the Dutch stem of the word without diacritics."""
    return stem(fold(word))


@lru_cache(maxsize=1)
def _head_terms() -> frozenset[str]:
    from .compounds import HEADS

    return frozenset(t for t in map(term, HEADS) if len(t) >= MIN_PART)


@lru_cache(maxsize=50_000)
def compound_parts(word: str, depth: int = 3) -> tuple[str, ...]:
    """The known parts of a compound, as terms: "cliëntenraden" gives "raad" and "client",
    "districtscliëntenraad" also "district". A compound is split at its longest ending whose
    term is that of a known last part (``compounds.HEADS``), with at least ``MIN_PART``
    letters in front; both sides are split again the same way (the front also without a
    linking "s")."""
    word = fold(word)
    if depth == 0:
        return ()
    heads = _head_terms()
    for at in range(MIN_PART, len(word) - MIN_PART + 1):
        head, front = word[at:], word[:at]
        head_term = term(head)
        if head_term not in heads or front in STOP_WORDS:
            continue
        parts = [head_term, *compound_parts(head, depth - 1)]
        fronts = [front]
        if front.endswith("s") and len(front) > MIN_PART:
            fronts.append(front[:-1])  # the linking s: "district|s|raad"
        for piece in fronts:
            piece_term = term(piece)
            if piece_term not in STOP_WORDS:
                parts += [piece_term, *compound_parts(piece, depth - 1)]
        return tuple(dict.fromkeys(parts))
    return ()


def _word_terms(word: str) -> list[str]:
    return [term(word), *compound_parts(word)]


def terms_of(text: str) -> list[str]:
    """The terms of a text, each once, in order: of every word its stem without diacritics,
    the known parts of a compound, and a hyphenated word also written as one ("re-integratie"
    also as "reintegratie")."""
    seen: dict[str, None] = {}
    for match in HYPHENATED_RE.finditer(text or ""):
        pieces = WORD_RE.findall(match.group())
        if len(pieces) > 1:
            pieces.append("".join(pieces))
        for piece in pieces:
            if len(piece) > 1:
                for t in _word_terms(piece):
                    seen.setdefault(t, None)
    return list(seen)


def stems_of(text: str) -> str:
    """What ``SearchEntry.stems`` holds: ``terms_of`` the text, separated by spaces."""
    return " ".join(terms_of(text))


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


def search_terms(query: str) -> list[tuple[str, ...]]:
    """What a search looks for, one tuple of alternatives per word typed (every word must be
    found): the word's term (``term``), or for a stop-word stem the word itself. A hyphenated
    word is one word ("re-integratie" is "reintegratie"); when each of its parts is a word of
    its own ("UWV-brieven"), those parts together are the alternative."""
    found: list[tuple[str, ...]] = []
    for match in HYPHENATED_RE.finditer(query or ""):
        pieces = [p.lower() for p in WORD_RE.findall(match.group())]
        whole = "".join(pieces)
        if len(whole) <= 1:
            continue
        alternatives = [_query_term(whole)]
        if len(pieces) > 1 and all(len(p) >= MIN_PART for p in pieces):
            alternatives.append(" ".join(_query_term(p) for p in pieces))
        found.append(tuple(dict.fromkeys(alternatives)))
    kept = [t for t in found if t[0] not in STOP_WORDS and fold(t[0]) not in STOP_WORDS]
    return kept or found


def _query_term(word: str) -> str:
    word_term = term(word)
    # PostgreSQL's Dutch configuration drops stop words from a query: a stem that is one
    # ("willen" -> "wil") is looked up as the word itself.
    return fold(word) if word_term in STOP_WORDS else word_term


def _matches(word: str, terms: list[str], term_stems: set[str]) -> bool:
    lower = word.lower()
    return (
        stem(lower) in term_stems
        or any(lower.startswith(t) for t in terms if len(t) > 2)
        or not term_stems.isdisjoint(_word_terms(word))
    )


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
    term_stems = {stem(t) for t in terms} | {
        alternative for word in search_terms(query) for alternative in word
    }
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
