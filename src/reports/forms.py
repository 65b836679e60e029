from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.forms import Form, ModelForm
from councils.models import Council

from .models import AnnualReport


class ReportStartForm(Form):
    year = forms.IntegerField(label=_("Jaar"), min_value=2000)
    council = forms.ModelChoiceField(
        label=_("Raad"),
        queryset=Council.objects.filter(is_active=True).order_by("kind", "name"),
        required=False,
        empty_label=_("Landelijk: alle raden samen"),
        help_text=_("Kies een raad, of laat 'Landelijk' staan voor het landelijke jaarverslag."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year - 1

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year > timezone.localdate().year:
            raise forms.ValidationError(_("Kies dit jaar of een jaar dat voorbij is."))
        return year


class ReportTextForm(ModelForm):
    class Meta:
        model = AnnualReport
        fields = ["intro", "highlights", "plans"]
        widgets = {name: forms.Textarea(attrs={"rows": 8}) for name in fields}
        help_texts = {
            "intro": _("Wat wilt u de lezer eerst vertellen over dit jaar?"),
            "highlights": _(
                "De belangrijkste resultaten. Begin elke nieuwe alinea op een nieuwe regel."
            ),
            "plans": _("Waar werkt de raad aan in het komende jaar?"),
        }
