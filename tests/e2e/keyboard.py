"""Helpers for driving a page with the keyboard alone, and for the second login step."""

from __future__ import annotations

import time


def focused(page) -> dict:
    """What has the keyboard focus: tag, id, name, href and text."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return {
                tag: el.tagName.toLowerCase(),
                id: el.id,
                name: el.getAttribute("name"),
                href: el.getAttribute("href"),
                text: (el.innerText || el.value || "").trim(),
            };
        }"""
    )


def tab_to(page, match, *, limit: int = 40) -> dict:
    """Press Tab until the focused element matches; fail if it takes more than ``limit`` tabs."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        if match(element):
            return element
        seen.append(element)
    raise AssertionError(f"not reached with {limit} tabs; focus went through {seen}")


def fresh_totp() -> str:
    """The current TOTP code, with at least a few seconds left in its 30-second window, so that
    the code is still valid when the server checks it."""
    from accounts.tests.factories import totp_now

    left = 30 - time.time() % 30
    if left < 4:
        time.sleep(left + 0.1)
    return totp_now()


def choose(page, selector: str, value: str, *, limit: int = 20) -> None:
    """With the select ``selector`` focused, press ArrowDown until its value is ``value``."""
    select = page.locator(selector)
    for _ in range(limit):
        if select.input_value() == value:
            return
        page.keyboard.press("ArrowDown")
    assert select.input_value() == value, f"{selector} did not reach {value!r}"


def to_content(page) -> None:
    """Right after a page loads: Tab to the skip link and press Enter, so that the next Tab goes
    to the first control in the content, past the header and its menu."""
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Naar de inhoud", focused(page)
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "inhoud"


def enter(page) -> None:
    """Press Enter on the focused link or button and wait for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def second_step(page) -> None:
    """If the login asks for it, type the code from the app and press Enter."""
    if "/account/2fa/authenticate/" in page.url:
        tab_to(page, lambda element: element["name"] == "code")
        page.keyboard.type(fresh_totp())
        enter(page)
