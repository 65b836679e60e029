"""Recruitment actions: an application is received (one transaction, a reference number, a
confirmation e-mail through the outbox), the secretary moves it through its statuses (append-only
events; accepting invites the person and starts the onboarding checklist), the new member ticks
off the checklist, and personal data of applications that were not accepted is erased after the
retention period."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.services import InvitationError, invitation_create
from common.audit import audit_log
from common.outbox import outbox_enqueue_template
from common.site import absolute_url
from councils.models import Council, Membership

from .models import (
    Application,
    ApplicationEvent,
    ApplicationNote,
    ApplicationStatus,
    OnboardingStep,
    ReferenceCounter,
    Vacancy,
)
from .workflow import NEEDS_INTERVIEW_AT, NEEDS_ROLE, can_transition


class RecruitmentError(Exception):
    """A rule of recruitment refused the action; the message is for the user."""


def answer_days() -> int:
    return getattr(settings, "RECRUITMENT_ANSWER_DAYS", 14)


def answer_by(received_at: datetime.datetime) -> datetime.date:
    """The date by which the secretary contacts the applicant."""
    return timezone.localdate(received_at) + datetime.timedelta(days=answer_days())


def _next_reference(year: int) -> str:
    """The next number of the year; the row lock makes concurrent applications queue."""
    counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"A-{year}-{counter.last:06d}"


def application_submit(
    *,
    council: Council,
    name: str,
    email: str,
    motivation: str,
    experience: str,
    consent_text: str,
    vacancy: Vacancy | None = None,
    phone: str = "",
    age_band: str = "",
    accessibility_needs: str = "",
    received_at: datetime.datetime | None = None,
) -> Application:
    """Store an application with its reference number in one transaction, and send the
    applicant a confirmation through the outbox (sent after the commit)."""
    received_at = received_at or timezone.now()
    if vacancy is not None and vacancy.council_id != council.pk:
        vacancy = None  # the applicant chose another council than the vacancy's
    with transaction.atomic():
        application = Application.objects.create(
            reference=_next_reference(timezone.localtime(received_at).year),
            council=council,
            vacancy=vacancy,
            name=name.strip(),
            email=email.strip(),
            phone=phone.strip(),
            motivation=motivation.strip(),
            experience=experience.strip(),
            accessibility_needs=accessibility_needs.strip(),
            consent_text=consent_text,
            consent_at=received_at,
            age_band=age_band,
            created_at=received_at,
            status_changed_at=received_at,
        )
        ApplicationEvent.objects.create(
            application=application, to_status=ApplicationStatus.NEW, at=received_at
        )
        audit_log(
            actor=None,
            action="recruitment.application.submit",
            obj=application,
            personal_data=True,
            details={"council": council.pk},
        )
        # In the same transaction: the outbox sends these once the application is committed.
        _send_confirmation(application)
        _tell_secretaries(application)
    return application


def _send_confirmation(application: Application) -> None:
    outbox_enqueue_template(
        to=[application.email],
        template="recruitment/email/application_received",
        context={
            "application": application,
            "council": application.council,
            "days": answer_days(),
            "answer_by": answer_by(application.created_at),
        },
        kind="recruitment",
    )


def application_handlers(council: Council) -> list:
    """Who hears of a new application: the council's secretaries, or its chairs when it has no
    secretary (each person once)."""
    memberships = (
        Membership.objects.active()
        .filter(council=council, role__in=[Membership.Role.SECRETARY, Membership.Role.CHAIR])
        .select_related("user")
        .order_by("pk")
    )
    by_role: dict[str, dict] = {Membership.Role.SECRETARY: {}, Membership.Role.CHAIR: {}}
    for membership in memberships:
        if membership.user.is_active and membership.user.email:
            by_role[membership.role][membership.user.pk] = membership.user
    return list((by_role[Membership.Role.SECRETARY] or by_role[Membership.Role.CHAIR]).values())


def _tell_secretaries(application: Application) -> None:
    """A mail to each person who answers the applicant, so the promised answer within
    ``answer_days()`` days does not depend on someone opening the site. It names the reference
    and the date, not the applicant: the details stay behind the login. A council without a
    secretary or chair gets it at its own address."""
    context = {
        "application": application,
        "council": application.council,
        "days": answer_days(),
        "answer_by": answer_by(application.created_at),
        "url": absolute_url(reverse("recruitment:application", args=[application.pk])),
    }
    handlers = application_handlers(application.council)
    recipients = [(user.email, user) for user in handlers]
    if not recipients and application.council.email:
        recipients = [(application.council.email, None)]
    for address, user in recipients:
        outbox_enqueue_template(
            to=[address],
            template="recruitment/email/application_new",
            context={**context, "user": user},
            kind="recruitment",
            caused_by=None,  # the applicant has no account; nobody to tell if it bounces
        )


ONBOARDING_STEPS = [
    ("startgids", gettext_lazy("Lees de startgids van het handboek")),
    ("voorzitter", gettext_lazy("Maak kennis met de voorzitter van uw raad")),
    ("privacy", gettext_lazy("Lees wat u moet weten over privacy")),
    ("vergadering", gettext_lazy("Kom naar uw eerste vergadering")),
]


def _onboarding_urls() -> dict[str, str]:
    """Links of the checklist: the handbook's start guide and privacy chapter when they are
    published, else the handbook's home; the meetings overview."""
    from handbook.selectors import live_chapters, live_index, start_chapter

    handbook = reverse("handbook:home")
    urls = {"startgids": handbook, "privacy": handbook, "voorzitter": "", "vergadering": ""}
    index = live_index()
    if index is not None:
        start = start_chapter(index)
        if start is not None:
            urls["startgids"] = start.url
        privacy = live_chapters(index).filter(slug="privacy-uw-plichten").first()
        if privacy is not None:
            urls["privacy"] = privacy.url
    urls["vergadering"] = reverse("meetings:meetings")
    return urls


