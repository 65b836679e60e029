"""A questionnaire with every question kind over two sections, for the answer part's tests."""

from __future__ import annotations

from types import SimpleNamespace

from councils.tests.factories import CouncilFactory, MembershipFactory

from ..models import QuestionKind
from .factories import OptionFactory, QuestionFactory, SectionFactory, SurveyFactory


def every_kind_survey(**survey_kwargs) -> SimpleNamespace:
    """Section 1: one choice (required, with "anders"), several choices (with "anders"), a
    scale (required), a short text asked only after choice A on the same page (required).
    Section 2: a number 0–10, a long text, a ranking of three (required), a short text asked
    only after choice X on page 1."""
    survey = SurveyFactory(**survey_kwargs)
    first = SectionFactory(survey=survey, heading="Samenwerking", position=1)
    second = SectionFactory(survey=survey, heading="Wensen", position=2)
    s = SimpleNamespace(survey=survey, first=first, second=second)

    def question(section, kind, text, **kwargs):
        return QuestionFactory(survey=survey, section=section, kind=kind, text=text, **kwargs)

    s.single = question(
        first, QuestionKind.SINGLE, "Werkt u samen met andere raden?", required=True, has_other=True
    )
    s.yes = OptionFactory(question=s.single, label="Ja", position=1)
    s.no = OptionFactory(question=s.single, label="Nee", position=2)
    s.multiple = question(first, QuestionKind.MULTIPLE, "Hoe houdt u contact?", has_other=True)
    s.mail = OptionFactory(question=s.multiple, label="E-mail", position=1)
    s.phone = OptionFactory(question=s.multiple, label="Telefoon", position=2)
    s.meet = OptionFactory(question=s.multiple, label="Bijeenkomsten", position=3)
    s.scale = question(
        first,
        QuestionKind.SCALE,
        "Hoe tevreden bent u?",
        required=True,
        scale_min_label="Helemaal niet",
        scale_max_label="Heel erg",
    )
    s.same_page = question(
        first,
        QuestionKind.SHORT_TEXT,
        "Met welke raad?",
        required=True,
        show_if_option=s.yes,
    )
    s.number = question(
        second, QuestionKind.NUMBER, "Hoeveel uur per maand?", number_min=0, number_max=10
    )
    s.long = question(second, QuestionKind.LONG_TEXT, "Wat wilt u nog zeggen?")
    s.rank = question(second, QuestionKind.RANK, "Wat is het belangrijkst?", required=True)
    s.r1 = OptionFactory(question=s.rank, label="Scholing", position=1)
    s.r2 = OptionFactory(question=s.rank, label="Contact", position=2)
    s.r3 = OptionFactory(question=s.rank, label="Geld", position=3)
    s.earlier = question(
        second, QuestionKind.SHORT_TEXT, "Welke bijeenkomsten?", show_if_option=s.meet
    )
    return s


def member_of_new_council(role: str = "member"):
    return MembershipFactory(council=CouncilFactory(), role=role).user


def page_one(s, **overrides) -> dict:
    data = {
        "deel": "1",
        "actie": "volgende",
        f"q{s.single.pk}": str(s.yes.pk),
        f"q{s.multiple.pk}": [str(s.mail.pk), str(s.meet.pk)],
        f"q{s.scale.pk}": "4",
        f"q{s.same_page.pk}": "Limburg",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def page_two(s, **overrides) -> dict:
    data = {
        "deel": "2",
        "actie": "versturen",
        f"q{s.number.pk}": "3",
        f"q{s.long.pk}": "Meer scholing graag.",
        f"q{s.rank.pk}_r{s.r1.pk}": "2",
        f"q{s.rank.pk}_r{s.r2.pk}": "1",
        f"q{s.rank.pk}_r{s.r3.pk}": "3",
        f"q{s.earlier.pk}": "De landelijke dag",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
