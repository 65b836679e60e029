"""Permission matrix rows for the plans and proposals (/vinger-aan-de-pols/plannen/ and on).

The objects: a plan of the council "noord" (its member and secretary own it; administrators
may act for the owners; liaisons take the agency's side) with one proposal. Each POST that
moves or changes a proposal gets a fresh proposal in the state the move starts from, so every
role tries the same thing."""

from __future__ import annotations

from tests.matrix import DENY, Case, logged_in

READY = "plans_ready"

# can_view_plans: council members, liaisons and administrators; not editors, not noord's
# ex-member.
VIEWERS = logged_in(200, editor=DENY, ex_member=DENY)
# The owning side (council): noord's member and secretary, and administrators.
OWNERS = logged_in(DENY, member=302, secretary=302, administrator=302)


def extend_context(context):
    if context.get(READY):
        return context
    from proposals.tests.factories import PlanFactory, ProposalFactory

    roles = context["roles"]
    plan = PlanFactory(council=roles.council, title="Brieven in B1")
    context.update({READY: True, "plan": plan, "proposal": ProposalFactory(plan=plan, number=1)})
    return context


def _plan(c, suffix=""):
    return f"/vinger-aan-de-pols/plan/{extend_context(c)['plan'].pk}{suffix}"


def _fresh(status, **post):
    """A new proposal in ``status`` for this request, and the POST data."""

    def data(c):
        from proposals.tests.factories import ProposalFactory

        plan = extend_context(c)["plan"]
        decision = "accepted" if status in ("decided", "in_progress") else ""
        c["fresh"] = ProposalFactory(
            plan=plan, number=100 + c["n"], status=status, decision=decision
        )
        return post

    return data


def _fresh_url(suffix):
    return lambda c: f"/vinger-aan-de-pols/voorstel/{c['fresh'].pk}/{suffix}"


CASES = [
    Case("proposals:plans", lambda c: "/vinger-aan-de-pols/plannen/", VIEWERS),
    Case(
        "proposals:plan_create",
        lambda c: "/vinger-aan-de-pols/plannen/nieuw/",
        logged_in(DENY, member=200, member_other=200, secretary=200, central_member=200),
    ),
    Case(
        "proposals:plan_create (post)",
        lambda c: "/vinger-aan-de-pols/plannen/nieuw/",
        # Only for one's own council: noord is not an owner the others may choose.
        logged_in(DENY, member=302, secretary=302, member_other=400, central_member=400),
        method="post",
        data=lambda c: {
            "title": f"Nieuw plan {c['n']}",
            "owner": f"council-{c['roles'].council.pk}",
        },
    ),
    Case("proposals:plan", lambda c: _plan(c, "/"), VIEWERS),
    Case(
        "proposals:plan (unknown)",
        lambda c: "/vinger-aan-de-pols/plan/999999/",
        logged_in(404, editor=DENY, ex_member=DENY),
    ),
    Case("proposals:plan_csv", lambda c: _plan(c, ".csv"), VIEWERS),
    Case("proposals:plan_xlsx", lambda c: _plan(c, ".xlsx"), VIEWERS),
    # A download is never posted (issue 17).
    Case("proposals:plan_csv (post)", lambda c: _plan(c, ".csv"), logged_in(405), method="post"),
    Case("proposals:plan_xlsx (post)", lambda c: _plan(c, ".xlsx"), logged_in(405), method="post"),
    Case("proposals:plan_pdf", lambda c: _plan(c, ".pdf"), VIEWERS),
    Case("proposals:plan_pdf (post)", lambda c: _plan(c, ".pdf"), logged_in(405), method="post"),
    Case(
        "proposals:proposal_add",
        lambda c: _plan(c, "/voorstel/"),
        OWNERS,
        method="post",
        data=lambda c: {"title": "Bel terug", "text": "Binnen twee werkdagen."},
    ),
    Case(
        "proposals:plan_bulk",
        lambda c: _plan(c, "/bijwerken/"),
        logged_in(DENY, member=200, secretary=200, liaison=200, administrator=200),
    ),
    Case(
        "proposals:proposal",
        lambda c: f"/vinger-aan-de-pols/voorstel/{extend_context(c)['proposal'].pk}/",
        VIEWERS,
    ),
    Case(
        "proposals:proposal_edit",
        _fresh_url("bewerken/"),
        # A liaison has a side (the agency's) but gets a refusal with the reason.
        {**OWNERS, "liaison": 400},
        method="post",
        data=_fresh("concept", title="Nieuwe titel", text="Nieuwe tekst"),
    ),
    Case(
        "proposals:proposal_move",
        _fresh_url("status/"),
        {**OWNERS, "liaison": 400},
        method="post",
        data=_fresh("concept", to_status="submitted"),
    ),
    Case(
        "proposals:proposal_move (agency)",
        _fresh_url("status/"),
        logged_in(DENY, member=400, secretary=400, administrator=400, liaison=302),
        method="post",
        data=_fresh("submitted", to_status="in_review"),
    ),
    Case(
        "proposals:proposal_progress",
        _fresh_url("voortgang/"),
        logged_in(DENY, member=400, secretary=400, administrator=400, liaison=302),
        method="post",
        data=_fresh("in_progress", progress="50", text="Half klaar"),
    ),
    Case(
        "proposals:proposals_import",
        lambda c: "/vinger-aan-de-pols/import/",
        VIEWERS,
    ),
]
