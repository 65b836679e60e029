from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from accounts.models import Invitation
from accounts.services import invitation_accept
from accounts.tests.factories import UserFactory
from common.models import AuditEntry
from councils.models import Membership
from councils.tests.factories import CouncilFactory, MembershipFactory
from recruitment import services
from recruitment.models import (
    AgeBand,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    OnboardingStep,
)
from recruitment.services import RecruitmentError
from recruitment.workflow import TRANSITIONS

from .factories import ApplicationFactory, VacancyFactory

pytestmark = pytest.mark.django_db
S = ApplicationStatus


def submit(council, **kwargs):
    data = {
        "council": council,
        "name": "Sanne de Vries",
        "email": "sanne@example.org",
        "motivation": "Brieven moeten duidelijker.",
        "experience": "Ik had een WW-uitkering.",
        "consent_text": "Ja.",
        "age_band": AgeBand.UNDER_25,
        **kwargs,
    }
    return services.application_submit(**data)


def test_submit_gives_numbers_per_year_and_records_the_first_event(
    smtp_server, django_capture_on_commit_callbacks
):
    council = CouncilFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = submit(council, received_at=timezone.make_aware(datetime.datetime(2025, 12, 31)))
        second = submit(council, received_at=timezone.make_aware(datetime.datetime(2026, 1, 2)))
        third = submit(council, received_at=timezone.make_aware(datetime.datetime(2026, 1, 3)))
    assert [first.reference, second.reference, third.reference] == [
        "A-2025-000001",
        "A-2026-000001",
        "A-2026-000002",
    ]
    assert [e.to_status for e in first.events.all()] == [S.NEW]
    assert first.status == S.NEW and first.consent_text == "Ja."
    mails = smtp_server.to("sanne@example.org")
    assert len(mails) == 3
    assert "A-2026-000002" in mails[2]["subject"]
    assert "A-2026-000002" in mails[2]["text"]
    assert "uiterlijk op 17 januari 2026" in mails[2]["text"]  # 14 days after 3 January


def test_a_vacancy_of_another_council_is_not_linked():
    council, other = CouncilFactory(), CouncilFactory()
    application = submit(council, vacancy=VacancyFactory(council=other))
    assert application.vacancy is None and application.council == council


def test_the_transition_table_allows_only_the_listed_changes():
    secretary = MembershipFactory(role=Membership.Role.SECRETARY).user
    for from_status in S.values:
        for to_status in S.values:
            application = ApplicationFactory(status=from_status)
            allowed = to_status in TRANSITIONS[from_status]
            try:
                services.application_transition(
                    application=application,
                    actor=secretary,
                    to_status=to_status,
                    interview_at=timezone.now() + datetime.timedelta(days=3),
                    role="member",
                )
            except RecruitmentError:
                assert not allowed, (from_status, to_status)
            else:
                assert allowed, (from_status, to_status)
    assert TRANSITIONS[S.ACCEPTED] == TRANSITIONS[S.REJECTED] == TRANSITIONS[S.WITHDRAWN] == ()


def test_interview_needs_a_moment_and_accepting_a_role():
    application = ApplicationFactory()
    with pytest.raises(RecruitmentError, match="datum en tijd"):
        services.application_transition(application=application, actor=None, to_status=S.INTERVIEW)
    application.refresh_from_db()
    assert application.status == S.NEW and not application.events.exists()


def test_accept_invites_starts_the_checklist_and_links_the_account_once_accepted(
    smtp_server, django_capture_on_commit_callbacks
):
    council = CouncilFactory()
    secretary = MembershipFactory(council=council, role=Membership.Role.SECRETARY).user
    application = ApplicationFactory(council=council, email="nieuw@example.org")
    when = timezone.now() + datetime.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_transition(
            application=application,
            actor=secretary,
            to_status=S.INTERVIEW,
            interview_at=when,
            note="Dinsdag op kantoor",
        )
        services.application_transition(
            application=application, actor=secretary, to_status=S.ACCEPTED, role="aspirant"
        )
    application.refresh_from_db()
    assert application.status == S.ACCEPTED and application.decided_at is not None
    assert application.interview_at == when
    invitation = application.invitation
    assert invitation.email == "nieuw@example.org" and invitation.role == "aspirant"
    assert [
        (e.from_status, e.to_status, e.by_id, e.note) for e in ApplicationEvent.objects.all()
    ] == [
        (S.NEW, S.INTERVIEW, secretary.pk, "Dinsdag op kantoor"),
        (S.INTERVIEW, S.ACCEPTED, secretary.pk, ""),
    ]
    steps = list(application.onboarding_steps.all())
    assert [s.key for s in steps] == ["startgids", "voorzitter", "privacy", "vergadering"]
    assert steps[0].url.startswith("/mijn/handboek/") or "startgids" in steps[0].url
    interview_mail, mail = smtp_server.to("nieuw@example.org")  # interview, then invitation
    assert "Dinsdag op kantoor" in interview_mail["text"]
    assert timezone.localtime(when).strftime("%H:%M") in interview_mail["text"]
    token = mail["text"].split("/uitnodiging/")[1].split("/")[0]

    person = UserFactory(email="nieuw@example.org")
    assert services.application_link_user(user=person) == 0  # not accepted yet
    invitation_accept(token=token, user=person)
    assert services.application_link_user(user=person) == 1
    application.refresh_from_db()
    assert application.user == person
    assert services.application_link_user(user=person) == 0  # once


