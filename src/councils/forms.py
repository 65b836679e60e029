from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import Form


class DirectoryFilterForm(Form):
    """The filters of the member directory (a GET form; every field may stay empty)."""

    raad = forms.ChoiceField(label=_("Raad"), required=False)
    onderwerp = forms.ChoiceField(label=_("Vraag mij over"), required=False)
    naam = forms.CharField(label=_("Naam"), max_length=100, required=False)

    def __init__(self, *args, councils, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["raad"].choices = [("", _("Alle raden"))] + [
            (council.slug, council.name) for council in councils
        ]
        self.fields["onderwerp"].choices = [("", _("Alle onderwerpen"))] + list(topics)
        self.fields["naam"].widget.attrs["autocomplete"] = "off"
