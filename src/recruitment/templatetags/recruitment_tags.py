from __future__ import annotations

from django import template

from recruitment.selectors import open_vacancies

register = template.Library()


@register.inclusion_tag("recruitment/_council_vacancies.html")
def council_vacancies(council):
    """The open vacancies of a council, with a link to apply (on the council's public page)."""
    if council is None:
        return {"council": None, "vacancies": []}
    return {"council": council, "vacancies": list(open_vacancies(council=council))}
