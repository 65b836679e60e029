"""The tables behind a questionnaire's exports: all answers (one row per response) and the
summary (the figures of ``results.survey_results`` and the response rate), for
``common.exports`` to write as CSV or XLSX; and the context of the results' PDF.

Anonymous questionnaires go out without any person data: no name, no time, no key, and the
council and role of a row only when the group they describe holds at least ``MIN_GROUP``
responses (else "Overige raden" / "Overige rollen"), so no one can be picked out from a row.
Open texts go out redacted, as on the results page.

A fixed number of queries whatever the number of responses: the responses and their answers
are read as two ordered streams (``iterator``) and joined here."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common.charts import Row as ChartRow
from common.charts import bar_chart
from common.pdf import with_alt
from common.site import absolute_url
from councils.models import Council, Membership
from signals.redaction import redact

from .models import CHOICE_KINDS, MIN_GROUP, TEXT_KINDS, Answer, QuestionKind, Response, Survey
from .results import response_rate, response_rate_rows, survey_results

CHUNK = 2000  # rows fetched at a time from each stream


def _questions(survey: Survey) -> list:
    return list(
        survey.questions.select_related("section")
        .prefetch_related("options")
        .order_by("section__position", "position", "pk")
    )


def shown_groups(counts: dict, *, minimum: int = MIN_GROUP) -> set:
    """Of the groups in ``counts`` (group → number of responses), those that may be named.
    The rest is shown together as "other"; when that rest would itself be a small group (1 to
    ``minimum`` - 1), the smallest named groups join it until it is not, so no group smaller
    than ``minimum`` can be read from the file, not even by leaving out the named ones."""
    shown = {group for group, n in counts.items() if n >= minimum and group not in (None, "")}
    rest = sum(n for group, n in counts.items() if group not in shown)
    for group in sorted(shown, key=lambda g: (counts[g], str(g))):
        if rest == 0 or rest >= minimum:
            break
        shown.discard(group)
        rest += counts[group]
    return shown


def _group_labels(survey: Survey) -> tuple[dict, dict]:
    """(council id → label, (council label, role) → label) for an anonymous questionnaire: a
    council by name when it has MIN_GROUP responses, a role when it has MIN_GROUP responses
    within the council named in the same row (else "Overige raden" / "Overige rollen")."""
    pairs = {
        (council_id, role): n
        for council_id, role, n in Response.objects.filter(survey=survey)
        .values("council_id", "role")
        .annotate(n=Count("pk"))
        .values_list("council_id", "role", "n")
    }
    per_council = Counter()
    for (council_id, _role), n in pairs.items():
        per_council[council_id] += n
    names = dict(Council.objects.filter(pk__in=per_council).values_list("pk", "name"))
    named = shown_groups(per_council)
    other_councils = _("Overige raden")
    council_label = {
        council_id: names.get(council_id, other_councils) if council_id in named else other_councils
        for council_id in per_council
    }
    roles = dict(Membership.Role.choices)
    per_label: dict[str, Counter] = {}
    for (council_id, role), n in pairs.items():
        per_label.setdefault(council_label[council_id], Counter())[role] += n
    role_label = {}
    for label, counts in per_label.items():
        named_roles = shown_groups(counts)
        for role in counts:
            role_label[(label, role)] = (
                str(roles.get(role, role)) if role in named_roles else _("Overige rollen")
            )
    return council_label, role_label


def _columns(questions) -> tuple[list[str], list]:
    """The header and, per column, how to read its cell from one response's answers
    (``{question id: [answer tuples]}``, tuples as in ``ANSWER_FIELDS``)."""
    header, readers = [], []
    for number, question in enumerate(questions, start=1):
        title = f"{number}. {question.text}"
        options = list(question.options.all())
        if question.kind == QuestionKind.RANK:
            for option in options:
                header.append(f"{title} – {option.label}")
                readers.append((_rank_cell, question.pk, option.pk))
            continue
        header.append(title)
        if question.kind in CHOICE_KINDS:
            # The chosen labels in the options' order, "Anders" last.
            labels = [(option.pk, option.label) for option in options]
            readers.append((_choice_cell, question.pk, labels))
            if question.has_other:
                header.append(f"{title} – {_('anders, namelijk')}")
                readers.append((_text_cell, question.pk, None))
        elif question.kind in TEXT_KINDS:
            readers.append((_text_cell, question.pk, None))
        else:
            readers.append((_number_cell, question.pk, None))
    return header, readers


# The fields read of each answer, in this order.
ANSWER_FIELDS = ("response_id", "question_id", "option_id", "is_other", "number", "rank", "text")


def _rank_cell(answers, option_id):
    return next((a[5] for a in answers if a[2] == option_id and a[5] is not None), "")


def _choice_cell(answers, labels):
    chosen = {a[2] for a in answers if a[2] is not None}
    cell = [label for pk, label in labels if pk in chosen]
    if any(a[3] for a in answers):
        cell.append(_("Anders"))
    return " | ".join(cell)


def _number_cell(answers, _extra):
    return next((a[4] for a in answers if a[4] is not None), "")


def _text_cell(answers, _extra):
    return next((redact(a[6]) for a in answers if a[6]), "")


def answers_table(survey: Survey) -> tuple[list[str], Iterator[list]]:
    """The header and the rows (a generator) of the export of all answers."""
    questions = _questions(survey)
    header, readers = _columns(questions)
    if survey.anonymous:
        council_label, role_label = _group_labels(survey)
        header = [_("Nr."), _("Raad"), _("Rol"), *header]
    else:
        header = [_("Nr."), _("Naam"), _("Raad"), _("Rol"), _("Ingevuld op"), *header]
    roles = dict(Membership.Role.choices)

    def rows():
        if survey.anonymous:
            # The random key's order: nothing about when or by whom.
            responses = Response.objects.filter(survey=survey).order_by("pk")
            responses = responses.values_list("pk", "council_id", "role").iterator(CHUNK)
        else:
            names = dict(
                Council.objects.filter(
                    pk__in=Response.objects.filter(survey=survey).values("council_id")
                ).values_list("pk", "name")
            )
            responses = (
                Response.objects.filter(survey=survey)
                .select_related("user")
                .order_by("pk")
                .iterator(CHUNK)
            )
        answers = (
            Answer.objects.filter(response__survey=survey)
            .order_by("response_id", "pk")
            .values_list(*ANSWER_FIELDS)
            .iterator(CHUNK)
        )
        pending = next(answers, None)
        for index, response in enumerate(responses, start=1):
            pk = response[0] if survey.anonymous else response.pk
            by_question: dict[int, list] = {}
            # Both streams are in key order (a UUID sorts the same in the database and here):
            # an answer of a response that came in while reading is passed over.
            while pending is not None and pending[0] < pk:
                pending = next(answers, None)
            while pending is not None and pending[0] == pk:
                by_question.setdefault(pending[1], []).append(pending)
                pending = next(answers, None)
            cells = [read(by_question.get(q, ()), extra) for read, q, extra in readers]
            if survey.anonymous:
                _pk, council_id, role = response
                council = council_label[council_id]
                yield [index, council, role_label[(council, role)], *cells]
            else:
                user = response.user
                when = timezone.localtime(response.submitted_at) if response.submitted_at else ""
                yield [
                    index,
                    (user.get_full_name() or user.email) if user else _("Vertrokken lid"),
                    names.get(response.council_id, ""),
                    str(roles.get(response.role, response.role)),
                    when,
                    *cells,
                ]

    return header, rows()


def summary_table(survey: Survey) -> tuple[list[str], list[list], list[str], list[list]]:
    """The summary: per question the rows of ``survey_results`` (and mean and median), and
    the response rate overall and per council. Returns two tables (header, rows) each."""
    results = survey_results(survey)
    header = [
        _("Vraag"),
        _("Antwoord"),
        _("Aantal"),
        _("Van"),
        _("Procent"),
        _("Gemiddelde plaats"),
    ]
    rows = []
    for number, qr in enumerate(results.questions, start=1):
        title = f"{number}. {qr.question.text}"
        for row in qr.rows:
            rows.append(
                [title, row.label, row.count, qr.answered, row.percent, row.mean_rank or ""]
            )
        if qr.mean is not None:
            rows.append([title, _("Gemiddelde"), qr.mean, qr.answered, "", ""])
            rows.append([title, _("Mediaan"), qr.median, qr.answered, "", ""])
        if qr.kind in TEXT_KINDS:
            rows.append([title, _("Open antwoorden"), qr.text_count, qr.answered, "", ""])
    rate = response_rate(survey)
    rate_header = [_("Raad"), _("Ingevuld"), _("Gevraagd"), _("Procent")]
    rate_rows = [[_("Alle raden"), rate["finished"], rate["asked"], rate["percent"]]]
    rate_rows += [
        [row["council"], row["finished"], row["asked"], row["percent"]]
        for row in response_rate_rows(rate)
    ]
    return header, rows, rate_header, rate_rows


def summary_sheets(survey: Survey, *, fmt: str) -> list[tuple]:
    """The summary as sheets: in XLSX the response rate has its own sheet; a CSV holds one
    table, so there the response rate follows as rows under "Respons"."""
    header, rows, rate_header, rate_rows = summary_table(survey)
    if fmt == "xlsx":
        return [(_("Uitslag"), header, rows), (_("Respons"), rate_header, rate_rows)]
    response_label = _("Respons per raad")
    rows += [
        [response_label, name, finished, asked, percent, ""]
        for name, finished, asked, percent in rate_rows
    ]
    return [(_("Uitslag"), header, rows)]


def pdf_context(survey: Survey) -> dict:
    """What the results' PDF shows: per question a chart and the same numbers in a table,
    and the response rate per council."""
    results = survey_results(survey)
    rate = response_rate(survey)
    per_council = response_rate_rows(rate)
    questions = []
    for number, qr in enumerate(results.questions, start=1):
        chart = ""
        if qr.rows and qr.answered:
            svg = bar_chart(
                [
                    ChartRow(label=r.label, values=(r.count,), texts=(str(r.count),))
                    for r in qr.rows
                ],
                labelled_by=f"grafiek-{number}",
            )
            alt = _("Grafiek bij vraag %(number)s: %(figures)s") % {
                "number": number,
                "figures": ", ".join(f"{r.label} {r.count}" for r in qr.rows),
            }
            chart = with_alt(svg, alt)
        questions.append({"number": number, "result": qr, "chart": chart})
    return {
        "survey": survey,
        "results": results,
        "rate": rate,
        "per_council": per_council,
        "questions": questions,
    }


def survey_url(survey: Survey) -> str:
    """The questionnaire's page, where the proposals made from it link back to."""
    return survey.get_absolute_url()


