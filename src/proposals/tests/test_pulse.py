"""The liaison's queue, the "Vinger aan de pols" overview and exports, the reminders, the public
results page, the dashboard panel and the demo data."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from common.visibility import Role, Viewer
from councils.selectors import viewer_for
from councils.tests.factories import (
    CouncilFactory,
    WorkingGroupFactory,
    WorkingGroupMembershipFactory,
)
from proposals.models import Advice, Plan, Proposal, ProposalEvent
from proposals.models import ProposalStatus as S
from proposals.selectors_pulse import progress_by_quarter, pulse_overview, queue_items
from proposals.services import reminders_send
from proposals.tests.factories import AdviceFactory, PlanFactory, ProposalFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 1)
# Sees every item: the overview's rules are tested here, who sees what in test_advices.
ADMINISTRATOR = Viewer(user_id=0, roles=frozenset({Role.ADMINISTRATOR}))


def _html(response) -> str:
    return response.content.decode()


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def _proposal(plan, status, *, submitted=None, due=None, changed=None, **kwargs):
    proposal = ProposalFactory(
        plan=plan,
        status=status,
        submitted_at=_at(submitted) if submitted else None,
        answer_due=due,
        **kwargs,
    )
    Proposal.objects.filter(pk=proposal.pk).update(last_change_at=_at(changed or TODAY))
    proposal.refresh_from_db()
    return proposal


def _advice(councils, status, *, sent=None, due=None, changed=None, **kwargs):
    advice = AdviceFactory(councils=councils, status=status, sent_on=sent, answer_due=due, **kwargs)
    Advice.objects.filter(pk=advice.pk).update(last_change_at=_at(changed or TODAY))
    advice.refresh_from_db()
    return advice


# --- queue --------------------------------------------------------------------------------------


def test_queue_lists_what_waits_for_the_agency_longest_waiting_first(client, roles):
    plan = PlanFactory(council=roles.council)
    day = datetime.timedelta(days=1)
    newest = _proposal(plan, S.SUBMITTED, submitted=TODAY - 5 * day, due=TODAY + 37 * day)
    oldest = _proposal(plan, S.PRIORITISED, submitted=TODAY - 90 * day, due=TODAY - 48 * day)
    _proposal(plan, S.CONCEPT)
    _proposal(plan, S.DECIDED, submitted=TODAY - 100 * day, due=TODAY - 58 * day)
    advice = _advice([roles.council], "sent", sent=TODAY - 30 * day, due=TODAY + 12 * day)
    _advice([roles.council], "answered", sent=TODAY - 60 * day, due=TODAY - 18 * day)
    items = queue_items(today=TODAY)
    assert [i.obj for i in items] == [oldest, advice, newest]
    assert [i.overdue_days for i in items] == [48, 0, 0]

    client.force_login(roles["liaison"])
    page = _html(client.get("/vinger-aan-de-pols/wachtrij/"))
    assert page.index(oldest.title) < page.index(advice.title) < page.index(newest.title)
    assert "dagen te laat" in page


def test_queue_is_for_liaisons_and_administrators(client, roles):
    for name, status in (("member", 403), ("secretary", 403), ("liaison", 200)):
        client.force_login(roles[name])
        assert client.get("/vinger-aan-de-pols/wachtrij/").status_code == status


# --- overview -----------------------------------------------------------------------------------


def test_overdue_and_stalled_with_a_fixed_clock(settings, roles):
    settings.STALLED_WEEKS = 8
    day = datetime.timedelta(days=1)
    council_plan = PlanFactory(council=roles.council)
    group_plan = PlanFactory(council=None, working_group=WorkingGroupFactory())
    overdue = _proposal(council_plan, S.IN_REVIEW, submitted=TODAY - 50 * day, due=TODAY - day)
    on_time = _proposal(council_plan, S.IN_REVIEW, submitted=TODAY - 40 * day, due=TODAY)
    stalled = _proposal(group_plan, S.IN_PROGRESS, changed=TODAY - 57 * day)
    _proposal(group_plan, S.IN_PROGRESS, changed=TODAY - 55 * day)
    _proposal(group_plan, S.REALISED, changed=TODAY - 300 * day)  # finished: never stalled
    late_advice = _advice(
        [roles.council, roles.other_council], "sent", sent=TODAY - 60 * day, due=TODAY - 18 * day
    )
    _advice([roles.other_council], "closed", changed=TODAY - 300 * day)

    admin = viewer_for(roles["administrator"])
    data = pulse_overview(admin, today=TODAY)
    found = {i.obj for i in data["items"]}
    assert found == {overdue, stalled, late_advice}
    assert on_time not in found
    assert (data["overdue"], data["stalled"]) == (2, 1)
    groups = {row["key"]: (row["overdue"], row["stalled"]) for row in data["groups"]}
    assert groups == {"noord": (2, 0), "limburg": (1, 0), "landelijk": (0, 1)}

    national = pulse_overview(admin, today=TODAY, group="landelijk")
    assert [i.obj for i in national["items"]] == [stalled]
    limburg = pulse_overview(admin, today=TODAY, group="limburg")
    assert [i.obj for i in limburg["items"]] == [late_advice]


def test_overview_page_filters_by_council_and_says_late_in_words(client, roles):
    plan = PlanFactory(council=roles.council, title="Plan Noord")
    _proposal(plan, S.SUBMITTED, title="Laat voorstel", due=datetime.date(2020, 1, 1))
    _proposal(
        PlanFactory(council=roles.other_council),
        S.SUBMITTED,
        title="Limburgs voorstel",
        due=datetime.date(2020, 1, 1),
    )
    client.force_login(roles["member"])
    page = _html(client.get("/vinger-aan-de-pols/"))
    assert "Laat voorstel" in page and "Limburgs voorstel" in page and "dagen te laat" in page
    page = _html(client.get("/vinger-aan-de-pols/?raad=noord"))
    assert "Laat voorstel" in page and "Limburgs voorstel" not in page
    client.force_login(roles["editor"])
    assert client.get("/vinger-aan-de-pols/").status_code == 403


def test_csv_and_pdf_exports(client, roles):
    plan = PlanFactory(council=roles.council)
    late = _proposal(plan, S.SUBMITTED, title="Laat voorstel", due=datetime.date(2020, 1, 1))
    client.force_login(roles["member"])
    response = client.get("/vinger-aan-de-pols/overzicht.csv")
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[0][:4] == ["soort", "titel", "van", "status"]
    assert rows[1][1] == f"{late.number}. Laat voorstel" and rows[1][4] == "2020-01-01"
    response = client.get("/vinger-aan-de-pols/overzicht.pdf?raad=noord")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


# --- query counts -------------------------------------------------------------------------------


def _fill(roles, count: int):
    plan = PlanFactory(council=roles.council)
    group_plan = PlanFactory(council=None, working_group=WorkingGroupFactory())
    late = datetime.date(2020, 1, 1)
    for _i in range(count):
        _proposal(plan, S.SUBMITTED, submitted=late, due=late)
        _proposal(group_plan, S.IN_REVIEW, submitted=late, due=late)
        _advice([roles.council, roles.other_council], "sent", sent=late, due=late)


def _count(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return captured


@pytest.mark.parametrize(
    "role,url", [("liaison", "/vinger-aan-de-pols/wachtrij/"), ("member", "/vinger-aan-de-pols/")]
)
def test_query_count_does_not_grow_with_the_rows(client, roles, role, url):
    client.force_login(roles[role])
    _fill(roles, 2)
    small = _count(client, url)
    _fill(roles, 10)
    large = _count(client, url)
    report = "\n".join(q["sql"] for q in large.captured_queries)
    assert len(small) == len(large), f"{len(small)} vs {len(large)}\n{report}"


def test_public_results_query_count_does_not_grow_with_the_advices(client, roles):
    """The page now shows each public advice's own text beside the answer (issue 15)."""

    def fill(n):
        for i in range(n):
            _advice(
                [roles.council, roles.central],
                "answered",
                title=f"Openbaar advies {i}",
                is_public=True,
                answer_text="UWV neemt het over.",
            )

    fill(2)
    small = _count(client, "/resultaten/")
    fill(8)
    large = _count(client, "/resultaten/")
    assert _html(client.get("/resultaten/")).count("Het advies van de raad") == 10
    report = "\n".join(q["sql"] for q in large.captured_queries)
    assert len(small) == len(large), f"{len(small)} vs {len(large)}\n{report}"


