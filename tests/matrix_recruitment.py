"""Permission matrix rows for recruitment (/word-raadslid/, /mijn/aanmeldingen/,
/mijn/vacatures/).

The public pages and the application form need no account. Applications hold personal data:
only the secretary (and chair) of the council they were sent to, and administrators, see and
handle them; they also write the vacancies of their council. The figures (no personal data)
are for secretaries and chairs (their council) and for administrators, editors and central
council members (national). A new member ticks off only their own checklist."""

from __future__ import annotations

import datetime

from tests.matrix import DENY, Case, everyone, logged_in

READY = "recruitment_ready"
HANDLERS = logged_in(DENY, secretary=200, administrator=200)
HANDLERS_ACT = logged_in(DENY, secretary=302, administrator=302)


def extend_context(context):
    if context.get(READY):
        return context
    from recruitment.models import ApplicationStatus, OnboardingStep
    from recruitment.tests.factories import ApplicationFactory, VacancyFactory

    roles = context["roles"]
    vacancy = VacancyFactory(council=roles.council, title="Lid van de raad")
    closed = VacancyFactory(council=roles.council, title="Gesloten plek", is_open=False)
    other_vacancy = VacancyFactory(council=roles.other_council, title="Plek in Limburg")
    application = ApplicationFactory(council=roles.council, vacancy=vacancy)
    other = ApplicationFactory(council=roles.other_council)
    accepted = ApplicationFactory(
        council=roles.council, status=ApplicationStatus.ACCEPTED, user=roles["member"]
    )
    step = OnboardingStep.objects.create(application=accepted, key="startgids", label="Startgids")
    context.update(
        {
            READY: True,
            "vacancy": vacancy,
            "closed_vacancy": closed,
            "other_vacancy": other_vacancy,
            "application": application,
            "other_application": other,
            "onboarding_step": step,
        }
    )
    return context


def _ctx(c):
    return extend_context(c)


def _interview_at():
    from django.utils import timezone

    return (timezone.localtime() + datetime.timedelta(days=7)).strftime("%Y-%m-%dT10:00")


def _apply_data(c):
    return {
        "council": _ctx(c)["roles"].council.pk,
        "name": f"Kandidaat {c['n']}",
        "email": f"kandidaat{c['n']}@example.org",
        "motivation": "Ik wil meepraten.",
        "experience": "Ik had een WW-uitkering.",
        "age_band": "geen",
        "consent": "on",
    }


CASES = [
    Case("recruitment:index", lambda c: "/word-raadslid/", everyone(200)),
    Case("recruitment:index (filter)", lambda c: "/word-raadslid/?raad=noord", everyone(200)),
    Case(
        "recruitment:vacancy", lambda c: f"/word-raadslid/{_ctx(c)['vacancy'].pk}/", everyone(200)
    ),
    Case(
        "recruitment:vacancy (closed)",
        lambda c: f"/word-raadslid/{_ctx(c)['closed_vacancy'].pk}/",
        everyone(200),
    ),
    Case("recruitment:apply", lambda c: "/word-raadslid/aanmelden/?raad=noord", everyone(200)),
    Case(
        "recruitment:apply (post)",
        lambda c: f"/word-raadslid/aanmelden/?vacature={_ctx(c)['vacancy'].pk}",
        everyone(302),
        method="post",
        data=_apply_data,
    ),
    Case(
        "recruitment:apply (refused)",
        lambda c: "/word-raadslid/aanmelden/",
        everyone(400),
        method="post",
        data=lambda c: {"email": "geen-adres"},
    ),
    Case(
        "recruitment:apply (closed vacancy)",
        lambda c: f"/word-raadslid/aanmelden/?vacature={_ctx(c)['closed_vacancy'].pk}",
        everyone(410),
    ),
    # Without an application sent in this session the confirmation page sends to the form.
    Case("recruitment:received", lambda c: "/word-raadslid/aanmelden/ontvangen/", everyone(302)),
    Case("recruitment:applications", lambda c: "/mijn/aanmeldingen/", HANDLERS),
    Case("recruitment:applications (filter)", lambda c: "/mijn/aanmeldingen/?status=new", HANDLERS),
    Case(
        "recruitment:figures",
        lambda c: "/mijn/aanmeldingen/cijfers/",
        logged_in(DENY, secretary=200, central_member=200, editor=200, administrator=200),
    ),
    Case(
        "recruitment:application",
        lambda c: f"/mijn/aanmeldingen/{_ctx(c)['application'].pk}/",
        HANDLERS,
    ),
    Case(
        "recruitment:application (other council)",
        lambda c: f"/mijn/aanmeldingen/{_ctx(c)['other_application'].pk}/",
        logged_in(DENY, administrator=200),
    ),
    Case(
        "recruitment:transition",
        lambda c: f"/mijn/aanmeldingen/{_ctx(c)['application'].pk}/stand/",
        HANDLERS_ACT,
        method="post",
        data=lambda c: {"to_status": "interview", "interview_at": _interview_at()},
    ),
    Case(
        "recruitment:transition (other council)",
        lambda c: f"/mijn/aanmeldingen/{_ctx(c)['other_application'].pk}/stand/",
        logged_in(DENY, administrator=302),
        method="post",
        data=lambda c: {"to_status": "interview", "interview_at": _interview_at()},
    ),
    Case(
        "recruitment:note",
        lambda c: f"/mijn/aanmeldingen/{_ctx(c)['application'].pk}/notitie/",
        HANDLERS_ACT,
        method="post",
        data=lambda c: {"text": f"Notitie {c['n']}"},
    ),
    Case("recruitment:vacancies", lambda c: "/mijn/vacatures/", HANDLERS),
    Case("recruitment:vacancy_create", lambda c: "/mijn/vacatures/nieuw/", HANDLERS),
    Case(
        "recruitment:vacancy_create (post)",
        lambda c: "/mijn/vacatures/nieuw/",
        HANDLERS_ACT,
        method="post",
        data=lambda c: {
            "council": _ctx(c)["roles"].council.pk,
            "title": f"Vacature {c['n']}",
            "role": "Meepraten",
            "time_needed": "4 uur per maand",
            "expenses": "Reiskosten",
            "suits": "Iedereen",
            "is_open": "on",
        },
    ),
    Case(
        "recruitment:vacancy_create (other council)",
        lambda c: "/mijn/vacatures/nieuw/",
        logged_in(DENY, secretary=400, administrator=302),
        method="post",
        data=lambda c: {
            "council": _ctx(c)["roles"].other_council.pk,
            "title": f"Vacature {c['n']}",
            "role": "Meepraten",
            "time_needed": "4 uur per maand",
            "expenses": "Reiskosten",
            "suits": "Iedereen",
        },
    ),
    Case(
        "recruitment:vacancy_edit",
        lambda c: f"/mijn/vacatures/{_ctx(c)['vacancy'].pk}/",
        HANDLERS,
    ),
    Case(
        "recruitment:vacancy_edit (other council)",
        lambda c: f"/mijn/vacatures/{_ctx(c)['other_vacancy'].pk}/",
        logged_in(DENY, administrator=200),
    ),
    Case(
        "recruitment:onboarding_step",
        lambda c: f"/mijn/startlijst/{_ctx(c)['onboarding_step'].pk}/",
        logged_in(404, member=302),
        method="post",
        data=lambda c: {"done": "1"},
    ),
]
