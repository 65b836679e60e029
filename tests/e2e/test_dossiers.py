"""Dossiers in the browser: a member starts a dossier and adds a document and a new version of
it with the keyboard alone (the similar dossiers appear while typing and again before saving);
the download is served to the member and refused to a member of another council; a refused
upload says why in Dutch and keeps the title. The dossier pages have no axe-core violation of
WCAG 2.2 A and AA in every state, no blocked script or style, and no sideways scroll at 320px."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from .keyboard import focused, tab_to

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TOO_WIDE = """[...document.documentElement.querySelectorAll("body *")]
    .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .map((e) => `${e.tagName}.${e.className}#${e.id}`)
    .slice(0, 10)"""
# axe-core's WCAG rules no longer report a repeated id, but a label then names another field.
REPEATED_IDS = """(() => { const seen = {};
    document.querySelectorAll("[id]").forEach((e) => { seen[e.id] = (seen[e.id] || 0) + 1; });
    return Object.keys(seen).filter((id) => seen[id] > 1); })()"""

OTHER_TITLE = "Wachttijden aan de telefoon bij UWV"
NEW_TITLE = "Lange wachttijden aan de telefoon"
NEW_SUMMARY = "Leden horen dat cliënten een uur wachten. Wij verzamelen de signalen."
WRONG_TYPE = "Dit soort bestand kan niet. Kies een PDF, DOCX, ODT, TXT."


@pytest.fixture
def assert_sound(assert_accessible):
    """No axe-core violation, no blocked script or style, and every id once."""

    def check(page):
        assert_accessible(page)
        assert page.evaluate(REPEATED_IDS) == [], page.url

    return check


def _pdf(text: str) -> bytes:
    from dossiers.tests.files import pdf_bytes

    return pdf_bytes(text)


@pytest.fixture
def other_dossier(roles):
    """A dossier of another district (Limburg) about the same subject, for all councils, with a
    few notes: it is "similar" on the start page and shows on "wat speelt er elders"."""
    from dossiers import services

    actor = roles["member_other"]
    dossier = services.dossier_start(
        actor=actor,
        council=roles.other_council,
        title=OTHER_TITLE,
        summary="Cliënten wachten lang aan de telefoon en worden niet teruggebeld.",
        regeling="ALGEMEEN",
        onderwerp="bereikbaarheid",
    )
    for text in ("Signalen van drie maanden op een rij gezet.", "Gesprek met UWV gepland."):
        services.dossier_note_add(actor=actor, dossier=dossier, text=text)
    return dossier


@pytest.fixture
def full_dossier(roles, other_dossier):
    """A dossier of the member's council with everything on its page: notes on the timeline, two
    documents (one with two versions), a linked meeting and a linked signal, a council that
    joined, followed by the member."""
    from dossiers import services
    from dossiers.tests.files import upload
    from meetings.tests.factories import MeetingFactory
    from signals.tests.factories import SignalFactory

    member = roles["member"]
    dossier = services.dossier_start(
        actor=member,
        council=roles.council,
        title="Brieven over de WW in gewone taal",
        summary="Cliënten begrijpen de brieven over hun WW-uitkering vaak niet.\n\nWij praten "
        "met UWV over brieven in taalniveau B1.",
        regeling="WW",
        onderwerp="brieven",
    )
    services.dossier_join(actor=roles["member_other"], dossier=dossier, council=roles.other_council)
    for n in range(3):
        services.dossier_note_add(actor=member, dossier=dossier, text=f"Notitie {n + 1}: gesprek.")
    first = services.document_add(
        actor=member,
        dossier=dossier,
        title="Voorbeeldbrieven",
        file=upload("voorbeelden.pdf", _pdf("Tien voorbeeldbrieven."), "application/pdf"),
    )
    services.version_add(
        actor=member,
        document=first.document,
        file=upload("voorbeelden-2.pdf", _pdf("Twaalf voorbeeldbrieven."), "application/pdf"),
        note="Twee brieven erbij",
    )
    services.document_add(
        actor=member,
        dossier=dossier,
        title="Verslag gesprek",
        file=upload("verslag.txt", b"Verslag van het gesprek met UWV.\n", "text/plain"),
    )
    meeting = MeetingFactory(council=roles.council, title="Raadsvergadering over brieven")
    services.link_object(actor=member, dossier=dossier, kind="meeting", obj=meeting)
    signal = SignalFactory(council=roles.council)
    services.link_object(actor=member, dossier=dossier, kind="signal", obj=signal)
    return dossier


def _to_content(page):
    """From the top of the page: the skip link, then on into the content. A page whose address
    has a #fragment (a form sent after the skip link or an error link was used; the form posts
    to its page's address) starts the keyboard at that fragment: the first Tab lands in the
    content, which is where the skip link would have taken us. After a failed submit the error
    summary has the focus (autofocus, issue 14): that is in the content already."""
    if focused(page)["id"] == "foutmeldingen":
        return
    page.locator("body").focus()
    page.keyboard.press("Tab")
    if focused(page)["text"] == "Naar de inhoud":
        page.keyboard.press("Enter")
        return
    assert "#" in page.url, focused(page)
    assert page.evaluate("document.activeElement.closest('main') !== null")
    page.keyboard.press("Shift+Tab")


def _id(element_id):
    return lambda element: element["id"] == element_id


def _button(text):
    return lambda element: element["tag"] == "button" and element["text"] == text


def _press_enter_and_wait(page):
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _choose(page, selector, label, *, limit=10):
    """With the select focused, press ArrowDown until the option ``label`` is chosen."""
    select = page.locator(selector)
    for _ in range(limit):
        if select.evaluate("s => s.options[s.selectedIndex].text") == label:
            return
        page.keyboard.press("ArrowDown")
    assert select.evaluate("s => s.options[s.selectedIndex].text") == label


def _unexpected_console_errors(page) -> list[str]:
    """Console errors other than the browser's note on a 4xx answer (a refused form is a 400)."""
    return [e for e in page.console_errors if "the server responded with a status of 4" not in e]


