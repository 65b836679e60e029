"""Handbook test data: a published handbook with chapters, each with sections.

``make_handbook(3)`` puts the handbook under the default site's root page (the home page when
the ``site_pages`` fixture ran, Wagtail's welcome page otherwise), or adds chapters to the
handbook that is already there (there is only ever one)."""

from __future__ import annotations

from django.utils.text import slugify
from wagtail.models import Page, Site

from handbook.models import HandbookChapter, HandbookIndexPage


def section(title: str, *paragraphs: str) -> dict:
    """One section as raw StreamField data; paragraphs are plain text (escaped by the caller)."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs) or "<p>Tekst.</p>"
    return {"type": "section", "value": {"title": title, "body": body}}


def _site_root() -> Page:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None:
        return site.root_page.specific
    root = Page.get_first_root_node()
    home = Page(title="Home", slug="home")
    root.add_child(instance=home)
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    return home


def make_index(*, parent: Page | None = None, publish: bool = True) -> HandbookIndexPage:
    existing = HandbookIndexPage.objects.first()
    if existing is not None:
        return existing
    parent = parent or _site_root()
    index = HandbookIndexPage(title="Handboek", slug="handboek", intro="Hoe het werk gaat.")
    parent.add_child(instance=index)
    revision = index.save_revision()
    if publish:
        revision.publish()
        index.refresh_from_db()
    return index


def make_chapter(
    index: HandbookIndexPage,
    title: str,
    sections: list[dict] | None = None,
    *,
    intro: str = "Waar dit hoofdstuk over gaat.",
    publish: bool = True,
    user=None,
) -> HandbookChapter:
    if sections is None:
        sections = [
            section(f"{title}: eerste paragraaf", "Een eerste alinea.", "Een tweede alinea."),
            section(f"{title}: tweede paragraaf", "Nog een alinea."),
        ]
    chapter = HandbookChapter(title=title, slug=slugify(title), intro=intro, body=sections)
    index.add_child(instance=chapter)
    revision = chapter.save_revision(user=user)
    if publish:
        revision.publish(user=user)
        chapter.refresh_from_db()
    return chapter


def make_handbook(
    chapters: int = 3, *, parent: Page | None = None, titles: list[str] | None = None
) -> tuple[HandbookIndexPage, list[HandbookChapter]]:
    """A published handbook with ``chapters`` published chapters of two sections each."""
    index = make_index(parent=parent)
    start = HandbookChapter.objects.child_of(index).count()
    titles = titles or [f"Hoofdstuk {start + n + 1}" for n in range(chapters)]
    return index, [make_chapter(index, title) for title in titles]


def edit_chapter(chapter: HandbookChapter, sections: list[dict], *, user=None, **fields):
    """Publish a new revision of ``chapter`` with these sections (and other fields)."""
    chapter = HandbookChapter.objects.get(pk=chapter.pk)
    chapter.body = sections
    for name, value in fields.items():
        setattr(chapter, name, value)
    chapter.save_revision(user=user).publish(user=user)
    chapter.refresh_from_db()
    return chapter
