"""Permission matrix rows for the search page (/zoeken/), and search queries per role: which
titles the search shows to whom.

The page itself is for everyone; what it finds follows each result's own page. The objects: a
dossier only the council "noord" may see, a meeting of noord (its member and secretary invited,
and its ex-member while still on noord), a national meeting, a signal routed to noord, a handbook
chapter, and the public pages. They are made and indexed with ``rebuild()`` by the first search
row of a test, not for every row of the matrix."""

from __future__ import annotations

from django.utils.html import escape

from tests.matrix import Case, everyone
from tests.roles import ROLE_NAMES

READY = "search_ready"
WORD = "zoekmatrix"


def _ready(context):
    """The search rows' objects, made and indexed on first use by a row of this part only, so
    the other rows of the matrix do not pay for them."""
    if context.get(READY):
        return context
    from common.models import Visibility
    from dossiers.tests.factories import DossierFactory
    from handbook.tests.factories import make_handbook
    from meetings.models import Meeting
    from meetings.tests.factories import MeetingFactory, MeetingInvitationFactory
    from signals.tests.factories import SignalFactory
    from sitesearch.index import rebuild

    roles = context["roles"]
    meeting = MeetingFactory(council=roles.council, title=f"{WORD} vergadering Noord")
    # The ex-member was invited while on noord: the search no longer finds it for them.
    for name in ("member", "secretary", "ex_member"):
        MeetingInvitationFactory(meeting=meeting, user=roles[name], on_behalf_of=roles.council)
    MeetingFactory(
        council=roles.council, kind=Meeting.Kind.NATIONAL, title=f"{WORD} landelijk overleg"
    )
    signal = SignalFactory(
        council=roles.council, reference="S-2026-990001", text=f"{WORD}: de brief is onduidelijk."
    )
    DossierFactory(
        council=roles.council, visibility=Visibility.COUNCIL, title=f"{WORD} dossier Noord"
    )
    make_handbook(titles=[f"{WORD} hoofdstuk"])
    from meetings.tests.factories import ActivityFactory
    from proposals.tests.factories import AdviceFactory, PlanFactory

    ActivityFactory(council=roles.council, visibility="councils", title=f"{WORD} activiteit")
    AdviceFactory(councils=[roles.council], title=f"{WORD} advies Noord")
    PlanFactory(council=roles.other_council, title=f"{WORD} plan Limburg")
    context.update({READY: True, "search_signal": signal})
    rebuild()
    return context


def shows(title: str, *, to: set[str]):
    """A check: the results show ``title`` to the roles in ``to`` and to nobody else."""

    def check(response, role, context):
        html = response.content.decode().replace("<mark>", "").replace("</mark>", "")
        shown = f">{escape(title)}</a>" in html
        if shown and role not in to:
            return f"sees {title!r}"
        if not shown and role in to:
            return f"does not see {title!r}"
        return None

    return check


def _q(text, **params):
    def path(c):
        _ready(c)
        query = "&".join(f"{k}={v}" for k, v in {"q": text, **params}.items())
        return f"/zoeken/?{query}"

    return path


def _signal_title(c):
    return f"Signaal {_ready(c)['search_signal'].reference}"


def _check_title_prefix(response, role, prefix, to):
    html = response.content.decode().replace("<mark>", "").replace("</mark>", "")
    shown = f">{escape(prefix)}" in html
    if shown and role not in to:
        return f"sees {prefix!r}"
    if not shown and role in to:
        return f"does not see {prefix!r}"
    return None


EVERYONE = set(ROLE_NAMES)
LOGGED_IN = EVERYONE - {"visitor"}
COUNCIL_MEMBERS = {"member", "member_other", "secretary", "central_member", "administrator"}
NOORD = {"member", "secretary", "administrator"}

CASES = [
    Case("sitesearch:search", lambda c: "/zoeken/", everyone(200)),
    Case("sitesearch:search (zoekvraag)", _q("raad"), everyone(200)),
    Case("sitesearch:search (leeg)", _q(""), everyone(400)),
    Case("sitesearch:search (te lang)", _q("woord+" * 60), everyone(400)),
    Case(
        "sitesearch:search (filters)",
        _q("raad", soort="page", raad="noord", onderwerp="brieven", regeling="WW", pagina=2),
        everyone(200),
    ),
    Case("sitesearch:search (post)", lambda c: "/zoeken/", everyone(405), method="post"),
    # Search queries per role: the same search, different results.
    Case(
        "sitesearch:search (dossier van Noord)",
        _q(WORD + "+dossier"),
        everyone(200),
        check=shows(f"{WORD} dossier Noord", to=NOORD),
    ),
    Case(
        "sitesearch:search (vergadering van Noord)",
        _q(WORD + "+vergadering"),
        everyone(200),
        check=shows(f"{WORD} vergadering Noord", to=NOORD),
    ),
    Case(
        "sitesearch:search (landelijk overleg)",
        _q(WORD + "+landelijk"),
        everyone(200),
        check=shows(f"{WORD} landelijk overleg", to=COUNCIL_MEMBERS),
    ),
    Case(
        "sitesearch:search (signaal van Noord)",
        _q(WORD + "+brief"),
        everyone(200),
        # The routed council and the central council (can_view_signal).
        check=lambda r, role, c: _check_title_prefix(
            r, role, _signal_title(c), NOORD | {"central_member"}
        ),
    ),
    Case(
        "sitesearch:search (activiteit voor alle raden)",
        _q(WORD + "+activiteit"),
        everyone(200),
        # can_view_activity: council members, and liaisons and editors who post activities.
        check=shows(f"{WORD} activiteit", to=COUNCIL_MEMBERS | {"liaison", "editor"}),
    ),
    Case(
        "sitesearch:search (advies van Noord in voorbereiding)",
        _q(WORD + "+advies"),
        everyone(200),
        check=shows(f"{WORD} advies Noord", to=NOORD),
    ),
    Case(
        "sitesearch:search (plan van aanpak)",
        _q(WORD + "+plan"),
        everyone(200),
        check=shows(f"{WORD} plan Limburg", to=COUNCIL_MEMBERS | {"liaison"}),
    ),
    Case(
        "sitesearch:search (handboek)",
        _q(WORD + "+hoofdstuk"),
        everyone(200),
        check=shows(f"{WORD} hoofdstuk", to=LOGGED_IN),
    ),
    Case(
        "sitesearch:search (openbare pagina)",
        _q("wie+zijn+wij"),
        everyone(200),
        check=shows("Wie zijn wij", to=EVERYONE),
    ),
]
