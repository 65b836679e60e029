"""Forms of the asker's pages. They check the input's shape and give each refusal in plain
Dutch; the rules (who may ask whom, what may change after answers) live in the services, which
the views call with the cleaned data."""

from __future__ import annotations

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from common.forms import Form
from councils.models import Council, Membership, WorkingGroup
from meetings.forms_activities import AmsterdamDateTimeField

from .models import OPTION_KINDS, QuestionKind, Survey
from .permissions import may_ask_all_councils
from .selectors_author import asker_choices, asker_value

ANONYMOUS, NAMED = "anonymous", "named"
UP, DOWN = "up", "down"


class SurveyTextForm(Form):
    """The texts of a questionnaire: all that may change once answers came in."""

    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        error_messages={"required": _("Geef de vragenlijst een titel.")},
    )
    title_en = forms.CharField(label=_("Titel in het Engels"), max_length=200, required=False)
    intro = forms.CharField(
        label=_("Inleiding"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Waarom stelt u deze vragen en wat doet u met de antwoorden? Schrijf in gewone woorden."
        ),
    )
    intro_en = forms.CharField(
        label=_("Inleiding in het Engels"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SurveyLockedForm(SurveyTextForm):
    """Once answers came in: the texts, and a later close date (to give members more time)."""

    closes_at = AmsterdamDateTimeField(
        label=_("Sluit op"),
        help_text=_(
            "U kunt de vragenlijst langer open laten. Eerder sluiten doet u met 'Nu sluiten'."
        ),
        error_messages={
            "required": _("Vul in wanneer de vragenlijst sluit."),
            "invalid": _("Vul een datum en tijd in, zoals 14-03-2026 10:00."),
        },
    )

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey

    def clean_closes_at(self):
        closes_at = self.cleaned_data["closes_at"]
        if closes_at == self.survey.closes_at:
            return closes_at
        if self.survey.is_closed():
            # Answers handed in after the close date were never allowed: no reopening.
            raise forms.ValidationError(
                _("Deze vragenlijst is al gesloten. De sluitdatum kan niet meer veranderen.")
            )
        if closes_at < self.survey.closes_at:
            raise forms.ValidationError(
                _("Kies een sluitdatum die later is dan nu: %(date)s.")
                % {
                    "date": formats.date_format(
                        timezone.localtime(self.survey.closes_at), "j F Y H:i"
                    )
                }
            )
        return closes_at


class SurveyForm(SurveyTextForm):
    asker = forms.ChoiceField(
        label=_("Wie stelt de vragen?"),
        help_text=_(
            "Vraagt u namens een districtsraad, dan gaat de vragenlijst alleen naar de leden "
            "van die raad."
        ),
        error_messages={
            "required": _("Kies namens wie u de vragen stelt."),
            "invalid_choice": _("Kies een raad of werkgroep uit de lijst."),
        },
    )
    anonymous = forms.ChoiceField(
        label=_("Anoniem of met naam?"),
        widget=forms.RadioSelect,
        choices=[
            (ANONYMOUS, _("Anoniem: niemand kan zien wat iemand antwoordt, ook de beheerder niet")),
            (NAMED, _("Met naam: u ziet wie wat heeft geantwoord")),
        ],
        initial=ANONYMOUS,
        error_messages={"required": _("Kies anoniem of met naam.")},
    )
    audience = forms.ChoiceField(
        label=_("Voor wie is de vragenlijst?"),
        widget=forms.RadioSelect,
        choices=Survey.Audience.choices,
        initial=Survey.Audience.ALL,
        error_messages={"required": _("Kies voor wie de vragenlijst is.")},
    )
    audience_councils = forms.ModelMultipleChoiceField(
        label=_("Welke raden?"),
        queryset=Council.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    audience_working_group = forms.ModelChoiceField(
        label=_("Welke werkgroep?"),
        queryset=WorkingGroup.objects.none(),
        required=False,
        empty_label=_("Kies…"),
    )
    audience_roles = forms.MultipleChoiceField(
        label=_("Alleen voor deze rollen"),
        choices=Membership.Role.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Kiest u niets, dan krijgt iedereen de vragenlijst, welke rol ook."),
    )
    opens_at = AmsterdamDateTimeField(
        label=_("Open vanaf"),
        error_messages={
            "required": _("Vul in wanneer de vragenlijst opengaat."),
            "invalid": _("Vul een datum en tijd in, zoals 14-03-2026 10:00."),
        },
    )
    closes_at = AmsterdamDateTimeField(
        label=_("Sluit op"),
        help_text=_("Daarna kan niemand meer antwoorden of iets veranderen."),
        error_messages={
            "required": _("Vul in wanneer de vragenlijst sluit."),
            "invalid": _("Vul een datum en tijd in, zoals 14-03-2026 10:00."),
        },
    )
    results_for = forms.ChoiceField(
        label=_("Wie mag de uitslag zien?"),
        widget=forms.RadioSelect,
        choices=Survey.ResultsFor.choices,
        initial=Survey.ResultsFor.ASKER,
        help_text=_("Leden zien de uitslag pas als de vragenlijst gesloten is."),
    )

    def __init__(self, *args, viewer, survey: Survey | None = None, **kwargs):
        if survey is not None and "initial" not in kwargs:
            kwargs["initial"] = survey_initial(survey)
        super().__init__(*args, **kwargs)
        choices = asker_choices(viewer)
        if survey is not None and asker_value(survey) not in {v for v, _label in choices}:
            from .selectors_author import asker_label

            choices.append((asker_value(survey), asker_label(survey)))
        self.fields["asker"].choices = [("", _("Kies…")), *choices] if len(choices) > 1 else choices
        self.wide = may_ask_all_councils(viewer)
        if self.wide:
            self.fields["audience_councils"].queryset = Council.objects.filter(
                is_active=True
            ).order_by("kind", "name")
            self.fields["audience_working_group"].queryset = WorkingGroup.objects.order_by("name")
            self.fields["audience_councils"].required_when = _("verplicht bij gekozen raden")
            self.fields["audience_working_group"].required_when = _("verplicht bij een werkgroep")
        else:
            # Only one's own council: the service sends it to its members.
            for name in ("audience", "audience_councils", "audience_working_group"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error(
                "closes_at", _("De sluitdatum moet na de datum liggen waarop de lijst opengaat.")
            )
        audience = data.get("audience")
        if audience == Survey.Audience.COUNCILS and not data.get("audience_councils"):
            self.add_error("audience_councils", _("Kies ten minste één raad."))
        if audience == Survey.Audience.WORKING_GROUP and not data.get("audience_working_group"):
            self.add_error("audience_working_group", _("Kies de werkgroep."))
        return data

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["anonymous"] = data["anonymous"] == ANONYMOUS
        data.setdefault("audience", Survey.Audience.COUNCILS)
        data.setdefault("audience_councils", [])
        data.setdefault("audience_working_group", None)
        data["audience_councils"] = list(data["audience_councils"] or [])
        return data


def survey_initial(survey: Survey) -> dict:
    return {
        "title": survey.title,
        "title_en": survey.title_en,
        "intro": survey.intro,
        "intro_en": survey.intro_en,
        "asker": asker_value(survey),
        "anonymous": ANONYMOUS if survey.anonymous else NAMED,
        "audience": survey.audience,
        "audience_councils": list(survey.audience_councils.all()),
        "audience_working_group": survey.audience_working_group,
        "audience_roles": survey.audience_roles,
        "opens_at": survey.opens_at,
        "closes_at": survey.closes_at,
        "results_for": survey.results_for,
    }


class SectionForm(Form):
    heading = forms.CharField(
        label=_("Kop"),
        max_length=200,
        error_messages={"required": _("Geef het deel een kop.")},
        help_text=_("Bijvoorbeeld: Samenwerken met andere raden."),
    )
    heading_en = forms.CharField(label=_("Kop in het Engels"), max_length=200, required=False)
    intro = forms.CharField(
        label=_("Uitleg bij dit deel"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


class QuestionTextForm(Form):
    """The texts of a question: all that may change once answers came in."""

    text = forms.CharField(
        label=_("Vraag"),
        max_length=300,
        error_messages={"required": _("Schrijf de vraag.")},
    )
    text_en = forms.CharField(label=_("Vraag in het Engels"), max_length=300, required=False)
    help_text = forms.CharField(
        label=_("Uitleg bij de vraag"),
        max_length=300,
        required=False,
        help_text=_("Staat onder de vraag. Bijvoorbeeld: u mag meer dan één keuze aankruisen."),
    )
    options = forms.CharField(
        label=_("Keuzes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Eén keuze per regel."),
    )
    scale_min_label = forms.CharField(
        label=_("Tekst bij 1"),
        max_length=60,
        required=False,
        help_text=_("Bij een schaal. Bijvoorbeeld: helemaal niet tevreden."),
    )
    scale_max_label = forms.CharField(
        label=_("Tekst bij 5"),
        max_length=60,
        required=False,
        help_text=_("Bij een schaal. Bijvoorbeeld: heel tevreden."),
    )

    def __init__(self, *args, option_count: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.option_count = option_count
        if option_count is not None:
            self.fields["options"].help_text = _(
                "Eén keuze per regel. U kunt de woorden aanpassen, maar niet het aantal keuzes "
                "(%(n)s)."
            ) % {"n": option_count}

    def clean_options(self):
        lines = _lines(self.cleaned_data.get("options") or "")
        too_long = [line for line in lines if len(line) > 200]
        if too_long:
            raise forms.ValidationError(_("Een keuze mag hoogstens 200 tekens hebben."))
        if self.option_count is not None and len(lines) != self.option_count:
            raise forms.ValidationError(
                _("Houd %(n)s keuzes, één per regel. U kunt alleen de woorden aanpassen.")
                % {"n": self.option_count}
            )
        return lines


class QuestionForm(QuestionTextForm):
    field_order = [
        "section",
        "kind",
        "text",
        "text_en",
        "help_text",
        "required",
        "options",
        "has_other",
        "scale_min_label",
        "scale_max_label",
        "number_min",
        "number_max",
        "show_if_option",
    ]
    section = forms.TypedChoiceField(
        label=_("In welk deel?"), required=False, coerce=int, empty_value=None
    )
    kind = forms.ChoiceField(
        label=_("Soort vraag"),
        choices=QuestionKind.choices,
        error_messages={"required": _("Kies de soort vraag.")},
    )
    required = forms.BooleanField(
        label=_("Verplicht: de vraag moet beantwoord worden"), required=False
    )
    has_other = forms.BooleanField(
        label=_("Met de keuze “Anders, namelijk” en een tekstvak"),
        required=False,
        help_text=_("Bij één keuze of meer keuzes."),
    )
    number_min = forms.IntegerField(
        label=_("Kleinste getal"),
        required=False,
        help_text=_("Bij een getal."),
        error_messages={"invalid": _("Vul een heel getal in, zoals 0.")},
    )
    number_max = forms.IntegerField(
        label=_("Grootste getal"),
        required=False,
        help_text=_("Bij een getal."),
        error_messages={"invalid": _("Vul een heel getal in, zoals 100.")},
    )
    show_if_option = forms.TypedChoiceField(
        label=_("Alleen tonen als"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_(
            "De vraag verschijnt alleen als bij een eerdere vraag deze keuze is gemaakt. "
            "Laat leeg om de vraag altijd te tonen."
        ),
        error_messages={"invalid_choice": _("Kies een keuze uit de lijst.")},
    )

    def __init__(self, *args, sections=(), conditions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["options"].required_when = _("verplicht bij één keuze, meer keuzes en volgorde")
        self.fields["section"].choices = [
            ("", _("Geen deel")),
            *[(s.pk, s.heading) for s in sections],
        ]
        if not sections:
            del self.fields["section"]
        self.fields["show_if_option"].choices = [("", _("Altijd tonen")), *conditions]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        lines = data.get("options") or []
        if kind in OPTION_KINDS:
            needed = 2 - (1 if kind != QuestionKind.RANK and data.get("has_other") else 0)
            if len(lines) < needed:
                self.add_error(
                    "options",
                    _("Geef ten minste twee keuzes, één per regel."),
                )
        low, high = data.get("number_min"), data.get("number_max")
        if kind == QuestionKind.NUMBER and low is not None and high is not None and low > high:
            self.add_error("number_max", _("Het grootste getal moet groter zijn dan het kleinste."))
        return data


class MoveForm(Form):
    direction = forms.ChoiceField(choices=[(UP, _("Omhoog")), (DOWN, _("Omlaag"))])
