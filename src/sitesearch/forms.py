"""The search form: the words, and the filters by kind, council and theme."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.forms import Form, OwnIdsMixin
from common.taxonomy import choices
from councils.models import Council

from .index import kinds
from .query import MAX_QUERY, Filters
from .text import query_words


class SearchForm(OwnIdsMixin, Form):
    id_prefix = "zoek"

    q = forms.CharField(
        label=gettext_lazy("Waar zoekt u naar?"),
        strip=True,
        widget=forms.TextInput(attrs={"type": "search", "maxlength": MAX_QUERY}),
        error_messages={"required": gettext_lazy("Typ een of meer woorden waar u naar zoekt.")},
    )
    # The kind is chosen with the links beside the results; the form keeps it. An unknown kind
    # (an old link) is ignored rather than refused.
    soort = forms.CharField(required=False, widget=forms.HiddenInput)
    raad = forms.ChoiceField(label=gettext_lazy("Raad"), required=False)
    onderwerp = forms.ChoiceField(label=gettext_lazy("Onderwerp"), required=False)
    regeling = forms.ChoiceField(label=gettext_lazy("Regeling"), required=False)

    def __init__(self, *args, councils: list[Council], **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("Alle"))]
        self.councils = {c.slug: c for c in councils}
        self.fields["raad"].choices = every + [(c.slug, c.name) for c in councils]
        self.fields["onderwerp"].choices = every + choices("onderwerp")
        self.fields["regeling"].choices = every + choices("regeling")
        for name in ("raad", "onderwerp", "regeling"):
            self.fields[name].error_messages["invalid_choice"] = _("Kies uit de lijst.")

    def clean_q(self):
        text = self.cleaned_data["q"]
        if len(text) > MAX_QUERY:
            raise forms.ValidationError(
                _(
                    "Uw zoekvraag is te lang: %(length)s tekens. Gebruik er hoogstens %(max)s. "
                    "Een paar woorden is genoeg."
                )
                % {"length": len(text), "max": MAX_QUERY}
            )
        if not query_words(text):
            raise forms.ValidationError(
                _("Typ minstens één woord van twee of meer letters of cijfers.")
            )
        return text

    def filters(self) -> Filters:
        data = self.cleaned_data
        council = self.councils.get(data.get("raad") or "")
        return Filters(
            kind=data.get("soort") if data.get("soort") in kinds() else "",
            council_id=council.pk if council else None,
            onderwerp=data.get("onderwerp") or "",
            regeling=data.get("regeling") or "",
        )