def _start_onboarding(application: Application) -> None:
    urls = _onboarding_urls()
    OnboardingStep.objects.bulk_create(
        [
            OnboardingStep(
                application=application,
                key=key,
                label=str(label),
                url=urls.get(key, ""),
                position=position,
            )
            for position, (key, label) in enumerate(ONBOARDING_STEPS, start=1)
        ],
        ignore_conflicts=True,
    )


def application_transition(
    *,
    application: Application,
    actor,
    to_status: str,
    note: str = "",
    interview_at: datetime.datetime | None = None,
    role: str = "",
    now: datetime.datetime | None = None,
) -> Application:
    """Move an application to another status (see workflow.TRANSITIONS) and record the event.
    Accepting invites the person to the council with ``role`` and starts the checklist."""
    now = now or timezone.now()
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        from_status = application.status
        if not can_transition(from_status, to_status):
            raise RecruitmentError(
                _("Van “%(from)s” naar “%(to)s” kan niet.")
                % {
                    "from": ApplicationStatus(from_status).label,
                    "to": ApplicationStatus(to_status).label
                    if to_status in ApplicationStatus.values
                    else to_status,
                }
            )
        if application.personal_data_erased_at:
            raise RecruitmentError(_("De gegevens van deze aanmelding zijn al verwijderd."))
        fields = ["status", "status_changed_at"]
        if to_status in NEEDS_INTERVIEW_AT:
            if interview_at is None:
                raise RecruitmentError(_("Vul de datum en tijd van het gesprek in."))
            application.interview_at = interview_at
            fields.append("interview_at")
        if to_status in NEEDS_ROLE:
            if role not in (Membership.Role.ASPIRANT, Membership.Role.MEMBER):
                raise RecruitmentError(_("Kies of de nieuwe persoon aspirant-lid of lid wordt."))
            try:
                invitation, _token = invitation_create(
                    inviter=actor, council=application.council, email=application.email, role=role
                )
            except InvitationError as error:
                raise RecruitmentError(str(error)) from error
            application.invitation = invitation
            fields.append("invitation")
        if to_status in (
            ApplicationStatus.ACCEPTED,
            ApplicationStatus.REJECTED,
            ApplicationStatus.WITHDRAWN,
        ):
            application.decided_at = now
            fields.append("decided_at")
        application.status = to_status
        application.status_changed_at = now
        application.save(update_fields=fields)
        ApplicationEvent.objects.create(
            application=application,
            from_status=from_status,
            to_status=to_status,
            at=now,
            by=actor,
            note=note.strip(),
        )
        if to_status == ApplicationStatus.ACCEPTED:
            _start_onboarding(application)
        if to_status == ApplicationStatus.INTERVIEW:
            # The note goes along: the secretary writes where the interview is.
            outbox_enqueue_template(
                to=[application.email],
                template="recruitment/email/interview_planned",
                context={"application": application, "council": application.council, "note": note},
                kind="recruitment",
            )
        audit_log(
            actor=actor,
            action="recruitment.application.status",
            obj=application,
            personal_data=True,
            details={"from": from_status, "to": to_status, **({"role": role} if role else {})},
        )
    return application


