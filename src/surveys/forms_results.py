"""Forms of the results pages: the filter (GET), themes and their ticks, who sees the results,
and the public summary."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import Form, OwnIdsMixin, SingleLineCharField

from .models import Survey


class ResultsFilterForm(Form):
    """Only groups with at least MIN_GROUP responses are choices; any other value is refused."""

    raad = forms.ChoiceField(label=_("Raad"), required=False)
    rol = forms.ChoiceField(label=_("Rol"), required=False)

    def __init__(self, *args, councils=(), roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["raad"].choices = [("", _("Alle raden"))] + [
            (g.value, g.label) for g in councils
        ]
        self.fields["rol"].choices = [("", _("Alle rollen"))] + [(g.value, g.label) for g in roles]

    def group(self) -> tuple[int | None, str]:
        """The chosen council (id) and role; nothing chosen when the form is not valid."""
        if not self.is_bound or not self.is_valid():
            return None, ""
        council = self.cleaned_data["raad"]
        return (int(council) if council else None), self.cleaned_data["rol"]

    def group_label(self) -> str:
        """The chosen council and role by name ("Districtscliëntenraad Noord, Raadslid")."""
        if not self.is_bound or not self.is_valid():
            return ""
        return ", ".join(
            str(dict(self.fields[name].choices)[self.cleaned_data[name]])
            for name in ("raad", "rol")
            if self.cleaned_data[name]
        )


class ThemeForm(OwnIdsMixin, Form):
    id_prefix = "thema"

    name = SingleLineCharField(label=_("Nieuw thema"), max_length=80)


class AnswerThemesForm(Form):
    """One group of checkboxes per answer on the page: the themes it carries."""

    def __init__(self, *args, answers=(), themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(theme.pk), theme.name) for theme in themes]
        self.answers = list(answers)
        for answer in self.answers:
            self.fields[f"answer_{answer.pk}"] = forms.MultipleChoiceField(
                label=_("Thema's bij dit antwoord"),
                required=False,
                choices=choices,
                widget=forms.CheckboxSelectMultiple,
                initial=[str(pk) for pk in getattr(answer, "theme_ids", ())],
            )

    def rows(self):
        """(answer, its field) for the template."""
        return [(answer, self[f"answer_{answer.pk}"]) for answer in self.answers]

    def assignments(self) -> dict[int, list[int]]:
        return {
            answer.pk: [int(pk) for pk in self.cleaned_data[f"answer_{answer.pk}"]]
            for answer in self.answers
        }


class ResultsVisibilityForm(OwnIdsMixin, Form):
    id_prefix = "zichtbaar"

    results_for = forms.ChoiceField(
        label=_("Uitslag zichtbaar voor"),
        choices=Survey.ResultsFor.choices,
        widget=forms.RadioSelect,
        help_text=_("Leden zien de uitslag pas als de vragenlijst gesloten is."),
    )


class PublicSummaryForm(Form):
    public_summary = forms.CharField(
        label=_("Samenvatting voor de website"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Iedereen kan dit lezen. Schrijf in eenvoudige taal. Noem geen namen. De open "
            "antwoorden en de cijfers per raad komen niet op de website."
        ),
    )
