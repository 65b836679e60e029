"""Permission matrix rows for the questions asked before a destructive action (issue 15):
signing off an activity, joining a dossier and leaving it again. The objects come from
matrix_activities and matrix_dossiers; leaving uses a dossier of limburg that noord joined."""

from __future__ import annotations

from tests.matrix import DENY, Case, logged_in

READY = "confirmations_ready"


def extend_context(context):
    if context.get(READY):
        return context
    from dossiers.tests.factories import DossierFactory

    roles = context["roles"]
    joined = DossierFactory(council=roles.other_council, title="Limburg, Noord doet mee")
    joined.councils.add(roles.council)
    context.update({READY: True, "joined_dossier": joined})
    return context


def _fresh_joined(c):
    """A new dossier of limburg that noord joined, for this request (leaving changes it)."""
    from dossiers.tests.factories import DossierFactory

    roles = c["roles"]
    c["fresh_joined"] = DossierFactory(council=roles.other_council)
    c["fresh_joined"].councils.add(roles.council)
    return {}


# Those who see a dossier for all councils but are not on noord, or not on any council.
NOT_SEEN = {"editor": 404, "liaison": 404, "ex_member": 404}

CASES = [
    Case(
        "meetings:activity_sign_off (weet u het zeker?)",
        lambda c: f"/agenda/activiteit/{c['activity_signed'].pk}/afmelden/",
        # Not signed up: the activity's page with the message (400).
        logged_in(200, editor=400, liaison=400, administrator=400, ex_member=DENY),
    ),
    Case(
        "dossiers:join (weet u het zeker?)",
        lambda c: f"/dossiers/{c['dossier'].pk}/meedoen/",
        # Noord is already involved; administrators, editors and liaisons sit on no council.
        logged_in(404, member=DENY, secretary=DENY, administrator=DENY)
        | {"member_other": 200, "central_member": 200},
    ),
    Case(
        "dossiers:leave (weet u het zeker?)",
        lambda c: f"/dossiers/{extend_context(c)['joined_dossier'].pk}/stoppen/",
        # Noord joined: its members may take it out again; limburg owns it and cannot.
        logged_in(DENY, member=200, secretary=200) | NOT_SEEN,
    ),
    Case(
        "dossiers:leave",
        lambda c: f"/dossiers/{c['fresh_joined'].pk}/stoppen/",
        logged_in(DENY, member=302, secretary=302) | NOT_SEEN,
        method="post",
        data=_fresh_joined,
    ),
]