# --- reminders ----------------------------------------------------------------------------------


def test_reminders_go_once_over_smtp(roles, smtp_server, django_capture_on_commit_callbacks):
    plan = PlanFactory(council=roles.council)
    soon = _proposal(plan, S.SUBMITTED, submitted=TODAY - datetime.timedelta(days=39), due=TODAY)
    soon.title = "Brieven in gewone taal"
    soon.save(update_fields=["title"])
    late = _advice(
        [roles.council],
        "sent",
        title="Telefoon beter bereikbaar",
        sent=TODAY - datetime.timedelta(days=50),
        due=TODAY - datetime.timedelta(days=8),
    )
    liaison, secretary = roles["liaison"], roles["secretary"]
    liaison.first_name, secretary.first_name = "Anna", ""  # a secretary without a known name
    liaison.save(update_fields=["first_name"])
    secretary.save(update_fields=["first_name"])

    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(today=TODAY) == {"before": 1, "overdue": 1}
    [due_soon] = [m for m in smtp_server.messages if "Herinnering" in m["subject"]]
    assert due_soon["to"] == [liaison.email]
    assert due_soon["text"].startswith("Beste Anna,\r\n\r\nDe cliëntenraad wacht")
    assert "Brieven in gewone taal" in due_soon["subject"]
    assert soon.get_absolute_url() in due_soon["text"] and "1 mei 2026" in due_soon["text"]
    # One mail per person, each greeted by name, or "Beste lezer," when no name is known.
    overdue = {m["to"][0]: m for m in smtp_server.messages if m["subject"].startswith("Te laat")}
    assert sorted(overdue) == sorted([liaison.email, secretary.email])
    assert all(len(m["to"]) == 1 for m in overdue.values())
    assert overdue[liaison.email]["text"].startswith("Beste Anna,\r\n")
    assert overdue[secretary.email]["text"].startswith("Beste lezer,\r\n")
    for mail in overdue.values():
        assert "Telefoon beter bereikbaar" in mail["subject"]
        assert late.get_absolute_url() in mail["text"] and "te laat" in mail["text"]
    assert len(smtp_server.messages) == 3

    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(today=TODAY) == {"before": 0, "overdue": 0}
    assert len(smtp_server.messages) == 3


