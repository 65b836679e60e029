"""The answer form: one page of a questionnaire, one form control per question kind.

Every field is optional for Django; ``clean`` decides what is required, because a question that
depends on an answer on the same page is required only when that answer was given (and its own
answer is dropped when it was not). The draft (``Participation.draft``) keeps what was typed as
the form sent it, keyed by question id (see ``page_draft``), so nothing typed is lost when a page
has errors or the person stops halfway."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as default

from django import forms
from django.utils.datastructures import MultiValueDict
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from common.forms import Form

from .models import SCALE_MAX, SCALE_MIN, TEXT_KINDS, Question, QuestionKind
from .selectors_answer import DONE_KEY, OTHER, Page

SHORT_MAX = 300
LONG_MAX = 5000
# A draft keeps what was typed, but never more than this per value (a crafted POST).
DRAFT_MAX_CHARS = LONG_MAX + 100


def in_language(obj, name: str) -> str:
    """The English text of a title, question or option where written and asked for."""
    if (get_language() or "").startswith("en"):
        english = getattr(obj, f"{name}_en", "")
        if english:
            return english
    return getattr(obj, name)


class LinkedRadioSelect(forms.RadioSelect):
    """Radio buttons whose field points at the first button, so the error summary's link moves
    the focus to the question (Django leaves it empty for a group)."""

    def id_for_label(self, id_, index="0"):
        return forms.widgets.ChoiceWidget.id_for_label(self, id_, index)


class LinkedCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    def id_for_label(self, id_, index="0"):
        return forms.widgets.ChoiceWidget.id_for_label(self, id_, index)


def _name(question: Question) -> str:
    return f"q{question.pk}"


def _other_name(question: Question) -> str:
    return f"q{question.pk}_other"


def _rank_name(question: Question, option_id: int) -> str:
    return f"q{question.pk}_r{option_id}"


def _has_other(question: Question) -> bool:
    return question.has_other and question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)


@dataclass
class Given:
    """One question's cleaned answer, what ``response_submit`` turns into Answer rows."""

    question: Question
    option_ids: list[int] = default(default_factory=list)
    other: str | None = None  # the text of "Anders, namelijk" when chosen
    number: int | None = None
    text: str = ""
    ranks: dict[int, int] = default(default_factory=dict)  # option id → place (1 is first)

    @property
    def is_empty(self) -> bool:
        return (
            not (self.option_ids or self.other is not None or self.number is not None or self.text)
            and not self.ranks
        )


@dataclass
class Item:
    """A question as the template shows it."""

    question: Question
    text: str
    help_text: str
    field: forms.BoundField | None = None
    other: forms.BoundField | None = None
    ranks: list[tuple[str, forms.BoundField]] = default(default_factory=list)
    condition: str = ""  # "Alleen invullen als u bij 'X' koos 'Y'."

    @property
    def errors(self):
        bound = [b for b in (self.field, self.other, *(b for _, b in self.ranks)) if b is not None]
        return [error for b in bound for error in b.errors]

    @property
    def grouped(self) -> bool:
        """A fieldset with a legend (choices, scale, ranking), not one labelled input."""
        return self.question.kind not in (QuestionKind.NUMBER, *TEXT_KINDS)


def chosen(option, values: dict) -> bool:
    """Whether the draft (or page values) has this option chosen for its question."""
    value = values.get(str(option.question_id))
    if isinstance(value, list):
        return str(option.pk) in value
    return value == str(option.pk)


# --- draft <-> form data ----------------------------------------------------------------------


def _short(value) -> str:
    return str(value)[:DRAFT_MAX_CHARS]


