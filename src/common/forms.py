"""Form pieces every part uses: single-line fields that refuse control characters, own field
ids for pages with several forms, and checked document uploads (type by name and by the file's
first bytes, size)."""

from __future__ import annotations

import re
from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
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


# C0 and C1 control characters (CR, LF, tab, NUL …) and the Unicode line and paragraph
# separators: none belongs in a title, a name or an address, and in a mail header they break it.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def validate_single_line(value) -> None:
    if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            _(
                "Typ hier één regel tekst, zonder Enter of Tab. Haal de regelovergang of het "
                "onzichtbare teken weg en probeer het opnieuw."
            ),
            code="control_characters",
        )


def is_single_line(field: forms.Field) -> bool:
    """A text field that is not a text area (a title, a name, an address, a search term)."""
    return isinstance(field, forms.CharField) and not isinstance(field.widget, forms.Textarea)


class SingleLineCharField(forms.CharField):
    """A one-line text field: control characters are refused with a clear message."""

    default_validators = [validate_single_line]


class SingleLineMixin:
    """Every single-line text field of the form refuses control characters (the project's one
    rule for them; a crafted POST cannot put a line break in a title that later becomes a mail
    header). Text areas keep their line breaks. Every form of ours has this mixin, through
    ``Form`` and ``ModelForm`` below (a test checks)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if is_single_line(field) and validate_single_line not in field.validators:
                field.validators = [*field.validators, validate_single_line]


class Form(SingleLineMixin, forms.Form):
    pass


class ModelForm(SingleLineMixin, forms.ModelForm):
    pass


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