def test_reminder_mails_greet_by_name_and_name_the_site_from_settings(roles, settings):
    """Before: "Beste," and "Raadsplein" written into the mails, whatever SITE_NAME said."""
    from common.models import OutboxMessage

    settings.SITE_NAME = "Jongerenraad"
    plan = PlanFactory(council=roles.council)
    _proposal(plan, S.SUBMITTED, submitted=TODAY - datetime.timedelta(days=39), due=TODAY)
    _advice(
        [roles.council],
        "sent",
        sent=TODAY - datetime.timedelta(days=50),
        due=TODAY - datetime.timedelta(days=8),
    )
    assert reminders_send(today=TODAY) == {"before": 1, "overdue": 1}
    mails = list(OutboxMessage.objects.filter(kind__in=["due.soon", "overdue"]))
    assert {m.kind for m in mails} == {"due.soon", "overdue"}
    names = {u.email: u.first_name for u in (roles["liaison"], roles["secretary"])}
    for mail in mails:
        [to] = mail.to
        assert names[to] and mail.body_text.startswith(f"Beste {names[to]},\n")
        assert "Raadsplein" not in mail.body_text
        assert "Zet het antwoord daarna op Jongerenraad." in mail.body_text
        assert "Met vriendelijke groet,\nJongerenraad\n" in mail.body_text


# --- public results -----------------------------------------------------------------------------


def test_public_page_shows_only_published_items_and_no_names(client, roles):
    owner = roles["member"]
    public = PlanFactory(council=roles.council, title="Openbaar plan", is_public=True)
    PlanFactory(council=roles.council, title="Geheim plan")
    _proposal(public, S.DECIDED, title="Besloten voorstel", owner=owner, decision="accepted")
    _proposal(public, S.CONCEPT, title="Nog een concept", owner=owner)
    _advice(
        [roles.central],
        "answered",
        title="Openbaar advies",
        is_public=True,
        answer_text="UWV neemt het over.",
        created_by=owner,
    )
    _advice([roles.central], "draft", title="Concept advies", is_public=True)
    _advice([roles.central], "sent", title="Geheim advies")
    for url in ("/resultaten/", "/en/resultaten/"):
        response = client.get(url)
        assert response.status_code == 200
    page = _html(client.get("/resultaten/"))
    assert "Openbaar plan" in page and "Besloten voorstel" in page
    assert "Openbaar advies" in page and "UWV neemt het over." in page
    for hidden in ("Geheim plan", "Nog een concept", "Concept advies", "Geheim advies"):
        assert hidden not in page
    for personal in (owner.email, owner.first_name, owner.last_name):
        assert personal not in page and escape(personal) not in page
    assert "onafhankelijk" in page
    assert "<script" not in page.split("</footer>")[0].split("<main")[1]


