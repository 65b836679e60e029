"""Permission matrix rows for what each role sees listed on a page (issue 13, items 4 and 5):
every list, timeline and link names an item only to those who may open the item's own page.

The objects, made on first use by a row of this part (not for every row of the matrix):

* a meeting of the council "noord", its member and secretary invited on behalf of noord, and
  the ex-member too (invited while still on noord);
* a draft advice of noord (not sent: it belongs to noord) and a sent advice of noord, both
  late or stalled, so the overview and the queue list them;
* a signal routed to noord;
* a public dossier of the council "limburg" that noord joined, with the meeting, the signal and
  both advices linked by noord's member, and a second draft advice of noord linked and removed
  again. Its timeline, its "Gekoppeld" section and "Wat speelt er elders" name each item only to
  who may open it."""

from __future__ import annotations

import datetime

from django.utils.html import escape

from tests.matrix import DENY, Case, everyone, logged_in

READY = "listed_ready"
WORD = "Lijstmatrix"

MEETING = f"{WORD} vergadering Noord"
DRAFT = f"{WORD} conceptadvies Noord"
REMOVED = f"{WORD} teruggetrokken concept Noord"
SENT = f"{WORD} verstuurd advies Noord"
SIGNAL = "S-2026-880001"

NOORD = {"member", "secretary", "administrator"}
# can_view_advices: council (and working group) members, liaisons, administrators.
ADVICE_READERS = {"member", "member_other", "secretary", "central_member", "liaison"} | {
    "administrator"
}
# can_view_signal: the council it is routed to, the central council, administrators.
SIGNAL_READERS = NOORD | {"central_member"}


def _ready(context):
    if context.get(READY):
        return context
    from common.models import Visibility
    from dossiers import services as dossier_services
    from dossiers.tests.factories import DossierFactory
    from meetings.models import EventStatus
    from meetings.tests.factories import MeetingFactory, MeetingInvitationFactory
    from proposals.models import Advice
    from proposals.tests.factories import AdviceFactory
    from signals.tests.factories import SignalFactory

    roles = context["roles"]
    noord = roles.council
    meeting = MeetingFactory(council=noord, title=MEETING, status=EventStatus.SCHEDULED)
    for name in ("member", "secretary", "ex_member"):
        MeetingInvitationFactory(meeting=meeting, user=roles[name], on_behalf_of=noord)
    late = datetime.date(2020, 1, 1)
    draft = AdviceFactory(councils=[noord], title=DRAFT)
    removed = AdviceFactory(councils=[noord], title=REMOVED)
    sent = AdviceFactory(councils=[noord], title=SENT, status="sent", sent_on=late, answer_due=late)
    long_ago = datetime.datetime(2020, 1, 1, 12, tzinfo=datetime.UTC)
    Advice.objects.filter(pk__in=[draft.pk, sent.pk]).update(last_change_at=long_ago)
    signal = SignalFactory(council=noord, reference=SIGNAL)
    dossier = DossierFactory(
        council=roles.other_council,
        councils=[noord],
        visibility=Visibility.PUBLIC,
        title=f"{WORD} openbaar dossier",
    )
    actor = roles["member"]
    for kind, obj in (("meeting", meeting), ("signal", signal), ("advice", draft)):
        dossier_services.link_object(actor=actor, dossier=dossier, kind=kind, obj=obj)
    dossier_services.link_object(actor=actor, dossier=dossier, kind="advice", obj=sent)
    link = dossier_services.link_object(actor=actor, dossier=dossier, kind="advice", obj=removed)
    dossier_services.link_remove(actor=actor, link=link)
    context.update({READY: True, "listed_dossier": dossier})
    return context


