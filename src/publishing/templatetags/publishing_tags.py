from django import template
from django.utils import translation
from wagtail.models import Locale, Page

register = template.Library()


@register.simple_tag
def footer_pages():
    """Pages marked "show in menus" in the current language (the footer links)."""
    try:
        locale = Locale.objects.get(language_code=translation.get_language())
    except Locale.DoesNotExist:
        locale = Locale.get_default()
    return list(Page.objects.live().in_menu().filter(locale=locale).order_by("path"))


@register.inclusion_tag("publishing/_social_meta.html", takes_context=True)
def social_meta(context):
    """Open Graph and Twitter card tags for the page being shown (a news item gives its own
    image and summary; other pages their title and search description)."""
    request = context.get("request")
    og = context.get("og")
    if og is None:
        page = context.get("page")
        title = getattr(page, "seo_title", "") or getattr(page, "title", "") or "Raadsplein"
        og = {
            "title": title,
            "description": getattr(page, "search_description", "")
            or getattr(page, "intro_text", "")
            or "",
            "image": "",
            "url": request.build_absolute_uri() if request else "",
            "type": "website",
        }
    return {"og": og}


@register.inclusion_tag("publishing/_promotion_links.html")
def promotion_links():
    """The two calls to action of the promotion pages: report a signal, join a council (the
    recruitment app's /word-raadslid/)."""
    return {}
