"""One way to make a PDF, for every PDF of the project (handbook, annual report, plan, pulse
overview, questionnaire results): WeasyPrint renders one of our own templates to a tagged
PDF/UA-1 file, so a screen reader gets the structure (issue 17).

What that asks of a template, and what WeasyPrint then writes:
- ``<html lang="nl">`` becomes the document's ``/Lang``; ``<title>`` its ``/Title``, which a
  reader shows instead of the file name (``DisplayDocTitle``);
- ``<h1>``..``<h3>`` in order become H1..H3, ``<table>`` with ``<th scope>`` cells a Table with
  TH cells, ``<caption>``/``<figcaption>`` a Caption, lists L/LI;
- an inline ``<svg>`` (a chart) becomes a Figure whose alternative text (``/Alt``) is the
  SVG's first ``<title>``: give each chart one with :func:`with_alt`. WeasyPrint does not read
  ``aria-label`` or ``aria-labelledby``.

Nothing is fetched: the style is inlined by the template and charts are inline SVG, so any
address in the HTML is refused rather than fetched. Fonts are embedded (WeasyPrint always
embeds the subset it uses)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

VARIANT = "pdf/ua-1"


def no_fetch(url, *args, **kwargs):
    """A PDF is made from our own template only: no address is ever fetched."""
    raise ValueError(f"fetching {url} is not allowed in a PDF")


def _fetcher():
    """WeasyPrint's fetcher, refusing every address. WeasyPrint 70 wants a ``URLFetcher``:
    given a plain function, a refused address crashed the whole PDF instead of leaving out
    the one picture."""
    from weasyprint.urls import URLFetcher

    class NoFetch(URLFetcher):
        def fetch(self, url, headers=None):
            no_fetch(url)

    return NoFetch()


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """The tagged PDF/UA-1 of ``html`` (which carries its own style, ``lang`` and title)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url, url_fetcher=_fetcher()).write_pdf(
        pdf_variant=VARIANT
    )


def tagged_pdf(
    template_name: str, context: dict, *, request=None, base_url: str | None = None
) -> bytes:
    """Render ``template_name`` with ``context`` and make it a tagged PDF/UA-1."""
    return html_to_pdf(render_to_string(template_name, context, request=request), base_url=base_url)


def with_alt(svg: str, alt: str) -> SafeString:
    """An inline SVG chart with ``alt`` as its first ``<title>``: the alternative text of its
    Figure in a tagged PDF. Only for the PDF: on a web page the chart keeps its own name."""
    if not svg:
        return mark_safe("")  # noqa: S308 - a constant
    head, sep, rest = str(svg).partition(">")
    if not sep or not head.lstrip().startswith("<svg"):
        raise ValueError("with_alt expects the markup of one <svg> element")
    # Each part is either our own escaped markup or escaped by format_html.
    return mark_safe(head + sep + format_html("<title>{}</title>", alt) + rest)  # noqa: S308