def page_draft(page: Page, data) -> dict:
    """What was sent for this page's questions, in the draft's shape: {"<id>": value,
    "<id>_other": text}; a list for several choices, {"<option id>": place} for a ranking."""
    draft: dict = {}
    for question in page.questions:
        key, name = str(question.pk), _name(question)
        if question.kind == QuestionKind.MULTIPLE:
            values = [_short(v) for v in data.getlist(name)][:200]
            if values:
                draft[key] = values
        elif question.kind == QuestionKind.RANK:
            places = {
                str(option.pk): _short(data.get(_rank_name(question, option.pk), ""))
                for option in question.options.all()
            }
            if any(places.values()):
                draft[key] = places
        elif data.get(name, "") != "":
            draft[key] = _short(data.get(name))
        if _has_other(question) and data.get(_other_name(question), "").strip():
            draft[f"{key}_other"] = _short(data.get(_other_name(question)))
    return draft


def draft_data(page: Page, draft: dict) -> MultiValueDict:
    """The form data that the draft holds for a page: to show it, or to check it again."""
    data = MultiValueDict()
    for question in page.questions:
        value = draft.get(str(question.pk))
        if question.kind == QuestionKind.MULTIPLE:
            data.setlist(_name(question), list(value or []))
        elif question.kind == QuestionKind.RANK:
            for option_id, place in (value or {}).items():
                data[f"q{question.pk}_r{option_id}"] = place
        elif value is not None:
            data[_name(question)] = value
        if _has_other(question) and f"{question.pk}_other" in draft:
            data[_other_name(question)] = draft[f"{question.pk}_other"]
    return data


def draft_initial(page: Page, draft: dict) -> dict:
    data = draft_data(page, draft)
    return {key: data.getlist(key) if len(data.getlist(key)) != 1 else data[key] for key in data}


def without_page(page: Page, draft: dict) -> dict:
    """The draft without this page's answers (before putting what was just sent in)."""
    keys = {str(q.pk) for q in page.questions} | {f"{q.pk}_other" for q in page.questions}
    return {key: value for key, value in draft.items() if key not in keys}


def drop_unmet(pages: list[Page], draft: dict) -> dict:
    """The draft without the answers to questions whose condition is not met: they are not
    asked, so their answers are not kept."""
    draft = dict(draft)
    for page in pages:
        for question in page.questions:
            option = question.show_if_option
            if option is not None and not chosen(option, draft):
                draft.pop(str(question.pk), None)
                draft.pop(f"{question.pk}_other", None)
    return draft


def mark_done(draft: dict, page_number: int, done: bool) -> dict:
    pages = set(draft.get(DONE_KEY, []))
    if done:
        pages.add(page_number)
    else:
        pages.discard(page_number)
    return {**draft, DONE_KEY: sorted(pages)}


# --- the form ---------------------------------------------------------------------------------