@dataclass(frozen=True)
class ProposalDraft:
    question_id: int
    title: str
    text: str


def _number(value) -> str:
    """A figure as in Dutch text: 1,5 and 2 (not 2,0)."""
    return str(int(value)) if float(value).is_integer() else number_format(value)


def _figures(qr) -> str:
    """The figures of one question as a sentence part: "Ja 30 (63%), Nee 18 (38%)"."""
    if qr.kind in TEXT_KINDS:
        return ngettext("%(n)s open antwoord", "%(n)s open antwoorden", qr.text_count) % {
            "n": qr.text_count
        }
    if qr.kind == QuestionKind.RANK:
        places = [
            f"{row.label} {_number(row.mean_rank)}" for row in qr.rows if row.mean_rank is not None
        ]
        return _("gemiddelde plaats: %(places)s") % {"places": "; ".join(places)}
    parts = ", ".join(f"{row.label} {row.count} ({row.percent}%)" for row in qr.rows)
    if qr.mean is not None:
        parts += "; " + _("gemiddeld %(mean)s, mediaan %(median)s") % {
            "mean": _number(qr.mean),
            "median": _number(qr.median),
        }
    return parts


def proposal_drafts(survey: Survey, question_ids) -> list[ProposalDraft]:
    """Per chosen question (in the questionnaire's order) the title and text of a proposal:
    the question, its figures from ``survey_results`` and a link back to the questionnaire."""
    wanted = set(question_ids)
    results = survey_results(survey)
    link = absolute_url(survey_url(survey))
    drafts = []
    for qr in results.questions:
        if qr.question.pk not in wanted:
            continue
        intro = ngettext(
            "Uit de vragenlijst '%(title)s' (%(n)s antwoord)",
            "Uit de vragenlijst '%(title)s' (%(n)s antwoorden)",
            qr.answered,
        ) % {"title": survey.title, "n": qr.answered}
        text = "\n\n".join(
            [
                f"{qr.question.text}",
                f"{intro}: {_figures(qr)}.",
                _("Bron: %(url)s") % {"url": link},
            ]
        )
        drafts.append(ProposalDraft(qr.question.pk, qr.question.text[:300], text))
    return drafts