def test_progress_per_quarter_from_the_history():
    tz = timezone.get_current_timezone()

    def at(y, m, d):
        return datetime.datetime(y, m, d, 12, tzinfo=tz)

    events = [
        {"proposal_id": 1, "at": at(2025, 11, 1), "to_status": S.SUBMITTED},
        {"proposal_id": 2, "at": at(2025, 11, 2), "to_status": S.SUBMITTED},
        {"proposal_id": 1, "at": at(2026, 1, 10), "to_status": S.DECIDED},
        {"proposal_id": 1, "at": at(2026, 4, 10), "to_status": S.REALISED},
        {"proposal_id": 3, "at": at(2026, 4, 11), "to_status": S.CONCEPT},
    ]
    rows = progress_by_quarter(events, today=datetime.date(2026, 5, 1))
    assert [(r["label"], r["sent"], r["decided"], r["realised"]) for r in rows] == [
        ("K4 2025", 2, 0, 0),
        ("K1 2026", 2, 1, 0),
        ("K2 2026", 2, 1, 1),
    ]
    assert rows[-1]["realised_pct"] == 50


def test_home_page_links_to_the_results(client, site_pages):
    assert 'href="/resultaten/"' in _html(client.get("/"))


# --- dashboard ----------------------------------------------------------------------------------


def test_dashboard_panel_for_liaison_and_owner(client, roles):
    plan = PlanFactory(council=roles.council)
    _proposal(plan, S.SUBMITTED, due=datetime.date(2020, 1, 1), title="Mijn voorstel")
    _proposal(plan, S.IN_REVIEW, owner=roles["member"], title="Voorstel met nieuws")
    Proposal.objects.update(last_change_at=timezone.now())
    client.force_login(roles["liaison"])
    page = _html(client.get("/mijn/"))
    assert "2 onderdelen wachten op UWV" in page and "1 daarvan is te laat" in page
    client.force_login(roles["member"])
    page = _html(client.get("/mijn/"))
    assert "Voorstel met nieuws" in page and "wachten op UWV" not in page


# --- demo ---------------------------------------------------------------------------------------


def test_demo_loads_every_state_and_twice_without_duplicates(roles):
    from proposals.demo import load

    CouncilFactory(slug="rijnmond", name="Districtscliëntenraad Rijnmond")
    for slug in ("samenwerking-contact", "promotie"):
        WorkingGroupMembershipFactory(working_group=WorkingGroupFactory(slug=slug))
    load()
    load()
    assert Plan.objects.count() == 2 and Plan.objects.filter(is_public=True).count() == 1
    for plan in Plan.objects.all():
        assert plan.proposals.count() == 12
        assert set(plan.proposals.values_list("status", flat=True)) == set(S.values)
    assert Proposal.objects.filter(
        answer_due__lt=timezone.localdate(), status__in=[S.SUBMITTED, S.IN_REVIEW, S.PRIORITISED]
    ).exists()
    assert sorted(Advice.objects.values_list("status", flat=True)) == [
        "answered",
        "closed",
        "draft",
        "sent",
    ]
    assert any(a.is_overdue for a in Advice.objects.all())
    assert ProposalEvent.objects.dates("at", "month").count() > 3
    assert pulse_overview(ADMINISTRATOR)["stalled"] > 0


def test_the_public_results_say_uitgevoerd_not_gerealiseerd(client, roles):
    """Plain words on the public side (issue 14): the portal's "Gerealiseerd" is "Uitgevoerd"."""
    public = PlanFactory(council=roles.council, title="Openbaar plan", is_public=True)
    _proposal(public, S.REALISED, title="Brief in B1", submitted=datetime.date(2026, 1, 5))
    html = _html(client.get("/resultaten/"))
    assert "Brief in B1" in html and "Uitgevoerd" in html
    assert "erealiseerd" not in html
