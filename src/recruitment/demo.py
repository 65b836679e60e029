"""Demo data for recruitment: an open vacancy per district council (a second one, for young
people, at two of them) and about twenty applications over the past two years in every status,
with age bands, so the secretary's list and the figures have something to show (three new ones
at Noord, one near and one past the 14 days within which the applicant hears back); the accepted
ones are members (accounts without a password). Nothing is sent: the statuses are set
directly. Idempotent: does nothing when applications exist."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from councils.models import Council

from .models import (
    AgeBand,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    ReferenceCounter,
    Vacancy,
)

S = ApplicationStatus
NAMES = [
    "Sanne de Vries",
    "Mohamed El Amrani",
    "Joyce Bakker",
    "Kevin Jansen",
    "Fatma Yilmaz",
    "Pieter van Dijk",
    "Lisa Mulder",
    "Ahmed Bouzid",
    "Ria Smit",
    "Daan Visser",
    "Noor Hendriks",
    "Tom de Boer",
    "Esra Kaya",
    "Henk Meijer",
    "Anouk Dekker",
    "Jeroen Bos",
    "Samira Haddou",
    "Wim Peters",
    "Iris van Leeuwen",
    "Bram Kok",
]
# (status, age band, days ago received)
PLAN = [
    (S.NEW, AgeBand.UNDER_25, 2),
    (S.NEW, AgeBand.FROM_45, 12),  # the answer is due in two days
    (S.NEW, "", 16),  # two days late
    (S.INTERVIEW, AgeBand.FROM_25, 12),
    (S.INTERVIEW, AgeBand.FROM_55, 20),
    (S.ACCEPTED, AgeBand.UNDER_25, 40),
    (S.ACCEPTED, AgeBand.FROM_35, 75),
    (S.REJECTED, AgeBand.FROM_65, 90),
    (S.WITHDRAWN, AgeBand.FROM_25, 110),
    (S.ACCEPTED, AgeBand.FROM_25, 150),
    (S.NEW, AgeBand.FROM_35, 1),
    (S.REJECTED, AgeBand.FROM_45, 230),
    (S.ACCEPTED, AgeBand.FROM_55, 300),
    (S.WITHDRAWN, "", 340),
    (S.ACCEPTED, AgeBand.FROM_65, 400),
    (S.REJECTED, AgeBand.FROM_55, 450),
    (S.ACCEPTED, AgeBand.FROM_45, 500),
    (S.ACCEPTED, AgeBand.FROM_65, 560),
    (S.REJECTED, AgeBand.UNDER_25, 620),
    (S.ACCEPTED, AgeBand.FROM_55, 690),
]


def _vacancies(districts) -> list[Vacancy]:
    vacancies = []
    for council in districts:
        vacancy = Vacancy.objects.filter(council=council).first() or Vacancy.objects.create(
            council=council,
            title="Lid van de cliëntenraad",
            role=(
                "U praat mee over de dienstverlening van UWV in uw regio. U leest stukken, "
                "komt naar de vergaderingen en vertelt wat u en anderen meemaken."
            ),
            time_needed="Ongeveer 8 uur per maand, ook 's avonds",
            expenses="Uw reiskosten worden betaald. U krijgt een vrijwilligersvergoeding.",
            suits=(
                "Iedereen die klant is of was van UWV. U hoeft geen ervaring met vergaderen "
                "te hebben."
            ),
        )
        vacancies.append(vacancy)
    for council in districts[:2]:
        if not Vacancy.objects.filter(council=council, title__startswith="Jong").exists():
            Vacancy.objects.create(
                council=council,
                title="Jongerenplek in de raad",
                role=(
                    "U vertelt hoe jongeren UWV ervaren, bijvoorbeeld met een Wajong-uitkering "
                    "of bij het zoeken naar een eerste baan."
                ),
                time_needed="Ongeveer 4 uur per maand; vergaderen kan ook online",
                expenses="Uw reiskosten worden betaald. U krijgt een vrijwilligersvergoeding.",
                suits="Jongeren tot 27 jaar die klant zijn of waren van UWV.",
                closes_on=timezone.localdate() + datetime.timedelta(days=60),
            )
    return vacancies


def _member(application: Application, *, start: datetime.date) -> None:
    """The accepted applicant as a member with an account (without a password: the demo person
    cannot log in), so the figures show the members' age bands."""
    from django.contrib.auth import get_user_model

    from councils.services import membership_start

    first, _space, last = application.name.partition(" ")
    user = get_user_model().objects.create_user(
        email=application.email, password=None, first_name=first, last_name=last
    )
    membership_start(
        actor=None, user=user, council=application.council, role="member", start_date=start
    )
    application.user = user
    application.save(update_fields=["user"])


def load(stdout=None) -> None:
    districts = list(Council.objects.filter(kind=Council.Kind.DISTRICT, is_active=True))
    if not districts:
        return
    vacancies = _vacancies(districts)
    if Application.objects.exists():
        return
    now = timezone.now()
    noord = next((v for v in vacancies if v.council.slug == "noord"), None)
    with transaction.atomic():
        for n, ((status, band, days), name) in enumerate(zip(PLAN, NAMES, strict=True)):
            vacancy = vacancies[n % len(vacancies)]
            if n < 3 and noord is not None:
                # The first new ones go to Noord, whose demo secretary then has work waiting.
                vacancy = noord
            received = now - datetime.timedelta(days=days, hours=n)
            year = timezone.localtime(received).year
            counter, _created = ReferenceCounter.objects.get_or_create(year=year)
            counter.last += 1
            counter.save(update_fields=["last"])
            changed = received + datetime.timedelta(days=min(days // 2, 14))
            application = Application.objects.create(
                reference=f"A-{year}-{counter.last:06d}",
                council=vacancy.council,
                vacancy=vacancy,
                name=name,
                email=f"{name.lower().replace(' ', '.')}@voorbeeld.nl",
                motivation="Ik wil dat UWV beter luistert naar mensen zoals ik.",
                experience="Ik had een uitkering en zocht werk met hulp van UWV.",
                consent_text="Ja, de cliëntenraad mag mijn gegevens gebruiken voor mijn aanmelding.",
                consent_at=received,
                age_band=band,
                status=status,
                created_at=received,
                status_changed_at=received if status == S.NEW else changed,
                interview_at=now + datetime.timedelta(days=7) if status == S.INTERVIEW else None,
                decided_at=changed if status in (S.ACCEPTED, S.REJECTED, S.WITHDRAWN) else None,
            )
            events = [ApplicationEvent(application=application, to_status=S.NEW, at=received)]
            if status in (S.INTERVIEW, S.ACCEPTED):
                events.append(
                    ApplicationEvent(
                        application=application,
                        from_status=S.NEW,
                        to_status=S.INTERVIEW,
                        at=received + datetime.timedelta(days=1),
                    )
                )
            if status != S.NEW and status != S.INTERVIEW:
                events.append(
                    ApplicationEvent(
                        application=application,
                        from_status=S.INTERVIEW if status == S.ACCEPTED else S.NEW,
                        to_status=status,
                        at=changed,
                    )
                )
            ApplicationEvent.objects.bulk_create(events)
            if status == S.ACCEPTED:
                _member(application, start=timezone.localdate(changed))
    if stdout is not None:
        stdout.write(f"werving: {len(vacancies)} vacatures, {len(PLAN)} aanmeldingen")
