"""The news lists follow the directory: one list per council and one per kind of constituent
organisation. Kept in step after every migrate and when a council is saved; idempotent."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import override

from councils.models import ConstituentOrganisation, Council

from .models import NewsList


def council_list(council: Council) -> NewsList:
    news_list, _created = NewsList.objects.get_or_create(
        council=council,
        organisation_kind="",
        defaults={"name": _unique(council.name), "is_active": council.is_active},
    )
    if news_list.is_active != council.is_active:
        news_list.is_active = council.is_active
        news_list.save(update_fields=["is_active"])
    return news_list


def kind_list(kind: str, label: str) -> NewsList:
    news_list, _created = NewsList.objects.get_or_create(
        council=None,
        organisation_kind=kind,
        defaults={"name": _unique(_("Voor organisaties: %(kind)s") % {"kind": label})},
    )
    return news_list


def _unique(name: str) -> str:
    candidate, n = name, 2
    while NewsList.objects.filter(name=candidate).exists():
        candidate, n = f"{name} ({n})", n + 1
    return candidate


def lists_sync() -> None:
    with override("nl"):
        for council in Council.objects.all():
            council_list(council)
        for kind, label in ConstituentOrganisation.Kind.choices:
            kind_list(kind, str(label))
