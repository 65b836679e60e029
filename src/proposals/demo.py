"""Demo plans of approach and advices, fictional. Each working group gets a plan with twelve
proposals walked through the workflow to every state; four advices from district councils and
the central council. Idempotent (does nothing when plans exist). No e-mail is sent.

The history is spread over the past year afterwards, so the public page shows progress over
several quarters: this rewrites demo rows only, never real history."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from councils.models import Council, WorkingGroup, WorkingGroupMembership

from . import services
from .models import Advice, Plan, Proposal, ProposalEvent
from .models import ProposalStatus as S
from .workflow import AGENCY, COUNCIL

BOTH = {COUNCIL, AGENCY}

# (target state, days ago the proposal was submitted, extra): every state of the workflow.
PATHS = [
    ("concept", 0),
    ("submitted", 10),
    ("submitted_late", 75),
    ("in_review", 30),
    ("in_review_late", 120),
    ("prioritised", 60),
    ("decided", 150),
    ("decided_partly", 200),
    ("in_progress", 260),
    ("in_progress_stalled", 320),
    ("realised", 350),
    ("rejected", 180),
]

PLANS = {
    "samenwerking-contact": (
        "Plan van aanpak: samen sterker in de districten",
        "Hoe de districtsraden meer samenwerken, van elkaar leren en beter contact houden met "
        "UWV in hun regio.",
        True,
        [
            (
                "Vast overleg tussen buurdistricten",
                "Twee keer per jaar praten de raden uit "
                "buurdistricten met elkaar over wat zij horen van cliënten.",
            ),
            (
                "Eén contactpersoon van UWV per district",
                "Elke raad krijgt één vaste "
                "contactpersoon bij UWV, die binnen twee weken antwoordt.",
            ),
            (
                "Gedeelde lijst met signalen",
                "De raden zien elkaars signalen over hetzelfde "
                "onderwerp, zodat zij samen advies kunnen geven.",
            ),
            (
                "Inwerkprogramma voor nieuwe leden",
                "Nieuwe leden krijgen een maatje uit een ander district en een korte training.",
            ),
            (
                "Werkbezoek aan een ander district",
                "Leden bezoeken één keer per jaar een raad in "
                "een ander district om te zien hoe die werkt.",
            ),
            (
                "Samen advies over brieven",
                "De raden schrijven samen één advies over brieven die cliënten niet begrijpen.",
            ),
            (
                "Jaarlijkse landelijke dag",
                "Eén dag per jaar komen alle raden samen met UWV om afspraken te maken.",
            ),
            (
                "Verslagen delen binnen twee weken",
                "De raden zetten hun verslagen binnen twee "
                "weken op Raadsplein, zodat anderen meelezen.",
            ),
            (
                "Contact met gemeenten",
                "De raden maken afspraken met gemeenten over cliënten die "
                "met beide te maken hebben.",
            ),
            (
                "Vaste agenda voor regio-overleg",
                "Het overleg met de districtsmanager van UWV "
                "heeft een vaste agenda met signalen en adviezen.",
            ),
            (
                "Terugkoppeling op signalen",
                "UWV laat binnen zes weken weten wat het met een signaal van de raad heeft gedaan.",
            ),
            (
                "Samen optrekken bij reorganisaties",
                "Bij een verandering bij UWV in meer districten praten de raden samen mee.",
            ),
        ],
    ),
    "promotie": (
        "Plan van aanpak: bekend en bereikbaar",
        "Hoe de cliëntenraden beter bekend worden bij cliënten en nieuwe leden vinden.",
        False,
        [
            (
                "Folder in elk UWV-kantoor",
                "In elk kantoor van UWV ligt een eenvoudige folder over de cliëntenraad.",
            ),
            (
                "Link naar de raad in brieven van UWV",
                "Onder brieven van UWV staat hoe u de cliëntenraad bereikt.",
            ),
            (
                "Verhalen van leden op de website",
                "Leden vertellen in korte verhalen waarom zij meedoen.",
            ),
            (
                "Werving van jonge leden",
                "De raden zoeken samen met scholen en jongerenwerk leden onder de dertig.",
            ),
            (
                "Informatiemarkt in de bibliotheek",
                "De raad staat twee keer per jaar op een informatiemarkt in de bibliotheek.",
            ),
            (
                "Filmpje in gewone taal",
                "Een filmpje van twee minuten legt uit wat de raad doet, met ondertiteling.",
            ),
            ("Bekendheid meten", "UWV vraagt in zijn klantonderzoek of cliënten de raad kennen."),
            (
                "Nieuwsbrief voor achterbanorganisaties",
                "Vier keer per jaar een korte nieuwsbrief voor de organisaties achter de raden.",
            ),
            ("Sociale media", "De raden plaatsen één keer per week een bericht op sociale media."),
            (
                "Vergoeding duidelijk uitleggen",
                "Bij werving staat duidelijk welke vergoeding "
                "leden krijgen en wat dat betekent voor hun uitkering.",
            ),
            (
                "Toegankelijke bijeenkomsten",
                "Bijeenkomsten zijn rolstoeltoegankelijk en hebben een ringleiding.",
            ),
            ("Ambassadeurs in de wijk", "Oud-leden vertellen in hun wijk over de raad."),
        ],
    ),
}


def _walk(proposal: Proposal, path: str) -> None:
    def move(to, **kwargs):
        services.proposal_move(
            actor=None, proposal=proposal, sides=BOTH, to_status=to, notify=False, **kwargs
        )

    if path == "concept":
        return
    move(S.SUBMITTED)
    if path.startswith("submitted"):
        return
    move(S.IN_REVIEW)
    if path.startswith("in_review"):
        return
    if path == "rejected":
        move(S.REJECTED, text="Past niet in het budget van dit jaar; wij kijken volgend jaar.")
        return
    if path == "prioritised":
        move(S.PRIORITISED, priority="high")
        return
    move(S.PRIORITISED, priority="medium")
    decision = "partly" if path == "decided_partly" else "accepted"
    move(S.DECIDED, decision=decision, text="UWV neemt dit over en maakt een planning.")
    if path.startswith("decided"):
        return
    move(S.IN_PROGRESS, progress=40)
    if path == "realised":
        move(S.REALISED)


def _backdate(proposal: Proposal, days_ago: int, now) -> None:
    """Spread the demo history: submitted ``days_ago`` days back, later steps after it."""
    events = list(proposal.events.order_by("at", "id"))
    if days_ago == 0 or len(events) < 2:
        return
    start = now - datetime.timedelta(days=days_ago + 7)
    step = datetime.timedelta(days=days_ago) / len(events)
    submitted_at = None
    for index, event in enumerate(events):
        at = start if index == 0 else now - datetime.timedelta(days=days_ago) + step * (index - 1)
        ProposalEvent.objects.filter(pk=event.pk).update(at=at)
        if event.to_status == S.SUBMITTED and submitted_at is None:
            submitted_at = at
    last = (
        start
        if len(events) == 1
        else now - datetime.timedelta(days=days_ago) + step * (len(events) - 2)
    )
    Proposal.objects.filter(pk=proposal.pk).update(
        submitted_at=submitted_at,
        answer_due=timezone.localdate(submitted_at)
        + datetime.timedelta(weeks=settings.ADVICE_ANSWER_WEEKS),
        last_change_at=last,
    )


ADVICES = [
    # kind, title, text, council slugs, target, public
    (
        "unsolicited",
        "Brieven over de WW-uitkering in gewone taal",
        "Cliënten begrijpen de brieven over hun WW-uitkering vaak niet. De raad adviseert UWV "
        "om de brieven samen met cliënten te herschrijven in taalniveau B1.",
        ["noord"],
        "draft",
        False,
    ),
    (
        "requested",
        "Advies over de nieuwe werkwijze bij de Ziektewet",
        "UWV vroeg de raden om advies over de nieuwe werkwijze. De raden adviseren om "
        "cliënten altijd eerst te bellen voordat er een besluit komt.",
        ["rijnmond", "centraal"],
        "overdue",
        True,
    ),
    (
        "unsolicited",
        "Betere bereikbaarheid van de telefoonlijn",
        "Cliënten wachten lang aan de telefoon. De raad adviseert een terugbelservice en "
        "langere openingstijden op één avond per week.",
        ["centraal"],
        "answered",
        True,
    ),
    (
        "requested",
        "Advies over het klantpanel in Limburg",
        "De raad adviseert om het klantpanel vaker te houden en ook online mee te laten doen.",
        ["limburg"],
        "closed",
        True,
    ),
]


def _advices(today) -> int:
    councils = {c.slug: c for c in Council.objects.all()}
    made = 0
    for kind, title, text, slugs, target, public in ADVICES:
        chosen = [councils[s] for s in slugs if s in councils]
        if not chosen:
            continue
        figures = {}
        if target == "overdue":
            from .selectors_pulse import signal_figures_snapshot

            figures = signal_figures_snapshot(onderwerp="", regeling="ZW", months=6)
        advice = services.advice_create(
            actor=None,
            kind=kind,
            title=title,
            text=text,
            councils=chosen,
            evidence="Signalen van cliënten en gesprekken in de raad." if target != "draft" else "",
            signal_figures=figures,
            is_public=public,
        )
        made += 1
        if target == "draft":
            continue
        sent_on = today - datetime.timedelta(days=60 if target == "overdue" else 50)
        services.advice_send(
            actor=None,
            advice=advice,
            adopted_on=sent_on - datetime.timedelta(days=3),
            sent_on=sent_on,
        )
        if target == "overdue":
            continue
        services.advice_record_answer(
            actor=None,
            advice=advice,
            answer_text="UWV neemt het advies grotendeels over. Wij starten na de zomer met een "
            "proef en laten de raad de uitkomsten weten.",
            answered_on=today - datetime.timedelta(days=10),
        )
        if target == "closed":
            services.advice_follow_up(
                actor=None,
                advice=advice,
                follow_up="satisfied",
                note="De raad is tevreden en volgt de proef.",
            )
    return made


@transaction.atomic
def load(stdout=None) -> dict:
    if Plan.objects.exists():
        return {"plans": Plan.objects.count(), "advices": Advice.objects.count()}
    now = timezone.now()
    groups = {g.slug: g for g in WorkingGroup.objects.filter(slug__in=PLANS)}
    proposals = 0
    for slug, (title, summary, public, items) in PLANS.items():
        group = groups.get(slug)
        if group is None:
            continue
        plan = services.plan_create(
            actor=None, title=title, summary=summary, working_group=group, is_public=public
        )
        owner = (
            WorkingGroupMembership.objects.filter(working_group=group)
            .select_related("user")
            .first()
        )
        for (path, days_ago), (p_title, p_text) in zip(PATHS, items, strict=True):
            proposal = services.proposal_add(
                actor=None,
                plan=plan,
                title=p_title,
                text=p_text,
                owner=owner.user if owner else None,
            )
            _walk(proposal, path)
            _backdate(proposal, days_ago, now)
            proposals += 1
    advices = _advices(timezone.localdate())
    result = {"plans": Plan.objects.count(), "proposals": proposals, "advices": advices}
    if stdout:
        stdout.write(f"proposals: {result}\n")
    return result
