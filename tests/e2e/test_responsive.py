"""At 320 CSS pixels wide (WCAG 1.4.10 Reflow: 1280 px at 400 % zoom) nothing scrolls sideways."""

from __future__ import annotations

import pytest

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_pages_at_320px_wide_have_no_horizontal_scroll(page, public_site):
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ["/", "/wie-zijn-wij/", "/raden/noord/", "/account/login/"]:
        page.goto(path)
        width = page.evaluate("document.scrollingElement.scrollWidth")
        assert width <= 320, f"{path} is {width}px wide at a 320px viewport"


def test_the_header_with_all_its_links_does_not_scroll_sideways_at_320px(page, public_site):
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ["/", "/en/", "/raden/zoek/?postcode=5000AA"]:
        page.goto(path)
        header = page.locator(".site-header")
        assert (
            header.get_by_role("link", name="Nieuws").count()
            + header.get_by_role("link", name="News").count()
            == 1
        ), path
        widths = page.evaluate(
            "[document.scrollingElement.scrollWidth,"
            " document.querySelector('.site-header').scrollWidth]"
        )
        assert max(widths) <= 320, f"{path} is {widths}px wide at a 320px viewport"
