"""Comparing two versions of a chapter, section by section and paragraph by paragraph."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handbook.diff import compare, paragraph_changes
from handbook.models import HandbookChapter
from handbook.text import paragraphs, plain_text

SINCE = datetime(2026, 1, 1, tzinfo=UTC)


def _chapter(*sections, title="Hoofdstuk", intro="Inleiding"):
    """An unsaved chapter; sections are (id, title, [paragraphs])."""
    body = [
        {
            "type": "section",
            "id": key,
            "value": {"title": heading, "body": "".join(f"<p>{p}</p>" for p in texts)},
        }
        for key, heading, texts in sections
    ]
    return HandbookChapter(title=title, intro=intro, body=body)


def test_paragraphs_of_rich_text_are_its_blocks_without_tags():
    html = "<p>Een <b>vette</b> zin.</p><ul><li>een</li><li>twee &amp; drie</li></ul><h3>Kop</h3>"
    assert paragraphs(html) == ["Een vette zin.", "een", "twee & drie", "Kop"]
    assert plain_text(html) == "Een vette zin.\neen\ntwee & drie\nKop"


@pytest.mark.django_db
def test_nothing_changed_gives_no_changes():
    old = _chapter(("a", "Kop", ["Tekst."]))
    new = _chapter(("a", "Kop", ["Tekst."]))
    assert not compare(old, new, since=SINCE)


@pytest.mark.django_db
def test_a_changed_paragraph_an_added_and_a_removed_section():
    old = _chapter(
        ("a", "Vergaderen", ["Eerste alinea.", "Oude tweede alinea."]),
        ("b", "Weg", ["Dit verdwijnt."]),
    )
    new = _chapter(
        ("a", "Vergaderen", ["Eerste alinea.", "Nieuwe tweede alinea.", "Extra."]),
        ("c", "Nieuw", ["Helemaal nieuw."]),
    )
    changes = compare(old, new, since=SINCE)
    kinds = {c.title: c for c in changes.sections}
    assert kinds["Vergaderen"].kind == "changed"
    assert kinds["Vergaderen"].added == ["Nieuwe tweede alinea.", "Extra."]
    assert kinds["Vergaderen"].removed == ["Oude tweede alinea."]
    assert kinds["Vergaderen"].anchor == "vergaderen"
    assert kinds["Nieuw"].kind == "added" and kinds["Nieuw"].added == ["Helemaal nieuw."]
    assert kinds["Weg"].kind == "removed" and kinds["Weg"].anchor == ""
    assert not changes.intro_changed and not changes.old_title


@pytest.mark.django_db
def test_a_renamed_section_is_matched_by_its_block_and_sections_without_ids_by_title():
    old = _chapter(("a", "Oude kop", ["Zelfde."]), ("", "Vaste kop", ["Oud."]))
    new = _chapter(("a", "Nieuwe kop", ["Zelfde."]), ("", "Vaste kop", ["Nieuw."]))
    changes = compare(old, new, since=SINCE)
    renamed, edited = changes.sections
    assert renamed.kind == "changed" and renamed.old_title == "Oude kop"
    assert renamed.added == renamed.removed == []
    assert edited.title == "Vaste kop" and edited.added == ["Nieuw."]


@pytest.mark.django_db
def test_title_and_intro_changes_are_told():
    old = _chapter(("a", "Kop", ["x"]), title="Oud", intro="Eerst")
    new = _chapter(("a", "Kop", ["x"]), title="Nieuw", intro="Later")
    changes = compare(old, new, since=SINCE)
    assert changes and changes.old_title == "Oud" and changes.intro_changed


texts = st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), max_size=8)


@given(texts, texts)
def test_paragraph_changes_take_from_old_and_new_exactly_what_differs(old, new):
    added, removed = paragraph_changes(old, new)
    if old == new:
        assert added == removed == []
    # What is left of each after the changes is the same text.
    assert Counter(old) - Counter(removed) == Counter(new) - Counter(added)
    assert not Counter(added) - Counter(new) and not Counter(removed) - Counter(old)