def application_note_add(*, application: Application, actor, text: str) -> ApplicationNote:
    text = text.strip()
    if not text:
        raise RecruitmentError(_("Schrijf een notitie."))
    if application.personal_data_erased_at:
        raise RecruitmentError(_("De gegevens van deze aanmelding zijn al verwijderd."))
    with transaction.atomic():
        note = ApplicationNote.objects.create(application=application, author=actor, text=text)
        audit_log(
            actor=actor,
            action="recruitment.application.note",
            obj=application,
            personal_data=True,
        )
    return note


def application_link_user(*, user) -> int:
    """Link accepted applications to the account that accepted their invitation. Called when
    the person opens "Mijn overzicht", so accounts need not know about recruitment."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Application.objects.filter(
        user__isnull=True,
        status=ApplicationStatus.ACCEPTED,
        invitation__accepted_by=user,
    ).update(user=user)


def onboarding_step_set(*, step: OnboardingStep, user, done: bool) -> OnboardingStep:
    """Tick a step of one's own checklist off (or on again)."""
    if step.application.user_id != user.pk:
        raise RecruitmentError(_("Dit is niet uw startlijst."))
    step.done_at = timezone.now() if done else None
    step.save(update_fields=["done_at"])
    return step


ERASED_DOMAIN = "verwijderd.invalid"


def applications_purge(*, now: datetime.datetime | None = None) -> int:
    """Erase the personal data of applications rejected or withdrawn longer ago than
    settings.RETENTION["application"] months. Status, council, dates and age band stay for the
    figures. Returns how many applications were erased."""
    now = now or timezone.now()
    months = settings.RETENTION.get("application", 6)
    cutoff = now - datetime.timedelta(days=30 * months)
    ids = list(
        Application.objects.filter(
            status__in=[ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN],
            decided_at__lt=cutoff,
            personal_data_erased_at__isnull=True,
        ).values_list("pk", flat=True)[:5000]
    )
    if not ids:
        return 0
    with transaction.atomic():
        Application.objects.filter(pk__in=ids).update(
            name="",
            # a placeholder that is a valid address and says what happened
            email=Concat(Value("verwijderd-"), Cast("pk", CharField()), Value(f"@{ERASED_DOMAIN}")),
            phone="",
            motivation="",
            experience="",
            accessibility_needs="",
            personal_data_erased_at=now,
        )
        ApplicationNote.objects.filter(application_id__in=ids).delete()
        ApplicationEvent.objects.filter(application_id__in=ids).exclude(note="").update(note="")
        audit_log(
            actor=None,
            action="recruitment.application.purge",
            personal_data=True,
            details={"count": len(ids)},
        )
    return len(ids)


def vacancy_save(*, vacancy: Vacancy, actor) -> Vacancy:
    """Create or change a vacancy (validated by the form). No personal data: a plain audit
    entry says who did it."""
    created = vacancy.pk is None
    with transaction.atomic():
        vacancy.save()
        audit_log(
            actor=actor,
            action="recruitment.vacancy.create" if created else "recruitment.vacancy.change",
            obj=vacancy,
            details={"council": vacancy.council_id, "is_open": vacancy.is_open},
        )
    return vacancy
