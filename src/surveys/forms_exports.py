"""The form of "Naar plan van aanpak": which plan, which questions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import Form


class ToPlanForm(Form):
    plan = forms.TypedChoiceField(
        label=_("In welk plan van aanpak?"),
        coerce=int,
        error_messages={"required": _("Kies het plan waarin de voorstellen komen.")},
    )
    questions = forms.TypedMultipleChoiceField(
        label=_("Van welke vragen maakt u een voorstel?"),
        help_text=_("Per vraag komt er één voorstel als concept, met de vraag en de cijfers."),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies ten minste één vraag.")},
    )

    def __init__(self, *args, plans, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.plans = {plan.pk: plan for plan in plans}
        self.fields["plan"].choices = [("", _("Kies een plan")), *self._plan_choices(plans)]
        self.fields["questions"].choices = [
            (qr.question.pk, f"{number}. {qr.question.text}")
            for number, qr in enumerate(questions, start=1)
        ]

    @staticmethod
    def _plan_choices(plans):
        for plan in plans:
            owner = plan.working_group.name if plan.working_group_id else plan.council.name
            yield plan.pk, f"{plan.title} ({owner})"

    def chosen_plan(self):
        return self.plans[self.cleaned_data["plan"]]
