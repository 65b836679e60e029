"""The three global roles as groups with their permissions, kept in step after every migrate
(the way Wagtail creates its own permissions): idempotent, adds what is missing, removes
nothing an administrator added by hand."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from .roles import ADMINISTRATORS, EDITORS, LIAISONS

ADMIN_MODEL_PERMS = {
    "councils": [
        "council",
        "postcoderange",
        "membership",
        "workinggroup",
        "workinggroupmembership",
        "constituentorganisation",
        "constituentcontact",
    ],
    "accounts": ["user", "invitation"],
}
VIEW_ONLY = {
    "common": ["auditentry", "outboxmessage"],
    "auth": ["group"],
    "signals": ["classifiermodel"],
}
MEDIA_PERMS = [("wagtailimages", "image"), ("wagtaildocs", "document")]


def _perms(app_label: str, codenames: list[str]) -> list[Permission]:
    return list(
        Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    )


def roles_sync() -> None:
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    # post_migrate reaches this app before Django has made every app's permissions.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    with transaction.atomic():
        admins, _ = Group.objects.get_or_create(name=ADMINISTRATORS)
        editors, _ = Group.objects.get_or_create(name=EDITORS)
        Group.objects.get_or_create(name=LIAISONS)

        access_admin = _perms("wagtailadmin", ["access_admin"])
        admin_perms = list(access_admin)
        for app_label, models in ADMIN_MODEL_PERMS.items():
            admin_perms += _perms(
                app_label, [f"{a}_{m}" for m in models for a in ("add", "change", "delete", "view")]
            )
        for app_label, models in VIEW_ONLY.items():
            admin_perms += _perms(app_label, [f"view_{m}" for m in models])
        admins.permissions.add(*admin_perms)
        editors.permissions.add(*access_admin)

        root_page = Page.get_first_root_node()
        root_collection = Collection.get_first_root_node()
        page_perms = {
            admins: [
                "add_page",
                "change_page",
                "publish_page",
                "lock_page",
                "unlock_page",
                "bulk_delete_page",
            ],
            editors: ["add_page", "change_page", "publish_page"],
        }
        for group, codenames in page_perms.items():
            if root_page is None:
                break
            for perm in _perms("wagtailcore", codenames):
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root_page, permission=perm
                )
        for group in (admins, editors):
            if root_collection is None:
                break
            for app_label, model in MEDIA_PERMS:
                for perm in _perms(
                    app_label, [f"add_{model}", f"change_{model}", f"choose_{model}"]
                ):
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=root_collection, permission=perm
                    )
