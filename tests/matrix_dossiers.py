"""Permission matrix rows for dossiers (/dossiers/ and on).

The objects: a dossier of the council "noord" that all councils may see (its member owns it),
one that only noord may see, each with a document, and a public one of noord owned by noord's
ex-member. Seeing follows the dossier's visibility (editors, liaisons and the ex-member sit on
no council: they get a 404, as for a dossier that does not exist); a public dossier and its
documents are open to everyone, visitors too; writing (notes, documents, links) is for the
councils involved; managing for the owner while on a council involved, noord's secretary and
administrators; joining for members of a council not yet involved. A POST that changes what the
next role would try gets a fresh object, so every role tries the same thing."""

from __future__ import annotations

from tests.matrix import DENY, LOGIN, Case, everyone, logged_in

READY = "dossiers_ready"

# can_see_dossier for a dossier of "noord" with visibility "councils".
SEE = logged_in(404, member=200, member_other=200, secretary=200, central_member=200)
SEE["administrator"] = 200
# ... and with visibility "council": noord only.
SEE_SECRET = logged_in(404, member=200, secretary=200, administrator=200)
# can_start_dossier: members of any council.
STARTERS = logged_in(DENY, member=200, member_other=200, secretary=200, central_member=200)
# can_contribute: the councils involved (noord) and administrators; others who may see: 403.
WRITERS = logged_in(404, member=302, secretary=302, administrator=302)
WRITERS.update(member_other=DENY, central_member=DENY)
# can_manage_dossier: the owner (member), noord's secretary, administrators.
MANAGERS = dict(WRITERS)


def extend_context(context):
    if context.get(READY):
        return context
    from common.models import Visibility
    from dossiers.tests.factories import DossierFactory, VersionFactory

    roles = context["roles"]
    dossier = DossierFactory(council=roles.council, owner=roles["member"], title="Brieven")
    secret = DossierFactory(
        council=roles.council, visibility=Visibility.COUNCIL, title="Alleen Noord"
    )
    public = DossierFactory(
        council=roles.other_council, visibility=Visibility.PUBLIC, title="Openbaar"
    )
    # Its owner left noord yesterday: owning it ended with the membership.
    ex_owned = DossierFactory(
        council=roles.council,
        owner=roles["ex_member"],
        visibility=Visibility.PUBLIC,
        title="Openbaar, trekker geen lid meer",
    )
    context.update(
        {
            READY: True,
            "public": public,
            "ex_owned": ex_owned,
            "public_version": VersionFactory(document__dossier=public),
            "dossier": dossier,
            "secret": secret,
            "version": VersionFactory(document__dossier=dossier),
            "secret_version": VersionFactory(document__dossier=secret),
        }
    )
    return context


def _d(c, suffix=""):
    return f"/dossiers/{extend_context(c)['dossier'].pk}/{suffix}"


def _fresh_dossier(**post):
    """A new open dossier of noord (owned by its member) for this request, and the POST data."""

    def data(c):
        from dossiers.tests.factories import DossierFactory

        roles = extend_context(c)["roles"]
        c["fresh"] = DossierFactory(council=roles.council, owner=roles["member"])
        return post

    return data


def _fresh(suffix):
    return lambda c: f"/dossiers/{c['fresh'].pk}/{suffix}"


def _upload(name="verslag.txt", data=b"Verslag van het overleg."):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="text/plain")


def _link_data(c):
    """A fresh meeting of noord to link (linking the same one twice is refused)."""
    from meetings.tests.factories import MeetingFactory

    meeting = MeetingFactory(council=extend_context(c)["roles"].council)
    return {"kind": "meeting", "reference": str(meeting.pk)}


def _unlink_data(c):
    from dossiers.tests.factories import DossierLinkFactory

    c["fresh_link"] = DossierLinkFactory(dossier=extend_context(c)["dossier"])
    return {}


