"""The first edition: the content files, their conversion to rich text, and loading them."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, Site

from handbook.edition import inline, parse, read_edition, to_html
from handbook.models import HandbookChapter, HandbookIndexPage
from handbook.services import handbook_load
from handbook.tests.factories import edit_chapter, section
from handbook.text import paragraphs
from publishing.models import HomePage

# The chapters the issue asks for, by the slug of their file.
EXPECTED = [
    "wat-een-clientenraad-doet",
    "rollen-in-de-raad",
    "hoe-een-vergadering-gaat",
    "samenwerken-in-de-raad",
    "samenwerken-met-andere-districten",
    "samenwerken-met-de-centrale-clientenraad",
    "samenwerken-met-uwv",
    "signalen-behandelen",
    "een-advies-schrijven",
    "de-nieuwe-overlegvormen",
    "privacy-uw-plichten",
    "startgids-voor-nieuwe-leden",
]


def test_every_chapter_is_written_with_an_intro_and_three_to_six_sections():
    edition = read_edition()
    assert [c.slug for c in edition.chapters] == EXPECTED
    assert edition.intro
    for chapter in edition.chapters:
        assert chapter.intro, chapter.slug
        assert 3 <= len(chapter.sections) <= 6, chapter.slug
        for sec in chapter.sections:
            assert len(sec.title) <= 120
            words = sum(len(p.split()) for p in paragraphs(sec.html))
            assert words >= 40, f"{chapter.slug}: {sec.title} has {words} words"


def test_the_text_is_plain_dutch_with_short_sentences_and_formal_you():
    for chapter in read_edition().chapters:
        text = " ".join(paragraphs("".join(s.html for s in chapter.sections)))
        sentences = [s for s in text.replace("?", ".").replace("!", ".").split(".") if s.strip()]
        average = sum(len(s.split()) for s in sentences) / len(sentences)
        assert average < 15, f"{chapter.slug}: {average:.1f} words a sentence"
        words = {w.strip(',.:;!?()"').lower() for w in text.split()}
        assert not words & {"je", "jij", "jouw"}, chapter.slug  # "u", never "je"


def test_the_chapters_use_the_terms_of_the_app():
    text = {c.slug: " ".join(s.html for s in c.sections) for c in read_edition().chapters}
    assert "niet bij UWV" in text["wat-een-clientenraad-doet"]
    assert "kennismakingssessie" in text["samenwerken-met-andere-districten"].lower()
    assert "Wat speelt er elders" in text["samenwerken-met-andere-districten"]
    assert "aan te schuiven" in text["samenwerken-met-de-centrale-clientenraad"]
    assert "Gevraagd advies" in text["samenwerken-met-uwv"]
    assert "Ongevraagd advies" in text["samenwerken-met-uwv"]
    for status in ("Nieuw", "In behandeling", "Gekoppeld aan dossier", "Beantwoord", "Gesloten"):
        assert f"<b>{status}</b>" in text["signalen-behandelen"]
    assert "datalek" in text["privacy-uw-plichten"]
    assert "bewaartermijn" in text["privacy-uw-plichten"]


def test_the_converter_makes_paragraphs_lists_and_headings_and_escapes_html():
    html = to_html(
        [
            "Een zin met **vet** en *schuin*",
            "die doorloopt.",
            "",
            "- een",
            "- twee <script>",
            "",
            "1. eerst",
            "2. dan",
            "### Kop",
            "Zie [de site](https://example.org/a?b=1&c=2).",
        ]
    )
    assert html == (
        "<p>Een zin met <b>vet</b> en <i>schuin</i> die doorloopt.</p>"
        "<ul><li>een</li><li>twee &lt;script&gt;</li></ul>"
        "<ol><li>eerst</li><li>dan</li></ol>"
        "<h3>Kop</h3>"
        '<p>Zie <a href="https://example.org/a?b=1&amp;c=2">de site</a>.</p>'
    )
    assert inline("3 * 4 = 12") == "3 * 4 = 12"


def test_text_before_the_first_section_is_refused():
    with pytest.raises(ValueError):
        parse("title: T\nslug: t\n\nLosse tekst\n## Kop\nTekst")


@pytest.mark.django_db
def test_load_puts_the_handbook_under_the_home_page_with_every_chapter_live(site_pages):
    result = handbook_load()
    index = result["index"]
    assert isinstance(index.get_parent().specific, HomePage)
    assert index.slug == "handboek" and index.live
    chapters = HandbookChapter.objects.child_of(index).live().order_by("path")
    assert [c.slug for c in chapters] == EXPECTED
    for chapter in chapters:
        assert 3 <= len(chapter.body) <= 6
        assert chapter.live_revision_id is not None
    assert chapters[0].url == "/handboek/wat-een-clientenraad-doet/"


@pytest.mark.django_db
def test_load_twice_changes_nothing_and_never_overwrites_an_edited_chapter(site_pages):
    first = handbook_load()
    chapter = HandbookChapter.objects.get(slug="rollen-in-de-raad")
    edited = edit_chapter(chapter, [section("Eigen kop", "Eigen tekst.")], title="Onze rollen")
    removed = HandbookChapter.objects.get(slug="startgids-voor-nieuwe-leden")
    removed.delete()

    again = handbook_load()

    assert again["index"].pk == first["index"].pk and not again["created_index"]
    assert again["created"] == ["startgids-voor-nieuwe-leden"]  # only what was missing
    chapter = HandbookChapter.objects.get(pk=edited.pk)
    assert chapter.title == "Onze rollen"
    assert chapter.body[0].value["title"] == "Eigen kop"
    assert chapter.live_revision_id == edited.live_revision_id
    assert HandbookIndexPage.objects.count() == 1
    assert handbook_load()["created"] == []


@pytest.mark.django_db
def test_the_command_refuses_without_a_home_page_and_reports_when_done(site_pages):
    site = Site.objects.get(is_default_site=True)
    home = site.root_page
    welcome = Page(title="Welkom", slug="welkom")
    Page.get_first_root_node().add_child(instance=welcome)
    site.root_page = welcome
    site.save()
    with pytest.raises(CommandError, match="homepagina"):
        call_command("handbook_load")
    assert not HandbookIndexPage.objects.exists()

    site.root_page = home
    site.save()
    from io import StringIO

    out = StringIO()
    call_command("handbook_load", stdout=out)
    assert "12 hoofdstukken" in out.getvalue()
    out = StringIO()
    call_command("handbook_load", stdout=out)
    assert "niets veranderd" in out.getvalue()


@pytest.mark.django_db
def test_the_demo_loads_the_handbook_after_the_home_page():
    from django.apps import apps

    labels = [config.label for config in apps.get_app_configs()]
    assert labels.index("handbook") > labels.index("publishing")
    from councils.demo import load as councils_demo
    from handbook.demo import load as handbook_demo
    from publishing.demo import load as publishing_demo

    councils_demo()
    publishing_demo()
    handbook_demo()
    assert HandbookChapter.objects.live().count() == len(EXPECTED)
