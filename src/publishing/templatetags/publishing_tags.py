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
