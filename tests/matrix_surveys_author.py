"""Permission matrix rows for writing questionnaires (/vragenlijsten/, a questionnaire's page,
its settings, sections and questions, publishing, closing, new versions).

The objects: an open questionnaire of the council "noord" for noord's members, with a section
and a one-choice question. Its asker (noord's secretary) and administrators manage it; noord's
member sees the member's page; other people who may see /vragenlijsten/ get 404 for it (as for a
dossier they may not see); liaisons and noord's ex-member are asked nothing (403 everywhere).
Each POST that publishes, closes, renews or removes gets a fresh object, so every role tries the
same thing."""

from __future__ import annotations

from tests.matrix import DENY, Case, logged_in

READY = "surveys_author_ready"

VIEWERS = logged_in(200, liaison=DENY, ex_member=DENY)
CREATORS = logged_in(DENY, secretary=200, editor=200, administrator=200)


def managers(status):
    return logged_in(DENY, secretary=status, administrator=status)


def _make(context, *, published=True, **kwargs):
    from django.utils import timezone

    from surveys.models import QuestionKind, Survey
    from surveys.tests.factories import OptionFactory, QuestionFactory, SurveyFactory

    council = context["roles"].council
    survey = SurveyFactory(
        council=council,
        audience=Survey.Audience.COUNCILS,
        published_at=timezone.now() if published else None,
        **kwargs,
    )
    survey.audience_councils.set([council])
    question = QuestionFactory(survey=survey, kind=QuestionKind.SINGLE, text="Werkt u samen?")
    OptionFactory(question=question, label="Ja")
    OptionFactory(question=question, label="Nee")
    return survey, question


def extend_context(context):
    if context.get(READY):
        return context
    from surveys.tests.factories import SectionFactory

    survey, question = _make(context, title="Samenwerken in Noord")
    section = SectionFactory(survey=survey, heading="Samenwerken", position=0)
    question.section = section
    question.save(update_fields=["section"])
    context.update(
        {
            READY: True,
            "author_survey": survey,
            "author_section": section,
            "author_question": question,
        }
    )
    return context


def _survey(suffix=""):
    return lambda c: f"/vragenlijsten/{extend_context(c)['author_survey'].pk}/{suffix}"


def _section(suffix):
    return lambda c: f"/vragenlijsten/deel/{extend_context(c)['author_section'].pk}/{suffix}"


def _question(suffix):
    return lambda c: f"/vragenlijsten/vraag/{extend_context(c)['author_question'].pk}/{suffix}"


def _fresh(kind="survey", published=True, **post):
    """A new questionnaire (or its question, or a section in it) for this request."""

    def data(c):
        from surveys.tests.factories import SectionFactory

        survey, question = _make(extend_context(c), published=published)
        c["author_fresh"] = {
            "survey": survey,
            "question": question,
            "section": SectionFactory(survey=survey, heading="Weg"),
        }[kind]
        return post

    return data


def _fresh_url(prefix, suffix):
    return lambda c: f"/vragenlijsten/{prefix}{c['author_fresh'].pk}/{suffix}"


def _settings(c):
    roles = c["roles"]
    return {
        "title": f"Vragenlijst {c['n']}",
        "asker": f"council-{roles.council.pk}",
        "anonymous": "anonymous",
        "audience": "all",
        "opens_at": "2031-03-01T10:00",
        "closes_at": "2031-03-15T17:00",
        "results_for": "asker",
    }


CASES = [
    Case("surveys:index", lambda c: "/vragenlijsten/", VIEWERS),
    Case("surveys:create", lambda c: "/vragenlijsten/nieuw/", CREATORS),
    Case(
        "surveys:create (post)",
        lambda c: "/vragenlijsten/nieuw/",
        # Noord is an asker only its secretary may choose.
        logged_in(DENY, secretary=302, editor=400, administrator=400),
        method="post",
        data=_settings,
    ),
    Case(
        "surveys:detail",
        _survey(),
        # noord's member: the member's page; the asker and administrators: the asker's.
        logged_in(404, member=200, secretary=200, administrator=200, liaison=DENY, ex_member=DENY),
    ),
    Case(
        "surveys:detail (unknown)",
        lambda c: "/vragenlijsten/999999/",
        logged_in(404, liaison=DENY, ex_member=DENY),
    ),
    Case("surveys:edit", _survey("bewerken/"), managers(200)),
    Case(
        "surveys:edit (unknown)",
        lambda c: "/vragenlijsten/999999/bewerken/",
        logged_in(404, liaison=DENY, ex_member=DENY),
    ),
    Case("surveys:edit (post)", _survey("bewerken/"), managers(302), method="post", data=_settings),
    Case(
        "surveys:publish",
        _fresh_url("", "publiceren/"),
        managers(302),
        method="post",
        data=_fresh(published=False),
    ),
    Case(
        "surveys:close",
        _fresh_url("", "sluiten/"),
        managers(302),
        method="post",
        data=_fresh(),
    ),
    Case(
        "surveys:new_version",
        _fresh_url("", "nieuwe-versie/"),
        managers(302),
        method="post",
        data=_fresh(),
    ),
    Case("surveys:section_add", _survey("deel/nieuw/"), managers(200)),
    Case(
        "surveys:section_add (post)",
        _survey("deel/nieuw/"),
        managers(302),
        method="post",
        data=lambda c: {"heading": f"Deel {c['n']}"},
    ),
    Case("surveys:section_edit", _section("bewerken/"), managers(200)),
    Case(
        "surveys:section_edit (post)",
        _section("bewerken/"),
        managers(302),
        method="post",
        data=lambda c: {"heading": f"Kop {c['n']}"},
    ),
    Case(
        "surveys:section_delete",
        _fresh_url("deel/", "verwijderen/"),
        managers(302),
        method="post",
        data=_fresh("section"),
    ),
    Case(
        "surveys:section_move",
        _section("verplaatsen/"),
        managers(302),
        method="post",
        data=lambda c: {"direction": "down"},
    ),
    Case("surveys:question_add", _survey("vraag/nieuw/"), managers(200)),
    Case(
        "surveys:question_add (post)",
        _survey("vraag/nieuw/"),
        managers(302),
        method="post",
        data=lambda c: {"kind": "short_text", "text": f"Vraag {c['n']}?"},
    ),
    Case("surveys:question_edit", _question("bewerken/"), managers(200)),
    Case(
        "surveys:question_edit (post)",
        _question("bewerken/"),
        managers(302),
        method="post",
        data=lambda c: {"kind": "single", "text": f"Vraag {c['n']}?", "options": "Ja\nNee"},
    ),
    Case(
        "surveys:question_delete",
        _fresh_url("vraag/", "verwijderen/"),
        managers(302),
        method="post",
        data=_fresh("question"),
    ),
    Case(
        "surveys:question_move",
        _question("verplaatsen/"),
        managers(302),
        method="post",
        data=lambda c: {"direction": "up"},
    ),
]