def lists(expected: dict[str, set[str]]):
    """A check: the page names each text in ``expected`` to the roles given, to nobody else."""

    def check(response, role, context):
        streamed = getattr(response, "streaming", False)  # a CSV download streams
        content = (b"".join(response.streaming_content) if streamed else response.content).decode()
        problems = []
        for text, to in expected.items():
            shown = escape(text) in content
            if shown and role not in to:
                problems.append(f"sees {text!r}")
            elif not shown and role in to:
                problems.append(f"does not see {text!r}")
        return "; ".join(problems) or None

    return check


def lists_in_xlsx(expected: dict[str, set[str]]):
    """``lists`` for an XLSX download: the texts of its cells, read with openpyxl."""
    import io
    from types import SimpleNamespace

    import openpyxl

    def check(response, role, context):
        cells = []
        if response.status_code == 200:  # a refusal is a page, and lists nothing
            sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
            cells = [escape(str(v)) for row in sheet.iter_rows(values_only=True) for v in row if v]
        return lists(expected)(SimpleNamespace(content="\n".join(cells).encode()), role, context)

    return check


def _at(path):
    def build(context):
        _ready(context)
        return path(context) if callable(path) else path

    return build


# Each item by who may open its own page.
ITEMS = {
    MEETING: NOORD,
    SIGNAL: SIGNAL_READERS,
    DRAFT: NOORD,
    REMOVED: NOORD,
    SENT: ADVICE_READERS,
}
# "Wat speelt er elders" leaves out the dossiers the viewer's own councils lead or joined
# (limburg leads, noord joined), and shows a dossier's two newest lines only: the removed draft
# linked and removed again, which names the draft to noord's administrator alone.
ELSEWHERE = {
    text: (to - {"member_other", "member", "secretary"} if text == REMOVED else set())
    for text, to in ITEMS.items()
}
# Advices and the overview: who may see advices, without the council pages' refusals.
ADVICE_PAGES = logged_in(200, editor=DENY, ex_member=DENY)

CASES = [
    Case(
        "dossiers:detail (openbaar: tijdlijn en gekoppeld)",
        _at(lambda c: c["listed_dossier"].get_absolute_url()),
        everyone(200),
        check=lists(ITEMS),
    ),
    Case(
        "dossiers:elsewhere (wat er gekoppeld is)",
        _at("/dossiers/elders/"),
        logged_in(200),
        check=lists(ELSEWHERE),
    ),
    Case(
        "proposals:advices (concept en verstuurd)",
        _at("/vinger-aan-de-pols/adviezen/"),
        ADVICE_PAGES,
        check=lists({DRAFT: NOORD, SENT: ADVICE_READERS}),
    ),
    Case(
        "proposals:pulse (concept en verstuurd)",
        _at("/vinger-aan-de-pols/"),
        ADVICE_PAGES,
        check=lists({DRAFT: NOORD, SENT: ADVICE_READERS}),
    ),
    Case(
        "proposals:pulse_csv (concept en verstuurd)",
        _at("/vinger-aan-de-pols/overzicht.csv"),
        ADVICE_PAGES,
        check=lists({DRAFT: NOORD, SENT: ADVICE_READERS}),
    ),
    Case(
        "proposals:pulse_xlsx (concept en verstuurd)",
        _at("/vinger-aan-de-pols/overzicht.xlsx"),
        ADVICE_PAGES,
        check=lists_in_xlsx({DRAFT: NOORD, SENT: ADVICE_READERS}),
    ),
    Case(
        "proposals:queue (alleen verstuurd)",
        _at("/vinger-aan-de-pols/wachtrij/"),
        logged_in(DENY, liaison=200, administrator=200),
        check=lists({DRAFT: set(), SENT: {"liaison", "administrator"}}),
    ),
    Case(
        "meetings:meetings (uitgenodigd)",
        _at("/overleg/"),
        logged_in(200),
        check=lists({MEETING: NOORD}),
    ),
    Case(
        "accounts:dashboard (uitgenodigd)",
        _at("/mijn/"),
        logged_in(200),
        # The dashboard lists the meetings one is invited to: not the administrator's.
        check=lists({MEETING: {"member", "secretary"}}),
    ),
]
