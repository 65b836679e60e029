"""Proposals in the browser: a member sends a concept and the liaison takes it to a decision with
the keyboard alone; the plan, proposal, queue, overview and public results pages have no axe-core
violation of WCAG 2.2 A and AA (also with a refusal shown), and no horizontal scroll at 320px."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.e2e.keyboard import focused, fresh_totp, tab_to

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

REASONING = "UWV herschrijft de brieven dit jaar samen met de raad."
TOO_WIDE = """[...document.querySelectorAll("main *")]
    .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .map((e) => `${e.tagName}.${e.className}#${e.id}`)
    .slice(0, 10)"""
# axe-core's WCAG rules no longer report a repeated id, but a label then names another field.
REPEATED_IDS = """(() => { const seen = {};
    document.querySelectorAll("[id]").forEach((e) => { seen[e.id] = (seen[e.id] || 0) + 1; });
    return Object.keys(seen).filter((id) => seen[id] > 1); })()"""


@pytest.fixture
def plan(roles):
    """A public plan of "noord" with a proposal in every state, the first one a concept, some
    of them late and stalled so that the queue and the overview have rows."""
    from proposals.models import Proposal, ProposalEvent
    from proposals.models import ProposalStatus as S
    from proposals.tests.factories import PlanFactory, ProposalFactory

    plan = PlanFactory(
        council=roles.council,
        title="Brieven die iedereen begrijpt",
        summary="Eenvoudige taal in alle brieven over de WW.",
        is_public=True,
    )
    late = timezone.localdate() - datetime.timedelta(days=60)
    long_ago = timezone.now() - datetime.timedelta(weeks=12)
    extra = {
        S.PRIORITISED: {"priority": "high"},
        S.DECIDED: {"decision": "accepted", "decision_reasoning": "Goed idee."},
        S.IN_PROGRESS: {"decision": "partly", "decision_reasoning": "Deels.", "progress": 40},
        S.REALISED: {"decision": "accepted", "decision_reasoning": "Gedaan.", "progress": 100},
        S.REJECTED: {"decision": "rejected", "decision_reasoning": "Te duur."},
    }
    for number, status in enumerate(S.values, start=1):
        waiting = status in (S.SUBMITTED, S.IN_REVIEW, S.PRIORITISED)
        proposal = ProposalFactory(
            plan=plan,
            number=number,
            title=f"Brief {number} in gewone taal",
            status=status,
            owner=roles["member"],
            answer_due=late if waiting else None,
            submitted_at=long_ago if status != S.CONCEPT else None,
            **extra.get(status, {}),
        )
        if status != S.CONCEPT:
            ProposalEvent.objects.create(
                proposal=proposal, by=roles["member"], from_status=S.CONCEPT, to_status=S.SUBMITTED
            )
        Proposal.objects.filter(pk=proposal.pk).update(last_change_at=long_ago)
    return plan


@pytest.fixture
def assert_sound(assert_accessible):
    """No axe-core violation, and every id once (so each label names its own field)."""

    def check(page):
        assert_accessible(page)
        assert page.evaluate(REPEATED_IDS) == [], page.url

    return check


def _concept(plan):
    return plan.proposals.get(number=1)


def _log_in_with_second_step(page, log_in, user):
    log_in(page, user)
    if "/account/2fa/authenticate/" in page.url:
        page.get_by_label("Code uit de app").fill(fresh_totp())
        with page.expect_navigation():
            page.get_by_label("Code uit de app").press("Enter")
    return page


def _to_content(page):
    """From the top of the page: the skip link, then on into the content. After a failed submit
    the error summary has the focus (autofocus, issue 14): that is in the content already."""
    if focused(page)["id"] == "foutmeldingen":
        return
    page.locator("body").focus()
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Naar de inhoud"
    page.keyboard.press("Enter")


def _field(name):
    return lambda element: element["name"] == name


def _choose(page, name, value, *, limit=8):
    """With the select ``name`` focused, press ArrowDown until it shows ``value``."""
    select = page.locator(f"select[name={name}]")
    for _ in range(limit):
        if select.input_value() == value:
            return
        page.keyboard.press("ArrowDown")
    assert select.input_value() == value


def _move(page, to_status, *, priority="", decision="", text="", expect_ok=True):
    """Move the proposal with the keyboard: Tab to each field of the status form, choose with
    the arrow keys, type, Tab to the button and press Enter."""
    tab_to(page, _field("to_status"), limit=60)
    _choose(page, "to_status", to_status)
    if priority:
        tab_to(page, _field("priority"))
        _choose(page, "priority", priority)
    if decision:
        tab_to(page, _field("decision"))
        _choose(page, "decision", decision)
    if text:
        tab_to(page, _field("text"))
        page.keyboard.type(text)
    tab_to(page, lambda element: element["tag"] == "button" and element["text"] == "Status opslaan")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    if expect_ok:
        assert page.get_by_text("De status is aangepast.").is_visible(), page.url


def test_a_proposal_goes_from_concept_to_decided_with_the_keyboard_alone(
    page, roles, plan, log_in, assert_sound
):
    from proposals.models import Proposal

    proposal = _concept(plan)
    log_in(page, roles["member"])
    page.goto(proposal.get_absolute_url())
    assert_sound(page)  # a concept: the status form and the text form on one page
    # Each label names its own field (both forms have a field "text").
    assert page.get_by_label("Voorstel", exact=True).get_attribute("name") == "text"
    assert (
        page.get_by_label("Voorstel", exact=True)
        .evaluate("e => e.form.action")
        .endswith("/bewerken/")
    )
    _to_content(page)
    _move(page, "submitted")
    assert "Status</dt><dd>Ingediend" in page.content().replace("\n", "")
    assert_sound(page)

    page.context.clear_cookies()
    _log_in_with_second_step(page, log_in, roles["liaison"])
    page.goto(proposal.get_absolute_url())
    assert_sound(page)
    _to_content(page)
    _move(page, "in_review")
    _to_content(page)
    _move(page, "prioritised", priority="high")

    # A decision without the agency's reasoning is refused; what was chosen stays.
    _to_content(page)
    _move(page, "decided", decision="accepted", expect_ok=False)
    assert page.locator(".error-summary").is_visible()
    assert page.get_by_text("Een besluit heeft een uitleg van UWV nodig.").is_visible()
    assert page.locator("select[name=to_status]").input_value() == "decided"
    assert page.locator("select[name=decision]").input_value() == "accepted"
    assert_sound(page)

    # Now with the reasoning, typed into the form that came back.
    _to_content(page)
    tab_to(page, _field("text"), limit=60)
    page.keyboard.type(REASONING)
    tab_to(page, lambda element: element["tag"] == "button" and element["text"] == "Status opslaan")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("De status is aangepast.").is_visible()
    assert_sound(page)

    proposal = Proposal.objects.get(pk=proposal.pk)
    assert proposal.status == "decided"
    assert proposal.priority == "high"
    assert proposal.decision == "accepted"
    assert proposal.decision_reasoning == REASONING
    moves = [(e.from_status, e.to_status, e.by_id) for e in proposal.events.order_by("at", "id")]
    member, liaison = roles["member"].pk, roles["liaison"].pk
    assert moves == [
        ("concept", "submitted", member),
        ("submitted", "in_review", liaison),
        ("in_review", "prioritised", liaison),
        ("prioritised", "decided", liaison),
    ]


def test_proposal_pages_have_no_wcag_violations(page, roles, plan, log_in, assert_sound):
    log_in(page, roles["member"])
    for path, heading in [
        ("/vinger-aan-de-pols/plannen/", "Plannen van aanpak"),
        (plan.get_absolute_url(), plan.title),
        ("/vinger-aan-de-pols/", None),
    ]:
        response = page.goto(path)
        assert response.status == 200, path
        if heading:
            assert page.locator("h1").inner_text() == heading
        assert_sound(page)
    assert page.get_by_role("link", name="Brief 2 in gewone taal").first.is_visible()

    page.context.clear_cookies()
    _log_in_with_second_step(page, log_in, roles["liaison"])
    for path in (
        "/vinger-aan-de-pols/wachtrij/",
        plan.get_absolute_url(),
        plan.proposals.get(number=6).get_absolute_url(),  # in progress: the progress form too
        "/vinger-aan-de-pols/",
    ):
        response = page.goto(path)
        assert response.status == 200, path
        assert_sound(page)
    page.goto("/vinger-aan-de-pols/wachtrij/")
    assert page.get_by_role("link", name="Brief 2 in gewone taal").is_visible()

    page.context.clear_cookies()
    response = page.goto("/resultaten/")
    assert response.status == 200
    assert page.get_by_role("heading", name=plan.title).is_visible()
    assert_sound(page)


def test_plan_and_results_have_no_horizontal_scroll_at_320px(page, roles, plan, log_in):
    log_in(page, roles["member"])
    page.set_viewport_size({"width": 320, "height": 800})
    for path in (
        plan.get_absolute_url(),
        _concept(plan).get_absolute_url(),
        "/resultaten/",
    ):
        page.goto(path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        wide = page.evaluate(TOO_WIDE)  # to say which element, if one is
        assert overflow <= 0, (path, overflow, wide)