def test_a_member_starts_a_dossier_and_adds_a_document_by_keyboard(
    page, browser, live_server, roles, other_dossier, log_in, assert_sound
):
    from dossiers.models import Dossier

    log_in(page, roles["member"], next_url="/dossiers/")
    assert page.url.endswith("/dossiers/")
    _to_content(page)
    tab_to(page, lambda e: e["href"] == "/dossiers/nieuw/")
    _press_enter_and_wait(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Nieuw dossier starten"
    assert_sound(page)  # empty

    # Sent empty: the errors are listed at the top of the form and each takes you to its field.
    _to_content(page)
    tab_to(page, _button("Dossier starten"))
    _press_enter_and_wait(page)
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert "Geef het dossier een titel." in summary.inner_text()
    assert_sound(page)  # with errors
    _to_content(page)
    tab_to(page, lambda e: e["href"] == "#id_title")
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "id_title"

    # While the title is typed, the similar dossiers of other districts appear (htmx).
    page.keyboard.type(NEW_TITLE)
    similar = page.locator("#vergelijkbaar")
    similar.get_by_role("link", name=OTHER_TITLE).wait_for()
    assert "Wij vonden 1 dossier dat erop lijkt." in similar.inner_text()
    assert similar.get_by_role("button", name=f"Meedoen met “{OTHER_TITLE}”").is_visible()
    assert_sound(page)  # with similar dossiers shown

    tab_to(page, _id("id_summary"))
    page.keyboard.type(NEW_SUMMARY)
    # Only our own council may see it: the first choice, one arrow up from "Alle raden".
    assert tab_to(page, lambda e: e["name"] == "visibility")["id"] == "id_visibility_1"
    page.keyboard.press("ArrowUp")
    assert page.locator("#id_visibility_0").is_checked()
    tab_to(page, _button("Dossier starten"))
    _press_enter_and_wait(page)

    # Before anything is saved, the similar dossier is shown again; the member starts anyway.
    assert page.get_by_role("heading", name="Bestaat dit dossier al?").is_visible()
    assert page.locator("#vergelijkbaar").get_by_role("link", name=OTHER_TITLE).is_visible()
    assert page.locator("#id_title").input_value() == NEW_TITLE
    assert page.locator("#id_summary").input_value() == NEW_SUMMARY
    assert not Dossier.objects.filter(title=NEW_TITLE).exists()
    assert_sound(page)  # the confirm step
    _to_content(page)
    tab_to(page, _button("Toch een nieuw dossier starten"))
    _press_enter_and_wait(page)
    dossier = Dossier.objects.get(title=NEW_TITLE)
    # (the browser keeps the #fragment of the page the form was sent from through the redirect)
    assert urlsplit(page.url).path == dossier.get_absolute_url()
    assert page.get_by_text("Het dossier is gestart. U volgt het.").is_visible()
    assert dossier.visibility == "council"
    assert dossier.council == roles.council

    # A document, with the keyboard; the file is picked where the file chooser would.
    _to_content(page)
    tab_to(page, _id("id_doc_title"), limit=60)
    page.keyboard.type("Verslag van het eerste gesprek")
    tab_to(page, _id("id_doc_file"))
    original = _pdf("Verslag: UWV belt binnen twee werkdagen terug.")
    page.locator("#id_doc_file").set_input_files(
        {"name": "verslag.pdf", "mimeType": "application/pdf", "buffer": original}
    )
    tab_to(page, _button("Stuk toevoegen"))
    _press_enter_and_wait(page)
    assert page.get_by_text("Het stuk is toegevoegd.").is_visible()
    document = page.locator("article.dossier-document", has_text="Verslag van het eerste gesprek")
    first = document.get_by_role("link", name="Versie 1 downloaden")
    assert first.is_visible()
    assert "(nieuwste)" in document.inner_text()
    first_href = first.get_attribute("href")
    response = page.request.get(first_href)
    assert response.status == 200
    assert response.body() == original
    assert "attachment" in response.headers["content-disposition"]
    assert_sound(page)

    # A new version: the older one stays listed and downloadable.
    _to_content(page)
    tab_to(page, _id("id_version_document"), limit=80)
    _choose(page, "#id_version_document", "Verslag van het eerste gesprek")
    tab_to(page, _id("id_version_file"))
    newer = _pdf("Verslag, aangevuld: UWV belt binnen één werkdag terug.")
    page.locator("#id_version_file").set_input_files(
        {"name": "verslag-2.pdf", "mimeType": "application/pdf", "buffer": newer}
    )
    tab_to(page, _id("id_version_note"))
    page.keyboard.type("Reactie van UWV erbij")
    tab_to(page, _button("Versie toevoegen"))
    _press_enter_and_wait(page)
    assert page.get_by_text("De nieuwe versie is toegevoegd.").is_visible()
    document = page.locator("article.dossier-document", has_text="Verslag van het eerste gesprek")
    assert document.get_by_role("link", name="Versie 2 downloaden").is_visible()
    assert document.get_by_role("link", name="Versie 1 downloaden").is_visible()
    assert "Reactie van UWV erbij" in document.inner_text()
    assert page.request.get(first_href).body() == original
    second_href = document.get_by_role("link", name="Versie 2 downloaden").get_attribute("href")
    assert page.request.get(second_href).body() == newer
    assert_sound(page)
    assert _unexpected_console_errors(page) == []

    # The dossier is for the member's own council only: a member of another council gets the
    # download refused (as if it did not exist), a visitor is sent to log in.
    other = browser.new_context(base_url=live_server.url, locale="nl-NL")
    try:
        other_page = other.new_page()
        assert other_page.request.get(first_href, max_redirects=0).status == 302
        log_in(other_page, roles["member_other"])
        assert other_page.request.get(first_href).status == 404
        assert other_page.request.get(dossier.get_absolute_url()).status == 404
    finally:
        other.close()


def test_a_refused_upload_says_why_and_keeps_the_title(
    page, roles, full_dossier, log_in, assert_sound
):
    from dossiers.models import DossierDocument

    log_in(page, roles["member"], next_url=full_dossier.get_absolute_url())
    before = DossierDocument.objects.filter(dossier=full_dossier).count()
    _to_content(page)
    tab_to(page, _id("id_doc_title"), limit=60)
    page.keyboard.type("Foto van de brief")
    tab_to(page, _id("id_doc_file"))
    page.locator("#id_doc_file").set_input_files(
        {"name": "brief.png", "mimeType": "image/png", "buffer": b"\x89PNG\r\n\x1a\n" + b"0" * 64}
    )
    tab_to(page, _button("Stuk toevoegen"))
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    assert navigation.value.status == 400
    assert DossierDocument.objects.filter(dossier=full_dossier).count() == before

    form = page.locator("form", has=page.locator("#id_doc_file"))
    summary = form.locator(".error-summary")
    assert summary.is_visible()
    assert summary.get_by_role("link", name=f"Bestand: {WRONG_TYPE}").is_visible()
    assert page.locator("#id_doc_file_error").inner_text() == WRONG_TYPE
    assert page.locator("#id_doc_file").get_attribute("aria-invalid") == "true"
    assert "id_doc_file_error" in page.locator("#id_doc_file").get_attribute("aria-describedby")
    assert page.locator("#id_doc_title").input_value() == "Foto van de brief"
    assert_sound(page)

    # The summary is reached by keyboard and its link takes the focus to the file field.
    _to_content(page)
    tab_to(page, lambda e: e["href"] == "#id_doc_file", limit=60)
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "id_doc_file"
    assert _unexpected_console_errors(page) == []


def test_dossier_pages_have_no_wcag_violations(
    page, roles, full_dossier, other_dossier, log_in, assert_sound
):
    log_in(page, roles["member"], next_url="/dossiers/")
    for path, heading in [
        ("/dossiers/", "Dossiers"),
        ("/dossiers/?onderwerp=brieven&mijn=on", "Dossiers"),
        (full_dossier.get_absolute_url(), full_dossier.title),
        ("/dossiers/nieuw/", "Nieuw dossier starten"),
        ("/dossiers/elders/", "Wat speelt er elders?"),
        ("/dossiers/e-mail/", "E-mail over dossiers die u volgt"),
        (other_dossier.get_absolute_url(), OTHER_TITLE),  # joinable, not the member's own
    ]:
        response = page.goto(path)
        assert response.status == 200, path
        assert page.get_by_role("heading", level=1).inner_text() == heading, path
        assert_sound(page)

    # The detail page shows what the fixture put there.
    page.goto(full_dossier.get_absolute_url())
    assert page.get_by_role("link", name="Raadsvergadering over brieven").first.is_visible()
    documents = page.locator("article.dossier-document")
    assert documents.count() == 2
    assert page.locator("ol.dossier-timeline > li").count() >= 8
    # "Wat speelt er elders" lists the other district's notes.
    page.goto("/dossiers/elders/")
    assert page.get_by_text("Gesprek met UWV gepland.").is_visible()

    # The e-mail choice, sent without a choice is not possible (a radio is always chosen), so
    # the page after saving is checked too.
    page.goto("/dossiers/e-mail/")
    page.get_by_label("Elke dag").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()
    assert page.get_by_text("Uw keuze is opgeslagen.").is_visible()
    assert_sound(page)
    assert _unexpected_console_errors(page) == []


@pytest.mark.parametrize("which", ["list", "detail"])
def test_dossier_list_and_detail_fit_a_phone(page, roles, full_dossier, log_in, which):
    log_in(page, roles["member"])
    page.set_viewport_size({"width": 320, "height": 800})
    path = "/dossiers/" if which == "list" else full_dossier.get_absolute_url()
    page.goto(path)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, (path, overflow, page.evaluate(TOO_WIDE))
    assert page.evaluate(TOO_WIDE) == [], path
