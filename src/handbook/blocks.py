from django.utils.translation import gettext_lazy as _
from wagtail import blocks

FEATURES = ["bold", "italic", "link", "ol", "ul", "h3"]


class SectionBlock(blocks.StructBlock):
    """A section of a chapter: a heading (an anchor in the table of contents) and its text."""

    title = blocks.CharBlock(label=_("kop"), max_length=120)
    body = blocks.RichTextBlock(label=_("tekst"), features=FEATURES)

    class Meta:
        icon = "doc-full"
        label = _("paragraaf")
        template = "handbook/blocks/section.html"
