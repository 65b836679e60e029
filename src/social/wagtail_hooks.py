"""The social media panel on "Mijn overzicht", and a "Deel op sociale media" button on news
pages in Wagtail's page editor."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from councils.selectors import viewer_for

from .permissions import can_edit_social
from .selectors import attention_count


@hooks.register("raadsplein_dashboard_panels")
def social_panel(request, viewer):
    if not can_edit_social(viewer):
        return None
    return {"template": "social/dashboard_panel.html", "attention": attention_count()}


@hooks.register("register_page_header_buttons")
def share_button(page, user, view_name, next_url=None):
    from publishing.models import NewsArticle

    if (
        page.live
        and isinstance(page.specific_deferred, NewsArticle)
        and can_edit_social(viewer_for(user))
    ):
        yield Button(
            _("Deel op sociale media"),
            f"{reverse('social:post_create')}?pagina={page.pk}",
            icon_name="link",
            priority=60,
        )
