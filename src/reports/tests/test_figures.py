"""A known year (2025) of data for two councils, with rows just outside the year, cancelled
meetings, drafts and failures; every figure of the annual report checked exactly, for one
council and nationally."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest

from councils.tests.factories import CouncilFactory, MembershipFactory, WorkingGroupFactory
from meetings.models import Activity, EventStatus, Meeting
from meetings.tests.factories import ActivityFactory, MeetingFactory
from newsletters.models import Delivery, Flash
from newsletters.tests.factories import FlashFactory, NewsListFactory, SubscriberFactory
from proposals.models import ProposalStatus
from proposals.tests.factories import AdviceFactory, PlanFactory, ProposalFactory
from recruitment.models import ApplicationStatus
from recruitment.tests.factories import ApplicationFactory
from reports.figures import report_figures
from signals.tests.factories import SignalFactory
from social.models import Channel, Publication
from social.tests.factories import ChannelFactory, PostFactory, PublicationFactory

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
YEAR = 2025


def at(y, m, d, hour=12, minute=0):
    return datetime.datetime(y, m, d, hour, minute, tzinfo=AMS)


def day(y, m, d):
    return datetime.date(y, m, d)


def rows(part: list[dict]) -> dict:
    return {row["code"]: row["count"] for row in part}


@pytest.fixture
def year(site_pages):
    from publishing.models import BlogPost, NewsIndexPage, NewsItem, Vlog

    a = CouncilFactory(slug="jaar-a", name="Raad A")
    b = CouncilFactory(slug="jaar-b", name="Raad B")

    # signals: A has 5 in 2025 (two at the very edges of the year in Amsterdam time), plus
    # one just after and one just before; B has 1.
    for when, council, regeling, onderwerp in [
        (at(2025, 1, 1, 0, 30), a, "WW", "bereikbaarheid"),  # 2024-12-31 23:30 UTC
        (at(2025, 1, 15), a, "WW", "bereikbaarheid"),
        (at(2025, 3, 10), a, "WIA", "brieven"),
        (at(2025, 3, 20), a, "WW", ""),
        (at(2025, 12, 31, 23, 30), a, "WIA", "brieven"),
        (at(2026, 1, 1, 0, 10), a, "WW", "brieven"),  # 2025-12-31 23:10 UTC: not in 2025
        (at(2024, 12, 31, 23, 59), a, "WW", "brieven"),
        (at(2025, 6, 1), b, "WW", "bereikbaarheid"),
    ]:
        SignalFactory(received_at=when, council=council, regeling=regeling, onderwerp=onderwerp)

    # advices
    AdviceFactory(
        councils=[a], kind="requested", status="answered", sent_on=day(2025, 2, 1),
        answer_due=day(2025, 3, 15), answered_on=day(2025, 3, 1), follow_up="satisfied",
    )  # fmt: skip
    AdviceFactory(
        councils=[a], kind="unsolicited", status="answered", sent_on=day(2025, 4, 1),
        answer_due=day(2025, 5, 15), answered_on=day(2025, 6, 1), follow_up="not_satisfied",
    )  # fmt: skip
    AdviceFactory(
        councils=[a], kind="unsolicited", status="sent", sent_on=day(2025, 11, 1),
        answer_due=day(2025, 12, 15),
    )  # fmt: skip
    AdviceFactory(
        councils=[a, b], kind="requested", status="answered", sent_on=day(2025, 5, 1),
        answer_due=day(2025, 6, 15), answered_on=day(2025, 6, 15),
    )  # fmt: skip
    AdviceFactory(
        councils=[a], kind="requested", status="answered", sent_on=day(2024, 12, 20),
        answer_due=day(2025, 2, 1), answered_on=day(2025, 1, 10),
    )  # fmt: skip
    AdviceFactory(councils=[a], kind="requested", status="draft")
    AdviceFactory(
        councils=[b], kind="unsolicited", status="sent", sent_on=day(2025, 7, 1),
        answer_due=day(2025, 8, 15),
    )  # fmt: skip

    # plans and proposals
    plan_a = PlanFactory(council=a)
    for status, submitted in [
        (ProposalStatus.CONCEPT, None),
        (ProposalStatus.SUBMITTED, at(2025, 3, 1)),
        (ProposalStatus.DECIDED, at(2024, 6, 1)),
        (ProposalStatus.REALISED, at(2025, 9, 1)),
    ]:
        ProposalFactory(plan=plan_a, status=status, submitted_at=submitted)
    ProposalFactory(
        plan=PlanFactory(council=b), status=ProposalStatus.IN_REVIEW, submitted_at=at(2025, 2, 2)
    )
    ProposalFactory(
        plan=PlanFactory(council=None, working_group=WorkingGroupFactory()),
        status=ProposalStatus.REJECTED,
        submitted_at=at(2026, 1, 5),
    )

    # meetings and activities
    K = Meeting.Kind
    for kind, council, when, status in [
        (K.COUNCIL, a, at(2025, 2, 10), EventStatus.SCHEDULED),
        (K.COUNCIL, a, at(2025, 5, 10), EventStatus.SCHEDULED),
        (K.INTRODUCTION, a, at(2025, 9, 9), EventStatus.SCHEDULED),
        (K.COUNCIL, a, at(2025, 10, 10), EventStatus.CANCELLED),
        (K.COUNCIL, a, at(2026, 1, 5), EventStatus.SCHEDULED),
        (K.NATIONAL, b, at(2025, 3, 3), EventStatus.SCHEDULED),
    ]:
        MeetingFactory(kind=kind, council=council, starts_at=when, status=status)
    AK = Activity.Kind
    for kind, council, when, status in [
        (AK.CLIENT_PANEL, a, at(2025, 4, 4), EventStatus.SCHEDULED),
        (AK.TRAINING, a, at(2025, 8, 8), EventStatus.SCHEDULED),
        (AK.WEBINAR, None, at(2025, 6, 6), EventStatus.SCHEDULED),
        (AK.CLIENT_PANEL, a, at(2025, 7, 7), EventStatus.CANCELLED),
        (AK.VISIT, b, at(2025, 10, 10), EventStatus.SCHEDULED),
    ]:
        scope = Activity.Scope.NATIONAL if council is None else Activity.Scope.REGIONAL
        ActivityFactory(kind=kind, council=council, scope=scope, starts_at=when, status=status)

    # memberships
    m1 = MembershipFactory(council=a, start_date=day(2020, 1, 1))
    m2 = MembershipFactory(council=a, start_date=day(2025, 3, 1))
    MembershipFactory(council=a, start_date=day(2019, 5, 1), end_date=day(2025, 6, 30))
    MembershipFactory(council=a, start_date=day(2025, 2, 1), end_date=day(2025, 11, 30))
    MembershipFactory(council=a, start_date=day(2026, 1, 10))
    m7 = MembershipFactory(council=b, start_date=day(2025, 5, 5))
    MembershipFactory(council=b, user=m2.user, start_date=day(2024, 1, 1))
    assert m1.user != m7.user

    # applications (recruitment's own factory; figures through its selector)
    S = ApplicationStatus
    for council, created, band, status, decided, user in [
        (a, at(2025, 3, 1), "tot-25", S.ACCEPTED, at(2025, 4, 1), m2.user),
        (a, at(2025, 5, 1), "", S.REJECTED, at(2025, 6, 1), None),
        (a, at(2024, 12, 1), "25-34", S.WITHDRAWN, at(2025, 1, 5), None),
        (a, at(2025, 8, 1), "55-64", S.NEW, None, None),
        (b, at(2025, 9, 1), "tot-25", S.NEW, None, None),
    ]:
        ApplicationFactory(
            council=council, created_at=created, age_band=band, status=status,
            decided_at=decided, user=user,
        )  # fmt: skip

    # social media: 2 posts placed 3 times in 2025
    mastodon = ChannelFactory(platform=Channel.Platform.MASTODON)
    linkedin = ChannelFactory(platform=Channel.Platform.LINKEDIN)
    P = Publication.Status
    p1, p2, p3, p4 = PostFactory(), PostFactory(), PostFactory(), PostFactory()
    for post, channel, status, when in [
        (p1, mastodon, P.PUBLISHED, at(2025, 3, 3)),
        (p1, linkedin, P.PUBLISHED, at(2025, 3, 4)),
        (p2, mastodon, P.PUBLISHED, at(2025, 10, 10)),
        (p3, mastodon, P.FAILED, None),
        (p4, linkedin, P.PUBLISHED, at(2024, 12, 30)),
    ]:
        PublicationFactory(post=post, channel=channel, status=status, published_at=when)

    # news flashes, deliveries and subscribers
    list_a = NewsListFactory(council=a)
    list_national = NewsListFactory(organisation_kind="client")
    s1 = SubscriberFactory(confirmed_at=at(2025, 1, 1), lists=[list_a])
    s2 = SubscriberFactory(
        confirmed_at=at(2024, 6, 1), unsubscribed_at=at(2025, 8, 1), lists=[list_a]
    )
    s3 = SubscriberFactory(confirmed_at=at(2025, 5, 1), lists=[list_national])
    s4 = SubscriberFactory(confirmed_at=None, lists=[list_a])
    SubscriberFactory(confirmed_at=at(2026, 1, 2), lists=[list_a])
    s6 = SubscriberFactory(
        confirmed_at=at(2024, 2, 2), unsubscribed_at=at(2026, 2, 1), lists=[list_a, list_national]
    )
    F, D = Flash.Status, Delivery.Status
    f1 = FlashFactory(status=F.SENT, sent_at=at(2025, 4, 1), lists=[list_a])
    f2 = FlashFactory(status=F.SENT, sent_at=at(2025, 9, 1), lists=[list_national])
    FlashFactory(status=F.DRAFT, lists=[list_a])
    f4 = FlashFactory(status=F.SENT, sent_at=at(2024, 11, 1), lists=[list_a])
    for flash, subscriber, status in [
        (f1, s1, D.SENT),
        (f1, s6, D.SENT),
        (f1, s2, D.SENT),
        (f1, s4, D.FAILED),
        (f2, s3, D.SENT),
        (f2, s6, D.SENT),
        (f4, s1, D.SENT),
    ]:
        Delivery.objects.create(flash=flash, subscriber=subscriber, status=status)

    # news, blogs and vlogs
    index = NewsIndexPage.objects.get(pk=site_pages["news_index"])
    for model, councils, when in [
        (NewsItem, [a], at(2025, 5, 5)),
        (NewsItem, [], at(2025, 6, 6)),
        (BlogPost, [a, b], at(2025, 7, 7)),
        (Vlog, [b], at(2025, 8, 8)),
        (NewsItem, [a], at(2024, 12, 12)),
    ]:
        page = model(title=f"Bericht {when:%Y-%m-%d}", intro="Kort.", live=True)
        if model is Vlog:
            page.embed_url = "https://video.example/v/1"  # never fetched
            page.transcript = "Wat er gezegd wordt."
        page.councils.set(councils)
        index.add_child(instance=page)
        model.objects.filter(pk=page.pk).update(first_published_at=when)
    return a, b


def test_signals_of_one_council_by_month_and_theme_in_amsterdam_time(year):
    a, _b = year
    signals = report_figures(year=YEAR, council=a)["signals"]
    assert signals["total"] == 5
    assert [r["count"] for r in signals["by_month"]] == [2, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1]
    assert signals["by_month"][0]["month"] == datetime.date(2025, 1, 1)
    assert rows(signals["by_regeling"]) == {"WW": 3, "WIA": 2}
    assert rows(signals["by_onderwerp"]) == {"bereikbaarheid": 2, "brieven": 2, "": 1}
    assert signals["by_regeling"][0]["label"] == "WW (werkloosheidsuitkering)"
    assert signals["by_onderwerp"][-1]["label"] == "Nog geen thema"


def test_signals_national(year):
    signals = report_figures(year=YEAR)["signals"]
    assert signals["total"] == 6
    assert [r["count"] for r in signals["by_month"]] == [2, 0, 2, 0, 0, 1, 0, 0, 0, 0, 0, 1]
    assert rows(signals["by_regeling"]) == {"WW": 4, "WIA": 2}
    assert rows(signals["by_onderwerp"]) == {"bereikbaarheid": 3, "brieven": 2, "": 1}


def test_advices_sent_answered_late_and_waiting(year):
    a, b = year
    advices = report_figures(year=YEAR, council=a)["advices"]
    assert {k: advices[k] for k in ("sent", "answered", "answered_on_time", "answered_late")} == {
        "sent": 4,
        "answered": 3,
        "answered_on_time": 2,
        "answered_late": 1,
    }
    assert advices["waiting"] == 1
    assert rows(advices["by_kind"]) == {"requested": 2, "unsolicited": 2}
    assert rows(advices["by_follow_up"]) == {"satisfied": 1, "not_satisfied": 1}

    national = report_figures(year=YEAR)["advices"]
    assert (national["sent"], national["answered"], national["answered_late"]) == (5, 3, 1)
    assert (national["answered_on_time"], national["waiting"]) == (2, 2)
    assert rows(national["by_kind"]) == {"requested": 2, "unsolicited": 3}
    assert report_figures(year=YEAR, council=b)["advices"]["sent"] == 2


def test_proposals_and_where_they_stand(year):
    a, _b = year
    proposals = report_figures(year=YEAR, council=a)["proposals"]
    assert (proposals["plans"], proposals["total"], proposals["submitted_in_year"]) == (1, 4, 2)
    assert rows(proposals["by_status"]) == {
        "concept": 1,
        "submitted": 1,
        "decided": 1,
        "realised": 1,
    }
    national = report_figures(year=YEAR)["proposals"]
    assert (national["plans"], national["total"], national["submitted_in_year"]) == (3, 6, 3)
    assert rows(national["by_status"]) == {
        "concept": 1,
        "submitted": 1,
        "in_review": 1,
        "decided": 1,
        "realised": 1,
        "rejected": 1,
    }
    # in the order of the workflow, not by count
    assert [r["code"] for r in national["by_status"]][:3] == ["concept", "submitted", "in_review"]


def test_meetings_and_activities_held(year):
    a, _b = year
    meetings = report_figures(year=YEAR, council=a)["meetings"]
    assert meetings["meetings"] == 3
    assert rows(meetings["meetings_by_kind"]) == {"council": 2, "introduction": 1}
    assert meetings["activities"] == 2
    assert rows(meetings["activities_by_kind"]) == {"client_panel": 1, "training": 1}

    national = report_figures(year=YEAR)["meetings"]
    assert national["meetings"] == 4
    assert rows(national["meetings_by_kind"]) == {"council": 2, "introduction": 1, "national": 1}
    assert national["activities"] == 4
    assert rows(national["activities_by_kind"]) == {
        "client_panel": 1,
        "training": 1,
        "webinar": 1,
        "visit": 1,
    }


def test_members_joined_left_and_at_year_end(year):
    a, b = year
    assert report_figures(year=YEAR, council=a)["members"] == {
        "joined": 2,
        "left": 2,
        "at_year_end": 2,
    }
    assert report_figures(year=YEAR, council=b)["members"] == {
        "joined": 1,
        "left": 0,
        "at_year_end": 2,
    }
    # a person on two councils counts once
    assert report_figures(year=YEAR)["members"] == {"joined": 3, "left": 2, "at_year_end": 3}


def test_recruitment_through_the_recruitment_selector(year):
    a, _b = year
    rec = report_figures(year=YEAR, council=a)["recruitment"]
    assert (rec["applications"], rec["accepted"], rec["rejected"], rec["withdrawn"]) == (
        3,
        1,
        1,
        1,
    )
    assert rows(rec["applications_by_age_band"]) == {"tot-25": 1, "55-64": 1, "": 1}
    assert rows(rec["members_by_age_band"]) == {"tot-25": 1, "": 1}
    assert rec["members_by_age_band"][-1]["label"] == "Onbekend"

    national = report_figures(year=YEAR)["recruitment"]
    assert (national["applications"], national["accepted"], national["rejected"]) == (4, 1, 1)
    assert national["withdrawn"] == 1
    assert rows(national["applications_by_age_band"]) == {"tot-25": 2, "55-64": 1, "": 1}
    assert rows(national["members_by_age_band"]) == {"tot-25": 1, "": 2}


def test_promotion_national(year):
    promotion = report_figures(year=YEAR)["promotion"]
    assert promotion["social"]["posts"] == 2
    assert promotion["social"]["placements"] == 3
    assert rows(promotion["social"]["by_platform"]) == {"mastodon": 2, "linkedin": 1}
    assert (promotion["flashes"], promotion["deliveries"], promotion["subscribers"]) == (2, 5, 3)
    assert (promotion["news"], promotion["blogs"], promotion["vlogs"]) == (2, 1, 1)
    assert promotion["published"] == 4


def test_promotion_of_one_council(year):
    a, b = year
    promotion = report_figures(year=YEAR, council=a)["promotion"]
    assert promotion["social"] is None  # channels belong to no council
    assert (promotion["flashes"], promotion["deliveries"], promotion["subscribers"]) == (1, 3, 2)
    assert (promotion["news"], promotion["blogs"], promotion["vlogs"]) == (1, 1, 0)
    assert promotion["published"] == 2
    other = report_figures(year=YEAR, council=b)["promotion"]
    assert (other["flashes"], other["subscribers"], other["published"]) == (0, 0, 2)


def test_an_empty_year_is_all_zero(year):
    figures = report_figures(year=2010)
    assert figures["signals"]["total"] == 0
    assert figures["signals"]["by_regeling"] == []
    assert figures["advices"]["sent"] == 0
    assert figures["meetings"]["meetings"] == 0
    assert figures["members"]["joined"] == 0
    assert figures["promotion"]["published"] == 0


def test_figures_take_the_same_queries_whatever_the_number_of_rows(year):
    a, _b = year
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        report_figures(year=YEAR, council=a)
    for month in range(1, 13):
        SignalFactory.create_batch(3, council=a, received_at=at(2025, month, 2))
    ApplicationFactory.create_batch(5, council=a, created_at=at(2025, 2, 2))
    MembershipFactory.create_batch(5, council=a, start_date=day(2025, 2, 2))
    with CaptureQueriesContext(connection) as large:
        figures = report_figures(year=YEAR, council=a)
    assert figures["signals"]["total"] == 5 + 36
    assert len(large) == len(small)