CASES = [
    Case("dossiers:index", lambda c: "/dossiers/", logged_in(200)),
    Case("dossiers:index (filtered)", lambda c: "/dossiers/?mijn=on&status=open", logged_in(200)),
    Case("dossiers:start", lambda c: "/dossiers/nieuw/", STARTERS),
    Case(
        "dossiers:start (post)",
        lambda c: "/dossiers/nieuw/",
        {**STARTERS, "member": 302, "member_other": 302, "secretary": 302, "central_member": 302},
        method="post",
        data=lambda c: {
            "title": f"Nieuw dossier {c['n']}",
            "summary": "Waar het over gaat.",
            "visibility": "councils",
            "confirmed": "1",
        },
    ),
    Case("dossiers:similar", lambda c: "/dossiers/vergelijkbaar/?title=brieven", STARTERS),
    Case("dossiers:elsewhere", lambda c: "/dossiers/elders/", logged_in(200)),
    Case("dossiers:digest", lambda c: "/dossiers/e-mail/", logged_in(200)),
    Case(
        "dossiers:digest (post)",
        lambda c: "/dossiers/e-mail/",
        logged_in(302),
        method="post",
        data=lambda c: {"frequency": "daily"},
    ),
    Case("dossiers:detail", lambda c: _d(c), SEE),
    Case(
        "dossiers:detail (council only)",
        lambda c: f"/dossiers/{extend_context(c)['secret'].pk}/",
        SEE_SECRET,
    ),
    Case("dossiers:detail (unknown)", lambda c: "/dossiers/999999/", logged_in(404)),
    Case(
        "dossiers:detail (public)",
        lambda c: f"/dossiers/{extend_context(c)['public'].pk}/",
        everyone(200),
    ),
    Case(
        "dossiers:download (public)",
        lambda c: (
            f"/dossiers/{extend_context(c)['public'].pk}/stukken/{c['public_version'].pk}/download/"
        ),
        everyone(200),
    ),
    Case(
        "dossiers:download",
        lambda c: _d(c, f"stukken/{c['version'].pk}/download/"),
        SEE,
    ),
    Case(
        "dossiers:download (council only)",
        lambda c: (
            f"/dossiers/{extend_context(c)['secret'].pk}/stukken/{c['secret_version'].pk}/download/"
        ),
        SEE_SECRET,
    ),
    Case(
        "dossiers:download (other dossier)",
        # A version asked for under another dossier's address is not found.
        lambda c: (
            f"/dossiers/{extend_context(c)['dossier'].pk}/stukken/"
            f"{c['secret_version'].pk}/download/"
        ),
        {**logged_in(404), "visitor": LOGIN},
    ),
    Case(
        "dossiers:edit",
        lambda c: _d(c, "bewerken/"),
        MANAGERS,
        method="post",
        data=lambda c: {
            "title": "Brieven in B1",
            "summary": "Nieuwe samenvatting.",
            "visibility": "councils",
        },
    ),
    Case(
        "dossiers:edit (trekker is geen lid meer)",
        lambda c: f"/dossiers/{extend_context(c)['ex_owned'].pk}/bewerken/",
        # Everyone sees a public dossier; managing it is for noord's secretary and
        # administrators, no longer for its owner.
        logged_in(DENY, secretary=302, administrator=302),
        method="post",
        data=lambda c: {
            "title": "Openbaar, trekker geen lid meer",
            "summary": "Nieuwe samenvatting.",
            "visibility": "public",
        },
    ),
    Case(
        "dossiers:status",
        _fresh("status/"),
        MANAGERS,
        method="post",
        data=_fresh_dossier(status="closed"),
    ),
    Case(
        "dossiers:join",
        _fresh("meedoen/"),
        # Noord is already involved; administrators, editors and liaisons sit on no council.
        logged_in(404, member=DENY, secretary=DENY, administrator=DENY)
        | {"member_other": 302, "central_member": 302},
        method="post",
        data=_fresh_dossier(),
    ),
    Case(
        "dossiers:follow",
        lambda c: _d(c, "volgen/"),
        {role: 302 if status == 200 else status for role, status in SEE.items()},
        method="post",
    ),
    Case(
        "dossiers:unfollow",
        lambda c: _d(c, "niet-volgen/"),
        {role: 302 if status == 200 else status for role, status in SEE.items()},
        method="post",
    ),
    Case(
        "dossiers:note_add",
        lambda c: _d(c, "notitie/"),
        WRITERS,
        method="post",
        data=lambda c: {"text": "Gesprek gehad."},
    ),
    Case(
        "dossiers:document_add",
        lambda c: _d(c, "stukken/"),
        WRITERS,
        method="post",
        data=lambda c: {"title": "Verslag", "file": _upload()},
    ),
    Case(
        "dossiers:document_add (refused type)",
        lambda c: _d(c, "stukken/"),
        {**WRITERS, "member": 400, "secretary": 400, "administrator": 400},
        method="post",
        data=lambda c: {"title": "Foto", "file": _upload("foto.jpg", b"\xff\xd8\xff")},
    ),
    Case(
        "dossiers:version_add",
        lambda c: _d(c, "stukken/versie/"),
        WRITERS,
        method="post",
        data=lambda c: {"document": c["version"].document_id, "file": _upload(), "note": "v2"},
    ),
    Case(
        "dossiers:link_add",
        lambda c: _d(c, "koppelingen/"),
        WRITERS,
        method="post",
        data=_link_data,
    ),
    Case(
        "dossiers:link_remove",
        lambda c: _d(c, f"koppelingen/{c['fresh_link'].pk}/weghalen/"),
        WRITERS,
        method="post",
        data=_unlink_data,
    ),
]