class AnswerPageForm(Form):
    """The questions of one page. ``answers`` is the draft of the whole questionnaire (for
    questions that depend on an answer on an earlier page); ``page_of`` maps question id to
    page number."""

    def __init__(self, *args, page: Page, page_of: dict[int, int], answers: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self.answers = answers
        self.shown: list[Question] = []
        self.same_page_condition: dict[int, object] = {}
        for question in page.questions:
            option = question.show_if_option
            if option is not None:
                if page_of.get(option.question_id, page.number) < page.number:
                    if not chosen(option, answers):
                        continue  # asked only after an earlier answer that was not given
                else:
                    self.same_page_condition[question.pk] = option
            self.shown.append(question)
            self._add_fields(question)

    def _add_fields(self, question: Question) -> None:
        text = in_language(question, "text")
        # What a number or text field says under its label (a group says it in its fieldset).
        notes = [n for n in (self._condition(question), question.help_text) if n]
        kind = question.kind
        name = _name(question)
        options = list(question.options.all())
        if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            choices = [(str(o.pk), in_language(o, "label")) for o in options]
            if _has_other(question):
                choices.append((OTHER, _("Anders, namelijk")))
            invalid = {"invalid_choice": _("Kies een van de antwoorden."), "invalid_list": ""}
            if kind == QuestionKind.SINGLE:
                self.fields[name] = forms.ChoiceField(
                    label=text,
                    choices=choices,
                    required=False,
                    widget=LinkedRadioSelect,
                    error_messages=invalid,
                )
            else:
                invalid["invalid_list"] = _("Kies een of meer van de antwoorden.")
                self.fields[name] = forms.MultipleChoiceField(
                    label=text,
                    choices=choices,
                    required=False,
                    widget=LinkedCheckboxSelectMultiple,
                    error_messages=invalid,
                )
            if _has_other(question):
                self.fields[_other_name(question)] = forms.CharField(
                    label=_("%(question)s: anders, namelijk") % {"question": text},
                    required=False,
                    max_length=SHORT_MAX,
                    error_messages={"max_length": _too_long(SHORT_MAX)},
                )
        elif kind == QuestionKind.SCALE:
            low = question.scale_min_label
            high = question.scale_max_label
            choices = []
            for point in range(SCALE_MIN, SCALE_MAX + 1):
                label = str(point)
                if point == SCALE_MIN and low:
                    label = f"{point} – {low}"
                elif point == SCALE_MAX and high:
                    label = f"{point} – {high}"
                choices.append((str(point), label))
            self.fields[name] = forms.ChoiceField(
                label=text,
                choices=choices,
                required=False,
                widget=LinkedRadioSelect,
                error_messages={"invalid_choice": _("Kies een getal van 1 tot en met 5.")},
            )
        elif kind == QuestionKind.NUMBER:
            if question.number_min is not None and question.number_max is not None:
                notes.append(
                    _("Een getal van %(low)s tot en met %(high)s.")
                    % {"low": question.number_min, "high": question.number_max}
                )
            self.fields[name] = forms.IntegerField(
                help_text="\n".join(notes),
                label=text,
                required=False,
                min_value=question.number_min,
                max_value=question.number_max,
                error_messages=_number_messages(question),
            )
        elif kind in TEXT_KINDS:
            limit = SHORT_MAX if kind == QuestionKind.SHORT_TEXT else LONG_MAX
            self.fields[name] = forms.CharField(
                label=text,
                help_text="\n".join(notes),
                required=False,
                max_length=limit,
                widget=forms.Textarea(attrs={"rows": 5})
                if kind == QuestionKind.LONG_TEXT
                else forms.TextInput,
                error_messages={"max_length": _too_long(limit)},
            )
        elif kind == QuestionKind.RANK:
            places = [("", _("Kies een plaats"))] + [
                (str(n), str(n)) for n in range(1, len(options) + 1)
            ]
            for option in options:
                self.fields[_rank_name(question, option.pk)] = forms.ChoiceField(
                    label=f"{text}: {in_language(option, 'label')}",
                    choices=places,
                    required=False,
                    error_messages={"invalid_choice": _("Kies een plaats uit de lijst.")},
                )

    # --- checking -----------------------------------------------------------------------------

    def _values(self) -> dict:
        """This page's cleaned choices in the draft's shape (for conditions on this page)."""
        values = dict(self.answers)
        for question in self.shown:
            value = self.cleaned_data.get(_name(question))
            if value not in (None, "", []):
                values[str(question.pk)] = value
            else:
                values.pop(str(question.pk), None)
        return values

    def clean(self):
        cleaned = super().clean()
        values = self._values()
        self.given: list[Given] = []
        for question in self.shown:
            option = self.same_page_condition.get(question.pk)
            if option is not None and not chosen(option, values):
                # Not asked after all: whatever was filled in is not kept.
                self._drop(question)
                continue
            given = self._given(question)
            if given is not None:
                self.given.append(given)
        return cleaned

    def _drop(self, question: Question) -> None:
        for name in list(self.cleaned_data):
            if name == _name(question) or name.startswith(f"{_name(question)}_"):
                self.cleaned_data.pop(name)
        for name in list(self._errors or {}):
            if name == _name(question) or name.startswith(f"{_name(question)}_"):
                del self._errors[name]

    def _given(self, question: Question) -> Given | None:
        """The answer to one question, or None after adding the error that explains why not."""
        name, kind, data = _name(question), question.kind, self.cleaned_data
        if name in self.errors or _other_name(question) in self.errors:
            return None
        given = Given(question=question)
        if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            value = data.get(name)
            values = [value] if isinstance(value, str) and value else list(value or [])
            given.option_ids = [int(v) for v in values if v != OTHER]
            other_text = (data.get(_other_name(question)) or "").strip()
            if OTHER in values:
                if not other_text:
                    self.add_error(
                        _other_name(question), _("Schrijf op wat u bedoelt met 'anders'.")
                    )
                    return None
                given.other = other_text
            if question.required and given.is_empty:
                message = (
                    _("Kies een antwoord.")
                    if kind == QuestionKind.SINGLE
                    else _("Kies minstens één antwoord.")
                )
                self.add_error(name, message)
                return None
        elif kind in (QuestionKind.SCALE, QuestionKind.NUMBER):
            value = data.get(name)
            given.number = int(value) if value not in (None, "") else None
            if question.required and given.number is None:
                self.add_error(
                    name,
                    _("Kies een getal.") if kind == QuestionKind.SCALE else _("Vul een getal in."),
                )
                return None
        elif kind in TEXT_KINDS:
            given.text = (data.get(name) or "").strip()
            if question.required and not given.text:
                self.add_error(name, _("Geef een antwoord op deze vraag."))
                return None
        elif kind == QuestionKind.RANK:
            return self._given_ranks(question, given)
        return given

    def _given_ranks(self, question: Question, given: Given) -> Given | None:
        options = list(question.options.all())
        names = [_rank_name(question, option.pk) for option in options]
        if not options or any(name in self.errors for name in names):
            return None if options else given
        places = {
            option.pk: int(self.cleaned_data[name])
            for option, name in zip(options, names, strict=True)
            if self.cleaned_data.get(name)
        }
        if not places:
            if question.required:
                self.add_error(names[0], _("Geef elke keuze een plaats."))
                return None
            return given
        if len(places) < len(options):
            empty = next(n for o, n in zip(options, names, strict=True) if o.pk not in places)
            self.add_error(empty, _("Geef elke keuze een plaats, of laat ze allemaal leeg."))
            return None
        seen: set[int] = set()
        for option, name in zip(options, names, strict=True):
            if places[option.pk] in seen:
                self.add_error(name, _("Elke plaats mag maar één keer. Kies een andere plaats."))
                return None
            seen.add(places[option.pk])
        given.ranks = places
        return given

    # --- showing ------------------------------------------------------------------------------

    def items(self) -> list[Item]:
        items = []
        for question in self.shown:
            item = Item(
                question=question,
                text=in_language(question, "text"),
                help_text=question.help_text,
            )
            if question.kind == QuestionKind.RANK:
                item.ranks = [
                    (in_language(option, "label"), self[_rank_name(question, option.pk)])
                    for option in question.options.all()
                ]
            else:
                item.field = self[_name(question)]
            if _has_other(question):
                item.other = self[_other_name(question)]
            item.condition = self._condition(question)
            items.append(item)
        return items

    def _condition(self, question: Question) -> str:
        option = self.same_page_condition.get(question.pk)
        if option is None:
            return ""
        return _("Alleen invullen als u bij '%(question)s' koos '%(option)s'.") % {
            "question": in_language(option.question, "text"),
            "option": in_language(option, "label"),
        }


def _too_long(limit: int) -> str:
    # Django fills in the limit (%(limit_value)d) when it reports the error.
    return _("Uw antwoord is te lang. Gebruik ten hoogste %(limit_value)d tekens.")


def _number_messages(question: Question) -> dict:
    low, high = question.number_min, question.number_max
    if low is not None and high is not None:
        out_of_range = _("Vul een getal in van %(low)s tot en met %(high)s.") % {
            "low": low,
            "high": high,
        }
        messages = {"min_value": out_of_range, "max_value": out_of_range}
    else:
        messages = {
            "min_value": _("Vul een getal in van %(limit_value)s of meer."),
            "max_value": _("Vul een getal in van %(limit_value)s of minder."),
        }
    messages["invalid"] = _("Vul een heel getal in, alleen cijfers.")
    return messages
