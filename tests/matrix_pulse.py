"""Permission matrix rows for advices, the liaison's queue, "Vinger aan de pols" and the public
results page.

The objects: advices of the council "noord" (a draft and a sent one with an attachment each) in
the state each action needs; every action row puts its advice back in that state first, so each
role meets the same advice. A draft is noord's until it is sent. Writing and sending is for
noord's members and administrators, the agency's answer for liaisons only."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.matrix import DENY, Case, everyone, logged_in

READY = "pulse_ready"
PDF = b"%PDF-1.4\n%\xe2\xe3\n"


def extend_context(context):
    if context.get(READY):
        return context
    from proposals.models import AdviceAttachment
    from proposals.tests.factories import AdviceFactory

    council = context["roles"].council
    advice = AdviceFactory(councils=[council], title="Advies van Noord")
    sent = AdviceFactory(councils=[council], title="Verstuurd advies van Noord", status="sent")
    context.update(
        {
            READY: True,
            "advice": advice,
            "attachment": AdviceAttachment.objects.create(
                advice=advice, title="Brief", file=SimpleUploadedFile("brief.pdf", PDF)
            ),
            "advice_sent": sent,
            "attachment_sent": AdviceAttachment.objects.create(
                advice=sent, title="Brief", file=SimpleUploadedFile("brief.pdf", PDF)
            ),
            # Answered with the agency's letter (issue 15).
            "advice_answered_file": AdviceFactory(
                councils=[council],
                title="Beantwoord advies van Noord",
                status="answered",
                answer_text="UWV neemt het advies over.",
                answer_file=SimpleUploadedFile("brief-uwv.pdf", PDF),
                answer_file_name="brief-uwv.pdf",
            ),
            "advice_send": AdviceFactory(councils=[council]),
            "advice_answer": AdviceFactory(councils=[council]),
            "advice_follow_up": AdviceFactory(councils=[council]),
        }
    )
    return context


def _a(c, key="advice"):
    return extend_context(c)[key]


def _reset(c, key, status):
    from proposals.models import Advice

    Advice.objects.filter(pk=_a(c, key).pk).update(status=status)


def _url(c, key="advice", suffix=""):
    return f"/vinger-aan-de-pols/advies/{_a(c, key).pk}/{suffix}"


# Who sees advices and the overview: council and working-group members, liaisons, administrators;
# not an ex-member.
VIEWERS = logged_in(200, editor=DENY, ex_member=DENY)
# A draft belongs to its council until it is sent: noord and administrators; for the others who
# see advices it is not there (404).
DRAFT = {**VIEWERS, **dict.fromkeys(("member_other", "central_member", "liaison"), 404)}
AUTHORS = logged_in(200, editor=DENY, liaison=DENY, ex_member=DENY)
# Who writes for the council "noord".
NOORD = logged_in(DENY, member=302, secretary=302, administrator=302)
# ... on a draft, which the others who see advices do not find.
NOORD_DRAFT = {**NOORD, **dict.fromkeys(("member_other", "central_member", "liaison"), 404)}


def _send_data(c):
    _reset(c, "advice_send", "draft")
    return {"adopted_on": "2026-03-01", "sent_on": "2026-03-02"}


def _answer_data(c):
    _reset(c, "advice_answer", "sent")
    return {"answer_text": "UWV neemt het advies over."}


def _follow_up_data(c):
    _reset(c, "advice_follow_up", "answered")
    return {"follow_up": "satisfied", "note": ""}


CASES = [
    Case("proposals:advices", lambda c: "/vinger-aan-de-pols/adviezen/", VIEWERS),
    Case("proposals:advice_create", lambda c: "/vinger-aan-de-pols/adviezen/nieuw/", AUTHORS),
    Case(
        "proposals:advice_create (opslaan voor Noord)",
        lambda c: "/vinger-aan-de-pols/adviezen/nieuw/",
        # Others may write advices, but not for a council they do not sit on: 400.
        logged_in(
            DENY,
            member=302,
            secretary=302,
            administrator=302,
            member_other=400,
            central_member=400,
        ),
        method="post",
        data=lambda c: {
            "kind": "requested",
            "title": f"Advies {c['n']}",
            "text": "Tekst van het advies.",
            "councils": [extend_context(c)["roles"].council.pk],
        },
    ),
    Case("proposals:advice", lambda c: _url(c), DRAFT),
    Case("proposals:advice (verstuurd)", lambda c: _url(c, "advice_sent"), VIEWERS),
    Case(
        "proposals:advice_attachment",
        lambda c: _url(c, suffix="bijlage/"),
        NOORD_DRAFT,
        method="post",
        data=lambda c: {"title": "Brief", "file": SimpleUploadedFile("brief.pdf", PDF)},
    ),
    Case(
        "proposals:advice_attachment_file",
        lambda c: _url(c, suffix=f"bijlage/{_a(c, 'attachment').pk}/"),
        DRAFT,
    ),
    Case(
        "proposals:advice_attachment_file (verstuurd)",
        lambda c: _url(c, "advice_sent", f"bijlage/{_a(c, 'attachment_sent').pk}/"),
        VIEWERS,
    ),
    Case(
        "proposals:advice_answer_file",
        lambda c: _url(c, "advice_answered_file", "antwoord/brief/"),
        VIEWERS,
    ),
    Case(
        "proposals:advice_send",
        lambda c: _url(c, "advice_send", "versturen/"),
        NOORD_DRAFT,
        method="post",
        data=_send_data,
    ),
    Case(
        "proposals:advice_answer",
        lambda c: _url(c, "advice_answer", "antwoord/"),
        logged_in(DENY, liaison=302),
        method="post",
        data=_answer_data,
    ),
    Case(
        "proposals:advice_follow_up",
        lambda c: _url(c, "advice_follow_up", "reactie/"),
        NOORD,
        method="post",
        data=_follow_up_data,
    ),
    Case(
        "proposals:queue",
        lambda c: "/vinger-aan-de-pols/wachtrij/",
        logged_in(DENY, liaison=200, administrator=200),
    ),
    Case("proposals:pulse", lambda c: "/vinger-aan-de-pols/", VIEWERS),
    Case("proposals:pulse (per raad)", lambda c: "/vinger-aan-de-pols/?raad=noord", VIEWERS),
    Case("proposals:pulse_csv", lambda c: "/vinger-aan-de-pols/overzicht.csv", VIEWERS),
    Case("proposals:pulse_xlsx", lambda c: "/vinger-aan-de-pols/overzicht.xlsx", VIEWERS),
    # A download is never posted (issue 17).
    Case(
        "proposals:pulse_csv (post)",
        lambda c: "/vinger-aan-de-pols/overzicht.csv",
        logged_in(405),
        method="post",
    ),
    Case(
        "proposals:pulse_xlsx (post)",
        lambda c: "/vinger-aan-de-pols/overzicht.xlsx",
        logged_in(405),
        method="post",
    ),
    Case("proposals:pulse_pdf", lambda c: "/vinger-aan-de-pols/overzicht.pdf", VIEWERS),
    Case("proposals:public_results", lambda c: "/resultaten/", everyone(200)),
    Case("proposals:public_results (en)", lambda c: "/en/resultaten/", everyone(200)),
]
