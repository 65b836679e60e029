"""Forms of the date polls. They check the input and say in plain Dutch what to change; the
services decide what is allowed."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.forms import Form
from councils.models import Council
from meetings.models import Meeting

from .models import DatePollVote
from .services_polls import OWN_KINDS, Who, kind_fits_council

ROWS_START = 3
ROWS_MAX = 20
HELP_ID = "datums-uitleg"  # the explanation above the rows of dates


class DateInput(forms.DateInput):
    """A day as text (dd-mm-jjjj): the same for everyone, unlike a browser's date picker,
    whose order of day and month follows the computer's language and which some screen readers
    read badly."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"inputmode": "numeric", "autocomplete": "off", "size": 10, **(attrs or {})},
            format="%d-%m-%Y",
        )


class TimeInput(forms.TimeInput):
    def __init__(self, attrs=None):
        super().__init__(
            attrs={"inputmode": "numeric", "autocomplete": "off", "size": 5, **(attrs or {})},
            format="%H:%M",
        )


DATE_FORMATS = ["%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%y", "%Y-%m-%d"]
TIME_FORMATS = ["%H:%M", "%H.%M", "%H%M", "%H"]


def _aware(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """A day and a time in the Netherlands (TIME_ZONE)."""
    return timezone.make_aware(datetime.datetime.combine(day, time))


def _row_fields(n: int) -> dict[str, forms.Field]:
    """The three fields of date row ``n``: the day, the start and the end time. The labels name
    the row, so the error summary says which date a message is about."""
    day = forms.DateField(
        label=_("Dag van datum %(n)s") % {"n": n},
        required=False,
        input_formats=DATE_FORMATS,
        widget=DateInput(attrs={"aria-describedby": HELP_ID}),
        error_messages={"invalid": _("Vul een dag in zoals 15-03-2027.")},
    )
    times = {}
    for name, label, example in (
        ("start", _("Begintijd van datum %(n)s"), "14:00"),
        ("end", _("Eindtijd van datum %(n)s"), "16:00"),
    ):
        times[name] = forms.TimeField(
            label=label % {"n": n},
            required=False,
            input_formats=TIME_FORMATS,
            widget=TimeInput(attrs={"aria-describedby": HELP_ID}),
            error_messages={
                "invalid": _("Vul een tijd in zoals %(example)s.") % {"example": example}
            },
        )
    return {"day": day, **times}


class PollForm(Form):
    """A new poll: what, where, whom, and the dates (``rows`` rows of day + start + end time;
    "Nog een datum toevoegen" asks the server for one more row, no script needed)."""

    council = forms.ModelChoiceField(
        label=gettext_lazy("Organiserende raad"),
        queryset=Council.objects.none(),
        empty_label=None,
        error_messages={
            "required": gettext_lazy("Kies de raad die het overleg organiseert."),
            "invalid_choice": gettext_lazy("Kies een raad waarvoor u overleg plant."),
        },
    )
    title = forms.CharField(
        label=gettext_lazy("Titel"),
        max_length=200,
        help_text=gettext_lazy("Bijvoorbeeld: Kennismaking Noord en Limburg."),
        error_messages={"required": gettext_lazy("Geef de prikpeiling een titel.")},
    )
    description = forms.CharField(
        label=gettext_lazy("Uitleg"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Waar gaat het overleg over? Wat is goed om te weten?"),
    )
    meeting_kind = forms.ChoiceField(
        label=gettext_lazy("Soort overleg"),
        choices=Meeting.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Kies welke soort overleg het is."),
            "invalid_choice": gettext_lazy("Kies een soort overleg die u mag plannen."),
        },
    )
    location = forms.CharField(
        label=gettext_lazy("Plaats"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("Adres en zaal, of 'online'. U kunt dit later nog aanvullen."),
    )
    invited_councils = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Welke raden nodigt u uit?"),
        queryset=Council.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "De organiserende raad doet altijd mee. Bij een vergadering van de raad "
            "kiest u hier niets."
        ),
    )
    who = forms.ChoiceField(
        label=gettext_lazy("Wie van die raden?"),
        choices=Who.CHOICES,
        initial=Who.ALL,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "U en de voorzitter en secretaris van de organiserende raad doen altijd mee."
        ),
        error_messages={"required": gettext_lazy("Kies wie u uitnodigt.")},
    )
    closes_at = forms.DateField(
        label=gettext_lazy("Reageren kan tot en met"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=DateInput(),
        help_text=gettext_lazy(
            "Bijvoorbeeld 15-03-2027. Laat leeg als reageren kan tot u een datum kiest."
        ),
        error_messages={"invalid": gettext_lazy("Vul een dag in zoals 15-03-2027.")},
    )
    rows = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=ROWS_MAX)

    def __init__(self, *args, councils, invitable, kinds, rows: int = ROWS_START, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils
        if len(councils) == 1:
            self.fields["council"].initial = councils[0].pk
        labels = dict(Meeting.Kind.choices)
        self.fields["meeting_kind"].choices = [(kind, labels[kind]) for kind in kinds]
        if len(kinds) == 1:
            self.fields["meeting_kind"].initial = kinds[0]
        self.fields["invited_councils"].queryset = invitable
        self.row_count = max(1, min(rows, ROWS_MAX))
        self.fields["rows"].initial = self.row_count
        for i in range(self.row_count):
            for name, field in _row_fields(i + 1).items():
                self.fields[f"{name}_{i}"] = field

    def date_rows(self):
        """Per row: its number and its three bound fields (for the template)."""
        labels = (("day", _("Dag")), ("start", _("Begintijd")), ("end", _("Eindtijd")))
        rows = []
        for i in range(self.row_count):
            parts = [{"field": self[f"{name}_{i}"], "label": label} for name, label in labels]
            rows.append(
                {"n": i + 1, "parts": parts, "has_errors": any(p["field"].errors for p in parts)}
            )
        return rows

    def fields_outside_rows(self):
        return [
            self[name]
            for name in (
                "council",
                "title",
                "description",
                "meeting_kind",
                "location",
                "invited_councils",
                "who",
            )
        ]

    def clean(self):
        data = super().clean()
        options = []
        now = timezone.now()
        for i in range(self.row_count):
            names = (f"day_{i}", f"start_{i}", f"end_{i}")
            if any(name in self.errors for name in names):
                continue
            day, start, end = (data.get(name) for name in names)
            if day is None and start is None and end is None:
                continue
            missing = False
            if day is None:
                self.add_error(names[0], _("Vul de dag in."))
                missing = True
            if start is None:
                self.add_error(names[1], _("Vul in hoe laat het begint."))
                missing = True
            if end is None:
                self.add_error(names[2], _("Vul in hoe laat het eindigt."))
                missing = True
            if missing:
                continue
            if end <= start:
                self.add_error(names[2], _("Het einde moet na het begin liggen."))
                continue
            starts_at = _aware(day, start)
            if starts_at <= now:
                self.add_error(names[0], _("Deze dag is al voorbij. Kies een dag die nog komt."))
                continue
            if any(s == starts_at for s, _e in options):
                self.add_error(names[0], _("Deze dag en begintijd staan er al."))
                continue
            options.append((starts_at, _aware(day, end)))
        if not options and not any(n.startswith(("day_", "start_", "end_")) for n in self.errors):
            self.add_error("day_0", _("Vul minstens één datum in."))
        data["options"] = options

        closes = data.get("closes_at")
        if closes is not None:
            if closes < timezone.localdate():
                self.add_error("closes_at", _("Deze dag is al voorbij. Kies een dag die nog komt."))
            elif options and closes >= min(timezone.localtime(s).date() for s, _e in options):
                self.add_error(
                    "closes_at",
                    _("Reageren moet stoppen vóór de eerste datum. Kies een eerdere dag."),
                )
            else:
                # Until the end of that day, in the Netherlands.
                data["closes_at"] = _aware(closes + datetime.timedelta(days=1), datetime.time())

        kind, council = data.get("meeting_kind"), data.get("council")
        others = [c for c in data.get("invited_councils") or [] if council and c.pk != council.pk]
        if kind and council is not None:
            reason = kind_fits_council(kind, council)
            if reason:
                self.add_error("council", reason)
            elif kind in OWN_KINDS and others:
                self.add_error(
                    "invited_councils",
                    _(
                        "Bij een vergadering van de raad nodigt u alleen de eigen raad uit. "
                        "Haal de vinkjes weg."
                    ),
                )
            elif kind == Meeting.Kind.INTRODUCTION and not any(
                c.kind == Council.Kind.DISTRICT for c in others
            ):
                self.add_error(
                    "invited_councils",
                    _(
                        "Bij een kennismakingssessie horen twee of meer districtsraden. "
                        "Kies minstens één andere districtsraad."
                    ),
                )
            elif kind == Meeting.Kind.NATIONAL and not others:
                self.add_error("invited_councils", _("Kies de raden die u uitnodigt."))
        if data.get("who") == Who.REPRESENTATIVES and kind and kind != Meeting.Kind.NATIONAL:
            self.add_error(
                "who",
                _("Vertegenwoordigers horen alleen bij het landelijk overleg. Kies iets anders."),
            )
        return data


class VoteForm(Form):
    """Per date: yes, "als het moet" or no (a group of radio buttons each)."""

    def __init__(self, *args, options, mine=None, **kwargs):
        super().__init__(*args, **kwargs)
        mine = mine or {}
        self.options = list(options)
        for option in self.options:
            self.fields[f"option_{option.pk}"] = forms.ChoiceField(
                label=option_label(option),
                choices=DatePollVote.Answer.choices,
                widget=forms.RadioSelect,
                initial=mine.get(option.pk),
                error_messages={
                    "required": _("Kies ja, als het moet, of nee."),
                    "invalid_choice": _("Kies ja, als het moet, of nee."),
                },
            )

    def answers(self) -> dict[int, str]:
        return {o.pk: self.cleaned_data[f"option_{o.pk}"] for o in self.options}


def option_label(option) -> str:
    """ "dinsdag 3 maart 2027, 14:00 tot 16:00" in the Netherlands' time."""
    from django.utils.formats import date_format

    starts, ends = timezone.localtime(option.starts_at), timezone.localtime(option.ends_at)
    return _("%(day)s, %(start)s tot %(end)s") % {
        "day": date_format(starts, "l j F Y"),
        "start": starts.strftime("%H:%M"),
        "end": ends.strftime("%H:%M"),
    }


class ChooseForm(Form):
    """The confirmation: nothing to fill in, the button is the choice."""
