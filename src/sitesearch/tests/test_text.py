"""Dutch stems and highlighted snippets."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from sitesearch.text import query_words, snippet, stem, stems_of, words

MARK_RE = re.compile(r"<mark>(.*?)</mark>", re.S)


def plain_parts(out: str) -> list[str]:
    """The unmarked stretches of a snippet, unescaped."""
    return [html.unescape(part) for part in MARK_RE.split(out)[::2]]


def marked(out: str) -> list[str]:
    return [html.unescape(m) for m in MARK_RE.findall(out)]


def test_plural_and_singular_share_a_stem():
    assert stem("uitkeringen") == stem("uitkering")
    assert stem("Brieven") == stem("brieven") != "brieven"
    assert stem("uitkeringen") in stems_of("De uitkeringen van UWV").split()


def test_snippet_marks_other_forms_of_a_word_and_escapes_html():
    out = snippet("De <b>uitkering</b> van UWV & de brief", "uitkeringen uwv")
    assert "<b>" not in out
    assert "&lt;b&gt;<mark>uitkering</mark>&lt;/b&gt;" in out
    assert "<mark>UWV</mark>" in out
    assert "&amp;" in out


def test_snippet_shows_the_stretch_with_the_most_matches():
    text = " ".join(
        ["begin"] * 50 + ["brief"] + ["midden"] * 50 + ["brief", "keuring", "brief"] + ["eind"] * 50
    )
    out = snippet(text, "brief keuring", width=12)
    assert out.count("<mark>") == 3  # the cluster, not the lone word at the start
    assert "begin" not in out
    assert out.startswith("… ") and out.endswith(" …")


def test_snippet_of_a_text_without_matches_is_its_beginning():
    out = snippet("Een korte tekst zonder het woord.", "uitkering")
    assert out == "Een korte tekst zonder het woord."
    assert "<mark>" not in out


def test_snippet_edges():
    assert snippet("", "iets") == ""
    assert snippet("!!! ...", "iets") == ""
    assert snippet("Tekst", "") == "Tekst"
    long_word = "x" * 500
    assert len(snippet(f"Code {long_word} hier", "code")) < 120
    spaces = "woord" + " " * 10_000 + "ander"
    assert len(snippet(spaces, "woord")) < 60


def test_query_words_drop_single_letters_and_punctuation():
    assert query_words('"WW" OR (uitkering*) - a') == ["ww", "or", "uitkering"]


texts = st.text(
    alphabet=st.sampled_from(list("abcdeéë uitkerng<>&\"'.,\n-_ABC")), min_size=0, max_size=300
)
queries = st.lists(
    st.sampled_from(["uitkering", "ab", "kern", "a<b", "é", "ng", "abc"]), max_size=3
)


@settings(max_examples=300, deadline=None)
@given(text=texts, query=queries.map(" ".join), width=st.integers(min_value=1, max_value=40))
def test_snippet_never_lets_markup_through(text, query, width):
    out = str(snippet(text, query, width=width))
    without_marks = out.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in without_marks and ">" not in without_marks


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=300), query=st.text(max_size=40), width=st.integers(1, 40))
def test_snippet_of_any_text_is_escaped(text, query, width):
    out = str(snippet(text, query, width=width))
    without_marks = out.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in without_marks


@settings(max_examples=300, deadline=None)
@given(text=texts, query=queries.map(" ".join), width=st.integers(min_value=1, max_value=40))
def test_every_occurrence_of_a_query_word_in_the_window_is_marked(text, query, width):
    terms = set(query_words(query))
    out = str(snippet(text, query, width=width))
    for part in plain_parts(out):
        for word in words(part.replace("…", " ")):
            assert word.lower() not in terms, (word, out)
    for word in marked(out):
        assert words(word), out


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.text(max_size=40))
def test_any_unicode_query_word_is_marked_where_it_occurs(text, query):
    terms = set(query_words(query))
    out = str(snippet(text, query, width=1000))
    for part in plain_parts(out):
        for word in words(part.replace("…", " ")):
            assert word.lower() not in terms, (word, out)