def test_accept_fails_whole_when_the_person_is_already_a_member():
    council = CouncilFactory()
    member = MembershipFactory(council=council).user
    application = ApplicationFactory(council=council, email=member.email, status=S.INTERVIEW)
    with pytest.raises(RecruitmentError, match="al lid"):
        services.application_transition(
            application=application, actor=None, to_status=S.ACCEPTED, role="member"
        )
    application.refresh_from_db()
    assert application.status == S.INTERVIEW
    assert not OnboardingStep.objects.exists() and not Invitation.objects.exists()
    assert application.events.count() == 0


def test_only_the_new_member_ticks_off_their_steps():
    council = CouncilFactory()
    secretary = MembershipFactory(council=council, role=Membership.Role.SECRETARY).user
    application = ApplicationFactory(council=council, status=S.INTERVIEW)
    services.application_transition(
        application=application, actor=secretary, to_status=S.ACCEPTED, role="member"
    )
    person, stranger = UserFactory(), UserFactory()
    Application.objects.filter(pk=application.pk).update(user=person)
    step = OnboardingStep.objects.select_related("application").first()
    with pytest.raises(RecruitmentError):
        services.onboarding_step_set(step=step, user=stranger, done=True)
    services.onboarding_step_set(step=step, user=person, done=True)
    assert OnboardingStep.objects.get(pk=step.pk).done_at is not None


def test_notes_are_audited():
    application = ApplicationFactory()
    user = UserFactory()
    services.application_note_add(application=application, actor=user, text=" Belde terug ")
    assert application.notes.get().text == "Belde terug"
    assert AuditEntry.objects.filter(
        action="recruitment.application.note", personal_data=True
    ).exists()
    with pytest.raises(RecruitmentError):
        services.application_note_add(application=application, actor=user, text="  ")


def test_the_secretary_hears_of_a_new_application_by_mail_through_the_outbox(
    smtp_server, django_capture_on_commit_callbacks
):
    """Issue 15: the applicant is promised an answer within 14 days, so the secretary gets a mail
    when an application arrives. It goes through the outbox: a mail server that refuses once
    leaves it queued with the error, and the retry sends it once."""
    from common.models import OutboxMessage
    from common.outbox import outbox_deliver

    council = CouncilFactory(name="Districtscliëntenraad Noord", email="noord@example.org")
    secretary = MembershipFactory(
        council=council, role=Membership.Role.SECRETARY, user__first_name="Sem"
    ).user
    chair = MembershipFactory(council=council, role=Membership.Role.CHAIR).user
    MembershipFactory(council=council, role=Membership.Role.MEMBER)
    received = timezone.make_aware(datetime.datetime(2026, 3, 2, 10))
    smtp_server.fail_next = 2  # the mail server refuses both mails (applicant, secretary)
    with django_capture_on_commit_callbacks(execute=True):
        application = submit(council, received_at=received)
    to_secretary = OutboxMessage.objects.get(to=[secretary.email])
    assert to_secretary.status == OutboxMessage.Status.QUEUED
    assert "451" in to_secretary.last_error
    assert smtp_server.to(secretary.email) == []
    assert outbox_deliver(message_id=to_secretary.pk) is True  # the retry
    [mail] = smtp_server.to(secretary.email)
    assert application.reference in mail["subject"]
    assert "Districtscliëntenraad Noord" in mail["subject"]
    assert mail["text"].startswith("Beste Sem,")
    assert "uiterlijk op 16 maart 2026" in mail["text"]
    assert f"/mijn/aanmeldingen/{application.pk}/" in mail["text"]
    assert "Sanne" not in mail["text"]  # the applicant's details stay behind the login
    assert smtp_server.to(chair.email) == []  # the chair only when there is no secretary
    assert smtp_server.to("noord@example.org") == []


def test_without_a_secretary_the_chair_or_else_the_council_address_hears_of_it(
    smtp_server, django_capture_on_commit_callbacks
):
    with_chair = CouncilFactory()
    chair = MembershipFactory(council=with_chair, role=Membership.Role.CHAIR).user
    nobody = CouncilFactory(email="raad@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        submit(with_chair)
        submit(nobody, email="iemand@example.org")
    assert len(smtp_server.to(chair.email)) == 1
    [mail] = smtp_server.to("raad@example.org")
    assert "Nieuwe aanmelding" in mail["subject"]
