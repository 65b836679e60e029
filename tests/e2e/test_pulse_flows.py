"""“Vinger aan de pols” flows of issue 15 in the browser, each as the person who does it, with
axe on every page: the secretary exports a plan and reads the file unchanged into a new plan
(after a file with bad rows, whose every row is in the error summary); the secretary updates all
proposals on a phone (320 px), with every choice readable and only the council's fields; the
liaison answers an advice with the agency's letter, which the council downloads and whose
advice text stands beside the answer on the public results page. Every flow by keyboard alone:
Tab, Enter, Space (which also opens the file chooser), arrow keys and typing, never a click."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.keyboard import choose, enter, second_step, tab_to, to_content

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PDF = b"%PDF-1.4\n% brief van UWV\n"
# A select is cut off when it is narrower than the same select at its own width (as wide as its
# longest choice). The names of the selects that are.
CUT_OFF_SELECTS = """[...document.querySelectorAll("main select")].filter((select) => {
    const free = select.cloneNode(true);
    free.style.width = "auto"; free.style.maxWidth = "none"; free.style.minWidth = "0";
    free.style.position = "absolute"; free.style.visibility = "hidden";
    document.body.appendChild(free);
    const needed = free.getBoundingClientRect().width;
    free.remove();
    return select.getBoundingClientRect().width + 0.5 < needed;
}).map((select) => select.name)"""
PAGE_OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def _link(text: str):
    return lambda e: e["tag"] == "a" and e["text"] == text


def _button(text: str):
    return lambda e: e["tag"] == "button" and e["text"] == text


def _choose_file(page, name: str, payload: dict):
    """Tab to the file field ``name`` and open its file chooser with Space. (Waiting for the
    chooser starts before the Tabs, so that Playwright is surely listening when Space opens it.)"""
    with page.expect_file_chooser() as chooser:
        tab_to(page, lambda e: e["name"] == name)
        page.keyboard.press("Space")
    chooser.value.set_files(payload)


@pytest.fixture
def plan(roles):
    from proposals.models import ProposalStatus as S
    from proposals.tests.factories import PlanFactory, ProposalFactory

    plan = PlanFactory(council=roles.council, title="Brieven die iedereen begrijpt")
    ProposalFactory(plan=plan, number=1, title="Brief in gewone taal", status=S.CONCEPT)
    ProposalFactory(
        plan=plan,
        number=2,
        title="Terugbellen; ook ’s avonds",
        text="Bel cliënten terug.\nOok na vijf uur, met “aanhalingstekens”.",
        status=S.IN_REVIEW,
    )
    ProposalFactory(plan=plan, number=3, title="Een vaste contactpersoon", status=S.CONCEPT)
    return plan


def test_the_secretary_reads_a_plans_export_into_a_new_plan(
    page, roles, plan, log_in, assert_accessible
):
    from proposals.models import Proposal
    from proposals.tests.factories import PlanFactory

    fresh = PlanFactory(council=roles.council, title="Brieven 2027")
    log_in(page, roles["secretary"])
    page.goto(plan.get_absolute_url())
    to_content(page)
    tab_to(page, _link("Download als CSV"))
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    exported = Path(download.value.path()).read_bytes()

    page.goto(fresh.get_absolute_url())
    to_content(page)
    tab_to(page, _link("Inlezen uit CSV"))
    enter(page)
    assert page.get_by_label("In welk plan?").input_value() == str(fresh.pk)
    assert_accessible(page)

    # A file with bad rows: every row is in the error summary, which has the focus.
    bad = b"plan;nummer;titel;voorstel;status\n;x;;;\n;7;;;Bijna klaar\n"
    to_content(page)
    _choose_file(page, "file", {"name": "fout.csv", "mimeType": "text/csv", "buffer": bad})
    tab_to(page, _button("Controleren"))
    enter(page)
    summary = page.locator(".error-summary")
    assert summary.evaluate("e => e === document.activeElement")
    for text in (
        "Regel 2, kolom “nummer”",
        "Regel 3, kolom “titel”",
        "Regel 3, kolom “voorstel”",
        "Regel 3, kolom “status”",
    ):
        assert text in summary.inner_text(), text
    assert page.get_by_text("U koos “fout.csv”. Er is niets verwerkt.").is_visible()
    assert page.get_by_label("In welk plan?").input_value() == str(fresh.pk)  # kept
    assert_accessible(page)

    # The export, unchanged: checked, then read. The summary's link takes the focus to the file.
    with page.expect_file_chooser() as chooser:
        tab_to(page, lambda e: e["tag"] == "a" and (e["href"] or "").startswith("#"), limit=5)
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.name") == "file"
        page.keyboard.press("Space")
    chooser.value.set_files({"name": "plan.csv", "mimeType": "text/csv", "buffer": exported})
    tab_to(page, _button("Controleren"))
    enter(page)
    assert page.get_by_role("heading", name="Alle regels kloppen").is_visible()
    assert page.get_by_text("3 nieuwe voorstellen komen erbij als concept.").is_visible()
    assert_accessible(page)
    to_content(page)
    tab_to(page, _button("Alles verwerken"))
    enter(page)
    assert page.url.split("#")[0].endswith(fresh.get_absolute_url())
    assert page.get_by_text("Het bestand is verwerkt: 3 nieuwe voorstellen").is_visible()

    def kept(p):
        return [(x.number, x.title, x.text) for x in p.proposals.order_by("number")]

    assert kept(fresh) == kept(plan)
    assert Proposal.objects.filter(plan=plan).count() == 3  # the original is untouched


def test_the_secretary_updates_all_proposals_on_a_phone(
    page, roles, plan, log_in, assert_accessible
):
    from proposals.models import Proposal

    log_in(page, roles["secretary"])
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{plan.get_absolute_url()}bijwerken/")
    assert page.evaluate(CUT_OFF_SELECTS) == []
    assert page.evaluate(PAGE_OVERFLOW) <= 0
    # The council's fields only: the agency sets priority, decision and progress.
    assert (
        page.locator("[name$='-priority'], [name$='-decision'], [name$='-progress']").count() == 0
    )
    status = page.get_by_label("Nieuwe status voorstel 1")
    assert status.is_visible() and status.locator("option:checked").inner_text() == "Ongewijzigd"
    assert_accessible(page)
    to_content(page)
    tab_to(page, lambda e: e["name"] == "v1-to_status")
    choose(page, "select[name=v1-to_status]", "submitted")
    tab_to(page, lambda e: e["name"] == "v1-text")
    page.keyboard.type("Besproken in de vergadering.")
    tab_to(page, _button("Alles opslaan"))
    enter(page)
    assert page.get_by_text("1 voorstellen zijn bijgewerkt.").is_visible()
    assert Proposal.objects.get(plan=plan, number=1).status == "submitted"
    # Wider, a table, still with every choice whole.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{plan.get_absolute_url()}bijwerken/")
    assert page.evaluate(CUT_OFF_SELECTS) == []


def test_the_liaison_answers_with_a_letter_and_the_public_reads_advice_and_answer(
    page, roles, log_in, assert_accessible
):
    from proposals.tests.factories import AdviceFactory

    advice = AdviceFactory(
        councils=[roles.council],
        status="sent",
        title="Terugbellen binnen twee dagen",
        text="Bel cliënten binnen twee werkdagen terug.",
        is_public=True,
    )
    log_in(page, roles["liaison"])
    second_step(page)
    page.goto(advice.get_absolute_url())
    to_content(page)
    tab_to(page, lambda e: e["name"] == "answer_text", limit=60)
    page.keyboard.type("UWV belt voortaan binnen twee dagen terug.")
    _choose_file(
        page, "answer_file", {"name": "antwoord.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    tab_to(page, _button("Antwoord opslaan"))
    enter(page)
    assert page.get_by_text("Het antwoord van UWV is opgeslagen.").is_visible()
    letter = page.get_by_role("link", name="Brief van UWV: antwoord.pdf")
    assert_accessible(page)

    # The council's secretary downloads it.
    href = letter.get_attribute("href")
    page.context.clear_cookies()
    log_in(page, roles["secretary"])
    response = page.request.get(href)
    assert response.status == 200 and response.body() == PDF

    # A visitor reads the council's advice beside the agency's answer, without the letter.
    page.context.clear_cookies()
    assert page.request.get(href, max_redirects=0).status == 302
    page.goto("/resultaten/")
    article = page.locator("article", has_text="Terugbellen binnen twee dagen")
    assert article.get_by_role("heading", name="Het advies van de raad").is_visible()
    assert article.get_by_text("Bel cliënten binnen twee werkdagen terug.").is_visible()
    assert article.get_by_text("UWV belt voortaan binnen twee dagen terug.").is_visible()
    assert article.locator(f"a[href='{href}']").count() == 0
    assert_accessible(page)
