"""The plan and proposal pages: lists, moves through the web forms, bulk update, CSV import and
exports, and the e-mail to the owner when the agency moves a proposal."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from proposals.models import Plan, Proposal, ProposalEvent
from proposals.models import ProposalStatus as S
from proposals.selectors_plans import overall_progress
from proposals.tests.factories import PlanFactory, ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(roles):
    return PlanFactory(council=roles.council, title="Brieven die iedereen begrijpt")


def _login(client, roles, role):
    client.force_login(roles[role])
    return client


def _url(obj, suffix=""):
    return f"{obj.get_absolute_url()}{suffix}"


# --- lists and pages ------------------------------------------------------------------------


def test_plan_list_shows_counts_and_progress(client, roles, plan):
    ProposalFactory(plan=plan, status=S.IN_PROGRESS, progress=50)
    ProposalFactory(plan=plan, status=S.REALISED, progress=10)
    ProposalFactory(plan=plan, status=S.REJECTED, progress=0)
    response = _login(client, roles, "member_other").get("/vinger-aan-de-pols/plannen/")
    html = response.content.decode()
    assert response.status_code == 200
    assert plan.title in html
    assert "In uitvoering: 1" in html and "Afgewezen: 1" in html
    # (50 + 100) / 2: realised counts as 100, rejected is left out.
    assert "Voortgang in totaal: 75%" in html
    assert "Nieuw plan" in html


def test_overall_progress_rule():
    def p(status, progress):
        return Proposal(status=status, progress=progress)

    assert overall_progress([]) is None
    assert overall_progress([p(S.REJECTED, 0)]) is None
    assert overall_progress([p(S.REALISED, 0), p(S.CONCEPT, 0), p(S.REJECTED, 90)]) == 50


def test_plan_page_shows_where_proposals_stand_and_who_waits_longest(client, roles, plan):
    now = timezone.now()
    old = ProposalFactory(plan=plan, status=S.SUBMITTED, title="Oud voorstel")
    newer = ProposalFactory(plan=plan, status=S.IN_REVIEW, title="Nieuwer voorstel")
    ProposalFactory(plan=plan, status=S.IN_PROGRESS, title="Bezig", progress=30)
    Proposal.objects.filter(pk=old.pk).update(last_change_at=now - datetime.timedelta(weeks=9))
    Proposal.objects.filter(pk=newer.pk).update(last_change_at=now - datetime.timedelta(weeks=2))
    response = _login(client, roles, "liaison").get(plan.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "wacht al 9 weken" in html and "wacht al 2 weken" in html
    assert html.index("Oud voorstel</a> –") < html.index("Nieuwer voorstel</a> –")
    assert "<svg" in html and "<progress" in html
    assert "Een afgewezen voorstel telt niet mee" in html
    # The liaison may not add proposals; the owners may.
    assert "Voorstel toevoegen" not in html
    html = _login(client, roles, "member").get(plan.get_absolute_url()).content.decode()
    assert "Voorstel toevoegen" in html


@pytest.mark.parametrize(
    "url_name,role",
    [("plan", "member"), ("plans", "member"), ("bulk", "secretary"), ("bulk", "liaison")],
)
def test_query_count_does_not_grow_with_proposals(client, roles, plan, url_name, role):
    _login(client, roles, role)
    url = {
        "plan": plan.get_absolute_url(),
        "plans": "/vinger-aan-de-pols/plannen/",
        "bulk": _url(plan, "bijwerken/"),
    }[url_name]
    counts = []
    for size in (3, 60):
        Proposal.objects.filter(plan=plan).delete()
        for n in range(size):
            ProposalFactory(
                plan=plan, number=n + 1, status=S.values[n % len(S.values)], progress=n % 100
            )
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts


def test_plan_create_for_an_own_council(client, roles):
    _login(client, roles, "member")
    response = client.post(
        "/vinger-aan-de-pols/plannen/nieuw/",
        {"title": "Bereikbaarheid", "owner": f"council-{roles.council.pk}", "is_public": "on"},
    )
    plan = Plan.objects.get(title="Bereikbaarheid")
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert plan.council == roles.council and plan.is_public


def test_plan_create_for_someone_elses_council_is_refused(client, roles):
    _login(client, roles, "member")
    response = client.post(
        "/vinger-aan-de-pols/plannen/nieuw/",
        {"title": "Niet van mij", "owner": f"council-{roles.other_council.pk}"},
    )
    assert response.status_code == 400
    assert not Plan.objects.exists()
    assert "Niet van mij" in response.content.decode()


def test_add_proposal(client, roles, plan):
    _login(client, roles, "secretary")
    response = client.post(
        _url(plan, "voorstel/"), {"title": "Bel terug", "text": "Binnen 2 dagen."}
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert (proposal.number, proposal.status, proposal.owner) == (1, S.CONCEPT, roles["secretary"])
    response = client.post(_url(plan, "voorstel/"), {"title": "Zonder tekst", "text": ""})
    assert response.status_code == 400 and "Zonder tekst" in response.content.decode()
    _login(client, roles, "liaison")
    assert client.post(_url(plan, "voorstel/"), {"title": "X", "text": "Y"}).status_code == 403


# --- the proposal page and its forms -----------------------------------------------------


def test_proposal_page_shows_progress_history_and_the_allowed_moves(client, roles, plan):
    proposal = ProposalFactory(plan=plan, status=S.SUBMITTED, progress=0)
    ProposalEvent.objects.create(proposal=proposal, to_status=S.CONCEPT, text="Voorstel gemaakt")
    html = _login(client, roles, "liaison").get(proposal.get_absolute_url()).content.decode()
    assert "<progress" in html and "0%" in html
    assert "Voorstel gemaakt" in html
    assert 'value="in_review"' in html and 'value="concept"' not in html
    html = _login(client, roles, "member").get(proposal.get_absolute_url()).content.decode()
    assert 'value="concept"' in html and 'value="in_review"' not in html


def _status_fields(html: str) -> set[str]:
    import re

    form = html[html.index('id="status"') : html.index("Status opslaan")]
    return set(re.findall(r'name="(\w+)"', form)) - {"csrfmiddlewaretoken"}


def test_the_status_form_shows_only_the_fields_of_the_steps_offered(client, roles, plan):
    """Before: a member who could only choose "Ingediend" got the agency's priority, decision
    and progress fields too."""
    concept = ProposalFactory(plan=plan, status=S.CONCEPT)
    html = _login(client, roles, "member").get(concept.get_absolute_url()).content.decode()
    assert _status_fields(html) == {"to_status", "text"}
    assert "Nodig bij de stap naar" not in html
    in_review = ProposalFactory(plan=plan, status=S.IN_REVIEW)
    html = _login(client, roles, "liaison").get(in_review.get_absolute_url()).content.decode()
    assert _status_fields(html) == {"to_status", "text", "priority", "decision"}
    assert "Nodig bij de stap naar" in html  # help text on priority and decision
    decided = ProposalFactory(plan=plan, status=S.DECIDED, decision="accepted")
    html = client.get(decided.get_absolute_url()).content.decode()
    assert _status_fields(html) == {"to_status", "text", "progress"}
    # The member sends with the short form.
    _login(client, roles, "member")
    response = client.post(_url(concept, "status/"), {"to_status": "submitted", "text": ""})
    assert response.status_code == 302
    concept.refresh_from_db()
    assert concept.status == S.SUBMITTED


def test_the_bulk_update_shows_the_agencys_columns_only_to_the_agency(client, roles, plan):
    ProposalFactory(plan=plan, number=1, status=S.CONCEPT)
    html = _login(client, roles, "secretary").get(_url(plan, "bijwerken/")).content.decode()
    assert 'name="v1-to_status"' in html and 'name="v1-text"' in html
    for agency_field in ("v1-priority", "v1-decision", "v1-progress"):
        assert f'name="{agency_field}"' not in html
    html = _login(client, roles, "liaison").get(_url(plan, "bijwerken/")).content.decode()
    assert 'name="v1-priority"' in html and 'name="v1-progress"' in html


def test_owner_sends_a_concept(client, roles, plan):
    proposal = ProposalFactory(plan=plan)
    response = _login(client, roles, "member").post(
        _url(proposal, "status/"), {"to_status": "submitted"}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == S.SUBMITTED


@pytest.mark.parametrize(
    ("role", "data", "status", "message"),
    [
        ("liaison", {"to_status": "submitted"}, 400, "Deze stap zet de raad of werkgroep zelf."),
        ("member", {"to_status": "in_review"}, 400, "kan niet"),
        ("member", {"to_status": "bestaat-niet"}, 400, "Kies een status uit de lijst."),
        ("member_other", {"to_status": "submitted"}, 403, ""),
        ("central_member", {"to_status": "submitted"}, 403, ""),
    ],
)
def test_refused_moves_show_the_reason(client, roles, plan, role, data, status, message):
    proposal = ProposalFactory(plan=plan)
    response = _login(client, roles, role).post(_url(proposal, "status/"), data)
    assert response.status_code == status
    if message:
        assert message in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == S.CONCEPT
    assert not proposal.events.exists()


def test_a_decision_without_reasoning_is_refused_and_what_was_typed_stays(client, roles, plan):
    proposal = ProposalFactory(plan=plan, status=S.IN_REVIEW)
    response = _login(client, roles, "liaison").post(
        _url(proposal, "status/"), {"to_status": "decided", "decision": "partly"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Een besluit heeft een uitleg van UWV nodig." in html
    assert '<option value="partly" selected>' in html
    proposal.refresh_from_db()
    assert proposal.status == S.IN_REVIEW and proposal.decision == ""


def test_progress_outside_0_100_is_refused(client, roles, plan):
    proposal = ProposalFactory(plan=plan, status=S.IN_PROGRESS, decision="accepted", progress=20)
    _login(client, roles, "liaison")
    for value in ("101", "-5", "veel"):
        response = client.post(_url(proposal, "voortgang/"), {"progress": value, "text": "Bezig"})
        assert response.status_code == 400
        assert "0 tot en met 100" in response.content.decode()
    response = client.post(_url(proposal, "voortgang/"), {"progress": "60", "text": "Half klaar"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.progress == 60
    assert proposal.events.get().text == "Half klaar"


def test_the_council_side_cannot_record_progress(client, roles, plan):
    proposal = ProposalFactory(plan=plan, status=S.IN_PROGRESS, decision="accepted", progress=20)
    response = _login(client, roles, "member").post(
        _url(proposal, "voortgang/"), {"progress": "90", "text": "Klaar bijna"}
    )
    assert response.status_code == 400
    assert "De voortgang zet UWV (de contactpersoon)." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.progress == 20


def test_a_liaison_may_not_edit_a_councils_text(client, roles, plan):
    proposal = ProposalFactory(plan=plan, title="Origineel", text="Tekst van de raad")
    response = _login(client, roles, "liaison").post(
        _url(proposal, "bewerken/"), {"title": "Anders", "text": "Tekst van UWV"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Alleen de raad of werkgroep zelf past de tekst van een voorstel aan." in html
    assert "Tekst van UWV" in html  # what was typed is shown again
    proposal.refresh_from_db()
    assert (proposal.title, proposal.text) == ("Origineel", "Tekst van de raad")


def test_the_owner_edits_a_concept_but_not_a_sent_proposal(client, roles, plan):
    proposal = ProposalFactory(plan=plan)
    _login(client, roles, "member")
    response = client.post(_url(proposal, "bewerken/"), {"title": "Beter", "text": "Korter."})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.title == "Beter"
    Proposal.objects.filter(pk=proposal.pk).update(status=S.SUBMITTED)
    response = client.post(_url(proposal, "bewerken/"), {"title": "Later", "text": "Nog."})
    assert response.status_code == 400
    assert "verandert niet meer" in response.content.decode()


def test_owner_is_told_by_email_when_the_agency_moves(
    client, roles, plan, smtp_server, django_capture_on_commit_callbacks
):
    smtp_server.clear()
    proposal = ProposalFactory(plan=plan, status=S.IN_REVIEW, owner=roles["member"])
    _login(client, roles, "liaison")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url(proposal, "status/"),
            {"to_status": "decided", "decision": "accepted", "text": "Wij doen het in mei."},
        )
    assert response.status_code == 302
    [mail] = smtp_server.to(roles["member"].email)
    assert proposal.title in mail["subject"]
    assert "Wij doen het in mei." in mail["text"]
    assert mail["text"].startswith(f"Beste {roles['member'].first_name},\r\n")
    # A move by the council itself sends nothing.
    smtp_server.clear()
    concept = ProposalFactory(plan=plan, owner=roles["member"])
    _login(client, roles, "member")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(concept, "status/"), {"to_status": "submitted"})
    assert smtp_server.messages == []


# --- bulk update -----------------------------------------------------------------------------


def _bulk_data(proposals, **rows):
    data = {}
    for p in proposals:
        row = rows.get(f"v{p.number}", {})
        data.update(
            {
                f"v{p.number}-to_status": row.get("to_status", ""),
                f"v{p.number}-text": row.get("text", ""),
                f"v{p.number}-priority": row.get("priority", p.priority),
                f"v{p.number}-decision": row.get("decision", p.decision),
                f"v{p.number}-progress": row.get("progress", p.progress),
            }
        )
    return data


def test_bulk_update_applies_all(client, roles, plan):
    a = ProposalFactory(plan=plan, number=1, status=S.SUBMITTED)
    b = ProposalFactory(plan=plan, number=2, status=S.IN_REVIEW)
    c = ProposalFactory(plan=plan, number=3, status=S.IN_PROGRESS, decision="accepted", progress=10)
    _login(client, roles, "liaison")
    page = client.get(_url(plan, "bijwerken/")).content.decode()
    assert "Ongewijzigd" in page
    data = _bulk_data(
        [a, b, c],
        v1={"to_status": "in_review"},
        v2={"to_status": "prioritised", "priority": "high"},
        v3={"progress": "70", "text": "Nieuwe brief klaar"},
    )
    response = client.post(_url(plan, "bijwerken/"), data)
    assert response.status_code == 302, response.content.decode()
    a.refresh_from_db(), b.refresh_from_db(), c.refresh_from_db()
    assert (a.status, b.status, b.priority, c.progress) == (S.IN_REVIEW, S.PRIORITISED, "high", 70)


def test_bulk_update_applies_nothing_when_a_row_is_refused(client, roles, plan):
    a = ProposalFactory(plan=plan, number=1, status=S.SUBMITTED)
    b = ProposalFactory(plan=plan, number=2, status=S.IN_REVIEW)
    c = ProposalFactory(plan=plan, number=3, status=S.IN_REVIEW)
    _login(client, roles, "liaison")
    data = _bulk_data(
        [a, b, c],
        v1={"to_status": "in_review", "text": "Mee bezig"},
        v2={"to_status": "decided", "decision": "accepted"},  # no reasoning
        v3={"to_status": "prioritised"},  # no priority
    )
    response = client.post(_url(plan, "bijwerken/"), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Voorstel 2</a>: Een besluit heeft een uitleg van UWV nodig." in html
    assert "Voorstel 3</a>: Kies een prioriteit" in html
    assert "Mee bezig" in html  # typed values kept
    a.refresh_from_db()
    assert a.status == S.SUBMITTED
    assert not ProposalEvent.objects.exists()


def test_bulk_update_needs_a_side(client, roles, plan):
    ProposalFactory(plan=plan)
    assert _login(client, roles, "member_other").get(_url(plan, "bijwerken/")).status_code == 403


# --- CSV import ------------------------------------------------------------------------------


def _upload(client, content: str | bytes, name="statussen.csv", **extra):
    raw = content.encode() if isinstance(content, str) else content
    file = SimpleUploadedFile(name, raw, content_type="text/csv")
    return client.post("/vinger-aan-de-pols/import/", {"file": file, **extra})


HEADER = "plan;nummer;status;toelichting;prioriteit;besluit;voortgang\n"


def test_csv_import_reports_every_bad_row_with_its_column(client, roles, plan):
    ProposalFactory(plan=plan, number=1, status=S.SUBMITTED)
    ProposalFactory(plan=plan, number=2, status=S.IN_REVIEW)
    content = (
        HEADER + "99999;1;in_review;;;;\n"  # row 2: before the fix, the rest was not checked
        f"{plan.pk};2;Besloten;;;Aangenomen;\n"  # row 3: the workflow's reason
        f"{plan.pk};9;In behandeling;;;;\n"  # row 4: new, without title or text
        f"{plan.pk};1;Bijna klaar;;Heel hoog;;120\n"  # row 5: three columns wrong
        f"{plan.pk};1;In behandeling;;;;\n"  # row 6: fine
    )
    response = _upload(_login(client, roles, "liaison"), content)
    html = response.content.decode()
    assert response.status_code == 400
    for expected in (
        "Regel 2, kolom “plan”: Plan 99999 staat niet bij de plannen die u bijwerkt.",
        "Regel 3, kolom “status”: Een besluit heeft een uitleg van UWV nodig.",
        "Regel 4, kolom “titel”: Voorstel 9 is nieuw in dit plan: geef het een titel.",
        "Regel 4, kolom “voorstel”:",
        "Regel 5, kolom “status”: Status “Bijna klaar” bestaat niet.",
        "Regel 5, kolom “prioriteit”: Kies Hoog, Middel of Laag.",
        "Regel 5, kolom “voortgang”: Voortgang is een getal van 0 tot en met 100.",
        "Regel 6, kolom “nummer”: Voorstel 1 staat ook al op regel 5.",
    ):
        assert expected in html, expected
    # In the form's error summary, which links to the file field and names the chosen file.
    summary = html[html.index('class="error-summary"') :]
    assert "Regel 2, kolom" in summary[: summary.index("</div>")]
    assert 'href="#id_file"' in summary and "U koos “statussen.csv”" in html
    assert not ProposalEvent.objects.exists()
    assert Proposal.objects.filter(plan=plan).count() == 2


def test_csv_import_dry_run_then_apply(client, roles, plan):
    p1 = ProposalFactory(plan=plan, number=1, status=S.SUBMITTED)
    p2 = ProposalFactory(plan=plan, number=2, status=S.IN_REVIEW)
    bad = HEADER + f"{plan.pk};1;In behandeling;;;;\n{plan.pk};2;Besloten;;;Aangenomen;\n"
    _login(client, roles, "liaison")
    response = _upload(client, bad)
    assert response.status_code == 400
    assert "Regel 3, kolom “status”: Een besluit heeft een uitleg" in response.content.decode()
    p1.refresh_from_db()
    assert p1.status == S.SUBMITTED  # the dry run kept nothing, not even the good row
    good = bad.replace(";Besloten;;", ";Besloten;Wij passen het aan.;")
    response = _upload(client, good)
    html = response.content.decode()
    assert response.status_code == 200 and "Alles verwerken" in html
    p1.refresh_from_db()
    assert p1.status == S.SUBMITTED and not ProposalEvent.objects.exists()
    response = client.post(
        "/vinger-aan-de-pols/import/",
        {"content": good, "apply": "1", "filename": "statussen.csv"},
    )
    assert response.status_code == 302
    p1.refresh_from_db(), p2.refresh_from_db()
    assert (p1.status, p2.status, p2.decision) == (S.IN_REVIEW, S.DECIDED, "accepted")


def test_csv_import_only_touches_plans_with_a_side(client, roles, plan):
    ProposalFactory(plan=plan, number=1, status=S.CONCEPT)
    content = f"plan;nummer;status\n{plan.pk};1;Ingediend\n"
    response = _upload(_login(client, roles, "member_other"), content)
    assert response.status_code == 400
    assert "staat niet bij de plannen die u bijwerkt" in response.content.decode()
    # A plan without a side cannot be chosen either.
    response = _upload(client, content, plan=str(plan.pk))
    assert response.status_code == 400
    assert "Kies een plan uit de lijst." in response.content.decode()
    response = _upload(_login(client, roles, "member"), content)
    assert response.status_code == 200


def _proposals(plan):
    return [
        (p.number, p.title, p.text, p.status, p.priority, p.decision, p.progress)
        for p in Proposal.objects.filter(plan=plan).order_by("number")
    ]


def _export(client, plan) -> bytes:
    response = client.get(f"/vinger-aan-de-pols/plan/{plan.pk}.csv")
    assert response.status_code == 200
    return b"".join(response.streaming_content)  # streamed (common.exports)


def test_plan_csv_export(client, roles, plan):
    ProposalFactory(plan=plan, number=1, title="Brief in B1", status=S.REALISED, progress=80)
    ProposalFactory(plan=plan, number=2, title="Terugbellen", status=S.PRIORITISED, priority="high")
    content = _export(_login(client, roles, "member"), plan)
    assert content.startswith("\ufeff".encode())
    lines = content.decode("utf-8-sig").splitlines()
    assert lines[0] == (
        "plan;nummer;titel;voorstel;status;prioriteit;besluit;toelichting;voortgang;"
        "antwoord verwacht;laatst bijgewerkt"
    )
    assert lines[1].startswith(f"{plan.pk};1;Brief in B1;")
    assert ";Gerealiseerd;;;;100;" in lines[1]
    assert ";Geprioriteerd;Hoog;" in lines[2]


def _apply(client, content, **extra):
    """Check, then apply what the check page hands back."""
    response = _upload(client, content, **extra)
    html = response.content.decode()
    assert response.status_code == 200, html
    from html import unescape

    start = html.index('<textarea name="content"')
    checked = unescape(html[html.index(">", start) + 1 : html.index("</textarea>", start)])
    checked = checked.replace("\r\n", "\n").replace("\n", "\r\n")  # as a browser sends it
    data = {"content": checked, "apply": "1", "filename": "plan.csv", **extra}
    return client.post("/vinger-aan-de-pols/import/", data)


def test_an_export_reads_back_unchanged_into_the_same_plan(client, roles, plan):
    """Before: the export began with "nummer;titel;…", which the import refused ("plan")."""
    ProposalFactory(plan=plan, number=1, title="Brief in B1", status=S.REALISED, progress=80)
    ProposalFactory(
        plan=plan,
        number=2,
        title="Terugbellen; ook ’s avonds",
        text="Bel terug.\nOok na vijven, met “aanhalingstekens”.",
        status=S.DECIDED,
        decision="partly",
        decision_reasoning="Deels: alleen op dinsdag.",
    )
    ProposalFactory(plan=plan, number=3, status=S.IN_PROGRESS, decision="accepted", progress=40)
    before = _proposals(plan)
    _login(client, roles, "liaison")
    response = _apply(client, _export(client, plan))
    assert response.status_code == 302
    assert _proposals(plan) == before
    assert not ProposalEvent.objects.exists()


def test_an_export_reads_into_a_fresh_plan_as_the_same_proposals(client, roles, plan):
    ProposalFactory(plan=plan, number=1, title="Brief in B1", text="Kort en duidelijk.")
    ProposalFactory(plan=plan, number=4, title="Terugbellen", text="Bel terug.\nOok ’s avonds.")
    # Text a spreadsheet would take for a formula goes out as text and comes back the same.
    ProposalFactory(plan=plan, number=5, title="=1+1 brieven", text="- korter\n- duidelijker")
    fresh = PlanFactory(council=roles.council, title="Plan 2027")
    _login(client, roles, "secretary")
    exported = _export(client, plan)
    assert b";'=1+1 brieven;\"'- korter" in exported
    response = _apply(client, exported, plan=str(fresh.pk))
    assert response.status_code == 302
    assert response["Location"] == fresh.get_absolute_url()
    assert _proposals(fresh) == _proposals(plan)
    # Read again into the same fresh plan: nothing changes, nothing is doubled.
    assert _apply(client, exported, plan=str(fresh.pk)).status_code == 302
    assert _proposals(fresh) == _proposals(plan)


@pytest.mark.parametrize(
    "encode",
    [
        # Excel "CSV UTF-8": BOM, semicolons, CRLF
        lambda text: ("\ufeff" + text.replace("\n", "\r\n")).encode(),
        # commas, as an English spreadsheet saves it, with a quoted comma
        lambda text: text.replace(";", ",").replace("Bel terug", '"Bel, terug"').encode(),
        # Excel's "sep=;" first line
        lambda text: ("sep=;\r\n" + text).encode(),
    ],
    ids=["bom-crlf", "comma", "sep-line"],
)
def test_csv_import_reads_what_spreadsheets_save(client, roles, plan, encode):
    p1 = ProposalFactory(plan=plan, number=1, status=S.CONCEPT)
    text = (
        "plan;nummer;titel;voorstel;status\n"
        f"{plan.pk};1;;;Ingediend\n"
        f"{plan.pk};2;Terugbellen;Bel terug;\n"
    )
    response = _apply(_login(client, roles, "secretary"), encode(text))
    assert response.status_code == 302
    p1.refresh_from_db()
    assert p1.status == S.SUBMITTED
    assert Proposal.objects.get(plan=plan, number=2).text.endswith("terug")


def test_plan_pdf_export(client, roles):
    plan = PlanFactory(council=roles.council, title="Plan Bereikbaarheid 2025")
    ProposalFactory(plan=plan, number=1, title="Langer open", status=S.IN_REVIEW)
    response = _login(client, roles, "liaison").get(f"/vinger-aan-de-pols/plan/{plan.pk}.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"%PDF")
    # pypdf is not installed: the title sits in the document's metadata, which may be in a
    # compressed object stream.
    assert "Plan Bereikbaarheid 2025" in _pdf_strings(response.content)


def _pdf_strings(pdf: bytes) -> str:
    import re
    import zlib

    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.DOTALL):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    text = b"\n".join(parts)
    found = [m.decode("latin-1") for m in re.findall(rb"\(([^()]*)\)", text)]
    for hexstr in re.findall(rb"<(FEFF[0-9A-Fa-f]+)>", text):
        found.append(bytes.fromhex(hexstr.decode()).decode("utf-16"))
    return "\n".join(found)


def test_main_menu_shows_vinger_aan_de_pols_to_who_may_see_plans(client, roles):
    link = 'href="/vinger-aan-de-pols/plannen/"'
    assert link in _login(client, roles, "member").get("/mijn/").content.decode()
    assert link in _login(client, roles, "liaison").get("/mijn/").content.decode()
    assert link not in _login(client, roles, "editor").get("/mijn/").content.decode()
