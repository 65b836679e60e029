"""Word documents (DOCX) that are ours, for every DOCX the project writes (the staff-magazine
article of a news item, blog or vlog; the annual report).

python-docx starts from its own template, which says it was written by "python-docx" in 2013,
in American English, on Letter paper. ``new_document`` fixes all of that: the site (or a
council) as author, the real date and time, the page's language as the language of the text
(so Word checks Dutch spelling as Dutch), A4. The helpers add what python-docx has no public
API for: pictures with alt text, tables whose first row is a header row repeated on every page,
and live hyperlinks."""

from __future__ import annotations

import datetime
import io
import re

from django.conf import settings
from django.utils import timezone

LANGUAGE_TAGS = {"nl": "nl-NL", "en": "en-GB"}
HYPERLINK_STYLE = "Hyperlink"
HYPERLINK_RGB = "0563C1"  # Word's own link colour: 6.2:1 on white


def language_tag(code: str | None) -> str:
    """The BCP 47 tag Word wants for one of the site's languages ("nl" -> "nl-NL")."""
    code = (code or settings.LANGUAGE_CODE).lower()
    if "-" in code:
        base, region = code.split("-", 1)
        return f"{base}-{region.upper()}"
    return LANGUAGE_TAGS.get(code, "nl-NL")


def new_document(*, title: str, language: str = "nl", author: str = "", subject: str = ""):
    """An empty python-docx ``Document`` with our properties, in ``language`` (a site language
    code or a tag such as "nl-NL")."""
    from docx import Document
    from docx.shared import Cm

    doc = Document()
    tag = language_tag(language)
    now = timezone.now().astimezone(datetime.UTC).replace(tzinfo=None, microsecond=0)
    props = doc.core_properties
    props.title = title
    props.subject = subject
    props.author = author or settings.SITE_NAME
    props.last_modified_by = settings.SITE_NAME
    props.comments = ""
    props.keywords = ""
    props.language = tag
    props.revision = 1
    props.created = now
    props.modified = now
    _set_language(doc, tag)
    _drop_template_leftovers(doc)
    for section in doc.sections:  # A4 with 2.5 cm margins: 16 cm of text width
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin = section.bottom_margin = Cm(2.5)
    return doc


def _lang(rpr, tag: str) -> None:
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), tag)


def _set_language(doc, tag: str) -> None:
    """``tag`` as the language of all text: the defaults of styles.xml and the Normal style
    (which every other style is based on); the theme's font language in settings.xml."""
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    _lang(rpr, tag)
    _lang(doc.styles["Normal"].element.get_or_add_rPr(), tag)
    theme_lang = doc.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), tag)
    for part in doc.part.package.iter_parts():
        if str(part.partname) == "/word/stylesWithEffects.xml":  # read by Word 2010 only
            part._blob = re.sub(
                rb'(<w:lang w:val=")[A-Za-z-]+"', rb"\g<1>" + tag.encode() + b'"', part.blob
            )


def _drop_template_leftovers(doc) -> None:
    """The thumbnail of python-docx's template (a picture of another, empty document) goes;
    the application named in app.xml becomes ours."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    package = doc.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rel_id)
    for part in package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            name = re.sub(r"[<>&]", "", settings.SITE_NAME).encode()
            part._blob = re.sub(
                rb"<Application>[^<]*</Application>",
                b"<Application>" + name + b"</Application>",
                part.blob,
            )


def add_picture(doc, image: bytes, *, alt: str, width=None, name: str = ""):
    """A picture in a paragraph of its own, with ``alt`` as its alt text (``descr`` of its
    ``wp:docPr``, what Word shows under "Alt Text" and a screen reader reads)."""
    from docx.shared import Cm

    if not alt.strip():
        raise ValueError("a picture needs an alt text")
    shape = doc.add_picture(io.BytesIO(image), width=width or Cm(16))
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", alt.strip())
    if name:
        doc_pr.set("name", name)
    return shape


def add_table(doc, head: list[str] | tuple[str, ...], rows, *, style: str = "Table Grid"):
    """A table whose first row is its header row: bold, and repeated at the top of every page
    the table runs over (``w:tblHeader``), which is also how a screen reader in Word knows the
    column headers."""
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    table = doc.add_table(rows=1, cols=len(head))
    table.style = style
    header = table.rows[0]
    tr_pr = header._tr.get_or_add_trPr()
    tbl_header = OxmlElement("w:tblHeader")
    tbl_header.set(qn("w:val"), "true")
    tr_pr.append(tbl_header)
    for cell, text in zip(header.cells, head, strict=True):
        cell.paragraphs[0].add_run(str(text)).bold = True
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = str(value)
    return table


def _hyperlink_style(doc) -> str:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import RGBColor

    if HYPERLINK_STYLE not in [s.name for s in doc.styles]:
        style = doc.styles.add_style(HYPERLINK_STYLE, WD_STYLE_TYPE.CHARACTER)
        style.font.color.rgb = RGBColor.from_string(HYPERLINK_RGB)
        style.font.underline = True
        style.unhide_when_used = True
    return doc.styles[HYPERLINK_STYLE].style_id


def add_hyperlink(paragraph, url: str, text: str = ""):
    """A live link to ``url`` at the end of ``paragraph``, reading ``text`` (the address itself
    when empty), underlined in the link colour."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    part = paragraph.part
    rel_id = part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    link.set(qn("w:history"), "1")
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), _hyperlink_style(part.document))
    rpr.append(style)
    run.append(rpr)
    text_element = OxmlElement("w:t")
    text_element.text = text or url
    text_element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)
    return link


def to_bytes(doc) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
