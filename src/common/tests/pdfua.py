"""Checks of a tagged PDF (PDF/UA-1), read back with pypdf, independent of how we made it.

veraPDF, the reference validator, is a Java tool that is in no registry we can install from,
so these checks stand in for the parts of PDF/UA that a screen reader depends on: the
language, the title shown instead of the file name, a structure tree with headings in order,
tables with header cells that every data cell points to, alternative text on every figure,
and embedded fonts."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from pypdf import PdfReader
from pypdf.generic import ArrayObject, BooleanObject, DictionaryObject, IndirectObject


@dataclass
class Tagged:
    reader: PdfReader
    tags: list[str] = field(default_factory=list)  # structure types in reading order
    figures: list[str] = field(default_factory=list)  # the /Alt of every Figure

    @property
    def headings(self) -> list[int]:
        return [int(tag[1]) for tag in self.tags if len(tag) == 2 and tag[0] == "H"]


def elements(node, parent=None):
    """Every structure element under ``node``, in reading order, with its parent."""
    node = node.get_object()
    if not isinstance(node, DictionaryObject):
        return
    if node.get("/Type") in ("/MCR", "/OBJR"):
        return
    if "/S" in node:
        yield node, parent
    kids = node.get("/K")
    if kids is None:
        return
    kids = kids.get_object()
    for kid in kids if isinstance(kids, ArrayObject) else [kids]:
        if isinstance(kid, IndirectObject | DictionaryObject):
            yield from elements(kid, node if "/S" in node else parent)


def _attributes(element) -> list[DictionaryObject]:
    found = element.get("/A")
    if found is None:
        return []
    found = found.get_object()
    items = found if isinstance(found, ArrayObject) else [found]
    return [a.get_object() for a in items if isinstance(a.get_object(), DictionaryObject)]


def _fonts_embedded(reader: PdfReader) -> list[str]:
    """The names of the fonts that are used but not embedded."""
    missing = []
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get_object().get("/Font", {}).get_object()
        for font in fonts.values():
            font = font.get_object()
            described = [font]
            if "/DescendantFonts" in font:
                described = [f.get_object() for f in font["/DescendantFonts"]]
            for item in described:
                descriptor = item.get("/FontDescriptor")
                if font.get("/Subtype") == "/Type3":
                    continue  # drawn by the PDF itself
                if descriptor is None or not any(
                    key in descriptor.get_object()
                    for key in ("/FontFile", "/FontFile2", "/FontFile3")
                ):
                    missing.append(str(item.get("/BaseFont")))
    return missing


def _true(value) -> bool:
    return isinstance(value, BooleanObject) and bool(value)


def assert_tagged_pdf(
    content: bytes, *, title: str, lang: str = "nl", table: bool = True
) -> Tagged:
    """Assert what PDF/UA asks of ``content`` that a screen reader needs; return the
    structure found, for checks of its own by the caller."""
    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]
    assert str(root.get("/Lang", "")) in (lang, f"{lang}-NL"), root.get("/Lang")
    assert _true(root["/MarkInfo"]["/Marked"]), "not marked as tagged"
    assert _true(root["/ViewerPreferences"]["/DisplayDocTitle"]), "the file name shown as title"
    assert reader.metadata.title == title, reader.metadata.title
    xmp = reader.xmp_metadata
    assert xmp is not None and "pdfuaid" in xmp.rdf_root.toxml(), "no PDF/UA identification"
    assert "/StructTreeRoot" in root, "no structure tree"
    tagged = Tagged(reader)
    ids = {}
    cells = []
    for element, _parent in elements(root["/StructTreeRoot"]):
        tag = str(element["/S"])[1:]
        tagged.tags.append(tag)
        if "/ID" in element:
            ids[str(element["/ID"])] = element
        if tag == "Figure":
            alt = str(element.get("/Alt", "")).strip()
            assert alt, "a figure without alternative text"
            tagged.figures.append(alt)
        if tag == "TD":
            cells.append(element)
    levels = tagged.headings
    assert levels and levels[0] == 1, f"the first heading is not H1: {levels}"
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, f"a heading level skipped: {levels}"
    if table:
        assert "Table" in tagged.tags and "TH" in tagged.tags, "no table with header cells"
    for cell in cells:
        headers = [h for a in _attributes(cell) for h in a.get("/Headers", [])]
        assert headers, "a data cell without header cells"
        for header in headers:
            assert str(ids[str(header)]["/S"]) == "/TH"
    assert not _fonts_embedded(reader), _fonts_embedded(reader)
    return tagged


def row_header_of(content: bytes) -> dict[str, bool]:
    """For each data cell (by its order): whether one of its header cells stands in its own
    row (a row header, ``<th scope="row">``)."""
    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]
    parents, ids, cells = {}, {}, []
    for element, parent in elements(root["/StructTreeRoot"]):
        parents[id(element)] = parent
        if "/ID" in element:
            ids[str(element["/ID"])] = element
        if element["/S"] == "/TD":
            cells.append(element)
    found = {}
    for number, cell in enumerate(cells):
        headers = [ids[str(h)] for a in _attributes(cell) for h in a.get("/Headers", [])]
        row = parents[id(cell)]
        found[str(number)] = any(parents[id(h)] is row for h in headers)
    return found
