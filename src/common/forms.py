"""Form pieces every part uses: own field ids for pages with several forms, and checked
document uploads (type by name and by the file's first bytes, size)."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

ZIP_MAGIC = b"PK\x03\x04"
# suffix → the bytes such a file starts with (None: plain text, checked for NUL bytes)
DOCUMENT_TYPES = {
    ".pdf": b"%PDF-",
    ".docx": ZIP_MAGIC,
    ".odt": ZIP_MAGIC,
    ".xlsx": ZIP_MAGIC,
    ".txt": None,
}
MAX_UPLOAD_SIZE = 10 * 1024 * 1024


class OwnIdsMixin:
    """Several forms on one page: each gets its own ids (``id_<prefix>_<field>``), so labels,
    error links and aria-describedby point at the right field."""

    id_prefix = ""

    def __init__(self, *args, **kwargs):
        if self.id_prefix:
            kwargs.setdefault("auto_id", f"id_{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


def validate_upload(upload, *, types: dict[str, bytes | None], max_size: int = MAX_UPLOAD_SIZE):
    """Refuse a file of another type (by its name and its first bytes) or too large, with a
    message that says what is allowed."""
    suffix = Path(upload.name).suffix.lower()
    if suffix not in types:
        raise forms.ValidationError(
            _("Dit soort bestand kan niet. Kies een %(types)s.")
            % {"types": ", ".join(s[1:] for s in types).upper()}
        )
    if upload.size > max_size:
        raise forms.ValidationError(
            _("Dit bestand is te groot (%(size)s). Het mag hoogstens %(max)s zijn.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(max_size)}
        )
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    magic = types[suffix]
    if magic is not None and not head.startswith(magic):
        raise forms.ValidationError(
            _("Dit bestand is geen echt %(type)s-bestand. Kies een ander bestand.")
            % {"type": suffix[1:].upper()}
        )
    if magic is None and b"\x00" in head:
        raise forms.ValidationError(_("Dit is geen gewoon tekstbestand. Kies een ander bestand."))
    return upload
