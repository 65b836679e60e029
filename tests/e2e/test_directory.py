"""The member directory in the browser (issue 15): a Limburg member says, on their own profile
page, what to ask them about and shows a phone number (a first try without the number is
refused in the error summary, which gets the focus and links to the field); a Noord member
opens Limburg's member page, lands on the directory for Limburg, filters by the topic and finds
her with her number, while the Limburg member who agreed to nothing shows no contact. Both pages
have no axe-core violation of WCAG 2.2 A and AA; the directory does not scroll sideways at 320px.
Both by keyboard alone: Tab, Space, arrow keys, typing and Enter, never a click."""

from __future__ import annotations

import pytest

from tests.e2e.keyboard import choose, enter, tab_to, to_content

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TOPIC = "onderwerp:brieven"
PHONE = "06 12345678"


def _save(element) -> bool:
    return element["tag"] == "button" and element["text"] == "Opslaan"


def test_noord_member_finds_a_limburg_member_by_topic_with_contact_only_when_agreed(
    page, public_site, log_in, assert_accessible
):
    from accounts.models import MemberTopic
    from accounts.tests.factories import UserFactory
    from councils.tests.factories import MembershipFactory

    roles = public_site
    limburg = roles["member_other"]
    limburg.first_name, limburg.last_name = "Lieke", "Limburg"
    limburg.save(update_fields=["first_name", "last_name"])
    quiet = UserFactory(first_name="Stijn", last_name="Stil", email="stijn@raadsplein.example")
    MembershipFactory(user=quiet, council=roles.other_council)
    MemberTopic.objects.create(user=quiet, code=TOPIC)

    # The Limburg member fills in her entry; asking to show a phone without one is refused.
    log_in(page, limburg, next_url="/mijn/profiel/")
    to_content(page)
    tab_to(page, lambda e: e["name"] == "onderwerpen" and e["text"] == TOPIC, limit=60)
    page.keyboard.press("Space")
    tab_to(page, lambda e: e["name"] == "show_phone")
    page.keyboard.press("Space")
    assert page.get_by_label("Brieven en uitleg", exact=False).is_checked()
    assert page.get_by_label("Laat mijn telefoonnummer zien aan leden van alle raden").is_checked()
    tab_to(page, _save)
    enter(page)
    summary = page.locator(".error-summary")
    summary.wait_for()
    assert page.evaluate("document.activeElement.id") == "foutmeldingen"
    assert_accessible(page)
    tab_to(page, lambda e: e["tag"] == "a" and e["href"] == "#id_phone", limit=5)
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_phone"
    page.keyboard.type(PHONE)
    tab_to(page, _save)
    enter(page)
    page.get_by_text("Uw gegevens in het ledenoverzicht zijn opgeslagen.").wait_for()
    assert page.get_by_label("Brieven en uitleg", exact=False).is_checked()

    # A Noord member opens Limburg's member page: the directory for Limburg, not a 403.
    page.context.clear_cookies()
    log_in(page, roles["member"], next_url="/mijn/raad/limburg/")
    assert page.url.endswith("/mijn/ledenoverzicht/?raad=limburg")
    to_content(page)
    tab_to(page, lambda e: e["name"] == "onderwerp")
    choose(page, "select[name=onderwerp]", TOPIC, limit=60)
    tab_to(page, lambda e: e["tag"] == "button" and e["text"] == "Toon leden")
    enter(page)
    page.wait_for_url(f"**onderwerp={TOPIC.replace(':', '%3A')}**")
    lieke = page.locator("li.card", has_text="Lieke Limburg")
    stijn = page.locator("li.card", has_text="Stijn Stil")
    assert lieke.get_by_role("link", name=PHONE).is_visible()
    assert "Brieven en uitleg" in lieke.inner_text()
    assert limburg.email not in lieke.inner_text()  # she showed her phone, not her address
    assert "Brieven en uitleg" in stijn.inner_text()
    assert "@" not in stijn.inner_text() and "Telefoon" not in stijn.inner_text()
    assert page.locator("li.card").count() == 2
    assert_accessible(page)
    # The long topic names in the filter do not make a phone scroll sideways.
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
