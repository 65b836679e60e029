"""Redact personal data from the free text of a client signal.

Implements ``shared/data/signals/REDACTION.md``: BSNs, IBANs, Dutch phone numbers, e-mail
addresses and Dutch postcodes are replaced by a placeholder; everything else (amounts, dates,
years, times, percentages, case numbers that fail the checks) stays exactly as written.

Pure Python, no Django. All patterns are precompiled and free of nested unbounded
quantifiers, so every scan is linear in the length of the text.

How a text is processed:

1. Each detector collects *candidates* (kind, start, end). Validation that a regex cannot
   express (elfproef, mod-97, IBAN length per country, date sanity) is done in Python.
2. Some candidates are *protected* spans: an IBAN-shaped string that fails mod-97, and a
   written date such as ``06-03-2024``. They are never replaced, but they stop lower-priority
   detectors from replacing digits inside them (an invalid IBAN stays as written, and a date
   followed by a time is not a phone number).
3. Overlaps are resolved by priority (e-mail, then IBAN, then dates, then phone / BSN /
   postcode), then by leftmost start, then by the longest span; the chosen spans never
   overlap, so nothing is replaced twice.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = [
    "BSN",
    "EMAIL",
    "IBAN",
    "KINDS",
    "PHONE",
    "PLACEHOLDERS",
    "POSTCODE",
    "Match",
    "find_personal_data",
    "is_valid_bsn",
    "is_valid_iban",
    "redact",
]

BSN = "bsn"
IBAN = "iban"
PHONE = "phone"
EMAIL = "email"
POSTCODE = "postcode"
KINDS = (BSN, IBAN, PHONE, EMAIL, POSTCODE)

PLACEHOLDERS = {
    BSN: "[BSN]",
    IBAN: "[IBAN]",
    PHONE: "[TELEFOON]",
    EMAIL: "[E-MAIL]",
    POSTCODE: "[POSTCODE]",
}

# Internal kinds for protected spans: found, block lower priorities, never replaced.
_BAD_IBAN = "_invalid_iban"
_DATE = "_date"

# Overlaps: the lower priority number wins. Phone, BSN and postcode share a level: the leftmost,
# then the longest span wins (``+31 692 961 112`` is a phone number, not "+31 " and a BSN); on
# exactly the same span the rank decides (``0900 12 345`` passing the elfproef is a BSN).
_PRIORITY = {EMAIL: 0, IBAN: 1, _BAD_IBAN: 1, _DATE: 2, BSN: 3, PHONE: 3, POSTCODE: 3}
_RANK = {EMAIL: 0, IBAN: 0, _BAD_IBAN: 1, _DATE: 0, BSN: 0, PHONE: 1, POSTCODE: 2}


@dataclass(frozen=True, slots=True)
class Match:
    """One piece of personal data: ``text[start:end]`` is replaced by ``placeholder``."""

    kind: str
    start: int
    end: int
    placeholder: str


# --------------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------------

_BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def is_valid_bsn(digits: str) -> bool:
    """Elfproef on exactly nine ASCII digits (all zeros is not a BSN)."""
    if len(digits) != 9 or not digits.isascii() or not digits.isdigit():
        return False
    if digits == "000000000":
        return False
    total = sum(w * (ord(c) - 48) for w, c in zip(_BSN_WEIGHTS, digits, strict=True))
    return total % 11 == 0


# Lengths of the IBAN per country code: the SWIFT IBAN registry plus the countries that use
# IBANs outside it (mostly the West and Central African banking unions).
_IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22,
    "BH": 22, "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24,
    "DE": 22, "DJ": 27, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18,
    "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27,
    "GT": 28, "HN": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
    "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20,
    "LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20,
    "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PK": 24,
    "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24,
    "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25,
    "SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
    "YE": 30,
    # In use, not (yet) in the SWIFT registry.
    "AO": 25, "BF": 28, "BJ": 28, "CF": 27, "CG": 27, "CI": 28, "CM": 27, "CV": 25,
    "DZ": 26, "GA": 27, "GQ": 27, "GW": 25, "IR": 26, "KM": 27, "MA": 28, "MG": 27,
    "ML": 28, "MZ": 25, "NE": 28, "SN": 28, "TD": 27, "TG": 28,
}  # fmt: skip


def _iban_mod97(compact: str) -> int:
    """Remainder of the IBAN's number (first four characters moved to the end) modulo 97."""
    rearranged = compact[4:] + compact[:4]
    remainder = 0
    for ch in rearranged:
        value = ord(ch) - 48 if ch <= "9" else ord(ch) - 55  # A=10 … Z=35
        remainder = (remainder * (100 if value > 9 else 10) + value) % 97
    return remainder


def is_valid_iban(value: str) -> bool:
    """Mod-97 check and country length for an IBAN; spaces and case are ignored."""
    compact = value.replace(" ", "").replace("\u00a0", "").upper()
    if not compact.isascii() or not compact.isalnum() or len(compact) < 5:
        return False
    if not (compact[:2].isalpha() and compact[2:4].isdigit()):
        return False
    if _IBAN_LENGTHS.get(compact[:2]) != len(compact):
        return False
    return _iban_mod97(compact) == 1


# --------------------------------------------------------------------------------------------
# Patterns
# --------------------------------------------------------------------------------------------

_SPACE = "[ \u00a0]"  # a space inside a number never spans a line break or a tab
_ASCII_ALNUM = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")

# Not glued to a longer number: no digit next to it, nor a digit behind one separator
# (``1.123.456.789``, ``2024-123456782``, ``123456782,50``, ``06-12345678.5``).
_NUM_BEFORE = r"(?<![0-9])(?<![0-9][-./,:])"
_NUM_AFTER = r"(?![0-9])(?![-./,:][0-9])"

# -- BSN: nine digits together, or 3-3-3 / 4-2-3 with dots, spaces or hyphens.
_BSN_SEP = r"[ \u00a0.\-]"
_BSN_RE = re.compile(
    _NUM_BEFORE
    + rf"(?:[0-9]{{9}}|[0-9]{{3}}{_BSN_SEP}[0-9]{{3}}{_BSN_SEP}[0-9]{{3}}"
    + rf"|[0-9]{{4}}{_BSN_SEP}[0-9]{{2}}{_BSN_SEP}[0-9]{{3}})"
    + _NUM_AFTER
)
# Nine digits behind a foreign country code are the rest of a phone number (``+34 655 218 906``);
# behind a euro sign they are an amount.
_BSN_BLOCKED_BEFORE = re.compile(r"(?:(?:\+|\b00)[0-9]{1,3}[ \u00a0.\-]?|€[ \u00a0]?)$")
_BSN_LOOKBEHIND = 8

# -- IBAN: the start; the rest is read character by character (country length, groups of 4).
_IBAN_START_RE = re.compile(r"(?<![0-9A-Za-z])[A-Za-z]{2}[0-9]{2}")

# -- Phone. One separator between two digits: a space, or a hyphen / dot / slash with
# optional spaces around it.
_SEP = rf"(?:{_SPACE}?[-./]{_SPACE}?|{_SPACE})"
_D = rf"(?:{_SEP}?[0-9])"  # one more digit, optionally behind a separator
_PHONE_RE = re.compile(
    r"(?<![\w+])(?<![0-9][-./,:])"
    + r"(?:"
    # +31 / 0031, optionally in parentheses, optionally (0) or 0, then nine digits.
    + rf"(?:\(\+31\)|\+31|\(0031\)|0031){_SEP}?(?:\(0\){_SEP}?|0{_SEP}?)?[1-9]{_D}{{8}}"
    # Service numbers 0800 / 0900 with 4 to 7 digits.
    + rf"|0[89]00{_SEP}?[0-9]{_D}{{3,6}}"
    # Area code in parentheses: (06) 12345678, (010) 427 18 93, (0575) 461283.
    + rf"|\(0[1-9]\){_SEP}?[0-9]{_D}{{7}}"
    + rf"|\(0[1-9][0-9]\){_SEP}?[0-9]{_D}{{6}}"
    + rf"|\(0[1-9][0-9]{{2}}\){_SEP}?[0-9]{_D}{{5}}"
    # National: 0 + nine digits (mobile 06 + 8, landline 0 + area code + number).
    + rf"|0[1-9]{_D}{{8}}"
    + r")"
    + r"(?!\w)(?![-./,:][0-9])"
)
_SERVICE_PREFIX = ("0800", "0900")
_HOURS_AFTER = re.compile(r"[ \u00a0]?(?:uur|u)\b", re.IGNORECASE)

# -- Dates (protected): 06-03-2024, 6.3.2024, 12/04/2024, 2024-03-11.
_DATE_RE = re.compile(
    r"(?<![\w])(?:"
    r"(?P<d>[0-9]{1,2})(?P<s>[-./])(?P<m>[0-9]{1,2})(?P=s)(?:19|20)[0-9]{2}"
    r"|(?:19|20)[0-9]{2}-(?P<im>[0-9]{1,2})-(?P<id>[0-9]{1,2})"
    r")(?![0-9])"
)

# -- E-mail: found from each '@' outwards (linear, whatever the text looks like).
# Local part: letters (also accented ones) and digits, and . _ % + -
_EMAIL_LOCAL_PUNCT = frozenset("._%+-")
# Domain: labels of letters, digits and hyphens, ending in a top-level domain of letters.
_EMAIL_DOMAIN_RE = re.compile(r"(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[^\W\d_]{2,63}(?![\w-])")

# -- Postcode.
_PC_BEFORE = r"(?<!\w)(?<![0-9][.,])"
# Upper case, with or without one space: 1234 AB, 1234AB.
_PC_UPPER_RE = re.compile(_PC_BEFORE + rf"[1-9][0-9]{{3}}{_SPACE}?(?!S[ADS])[A-Z]{{2}}(?!\w)")
# Any case, attached: 1234ab, 1234Ab.
_PC_ATTACHED_RE = re.compile(_PC_BEFORE + r"[1-9][0-9]{3}(?![sS][aAdDsS])[A-Za-z]{2}(?!\w)")
# Right after the word "postcode" (optionally "postcode:" or "postcode is"): any case, with or
# without a space.
_PC_AFTER_WORD_RE = re.compile(
    r"\bpostcode(?:[ \t\u00a0]*[:=]|[ \t\u00a0]+is\b)?[ \t\u00a0]*"
    rf"(?P<pc>[1-9][0-9]{{3}}{_SPACE}?(?![sS][aAdDsS])[A-Za-z]{{2}})(?!\w)",
    re.IGNORECASE,
)
# "1500km" is a distance, not a postcode: lower-case units attached to four digits stay.
_UNITS = frozenset({"km", "kg", "cm", "mm", "ml", "mg", "gb", "mb", "kb", "tb", "kw", "pk", "ha"})

_TRIGGER_RE = re.compile(r"[0-9@]")


# --------------------------------------------------------------------------------------------
# Detectors: each yields (kind, start, end) candidates
# --------------------------------------------------------------------------------------------

Candidate = tuple[str, int, int]


def _each_match(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Every match of ``pattern``, also those starting inside an earlier match."""
    pos = 0
    search = pattern.search
    while (m := search(text, pos)) is not None:
        yield m
        pos = m.start() + 1


def _emails(text: str) -> list[Candidate]:
    found: list[Candidate] = []
    at = text.find("@")
    while at != -1:
        start = at
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] in _EMAIL_LOCAL_PUNCT):
            start -= 1
        while start < at and text[start] in ".-+%":
            start += 1  # "--jan@x.nl", ".jan@x.nl": the address starts at the first letter
        domain = _EMAIL_DOMAIN_RE.match(text, at + 1)
        if start < at and domain is not None:
            found.append((EMAIL, start, domain.end()))
            at = text.find("@", domain.end())
        else:
            at = text.find("@", at + 1)
    return found


def _ibans(text: str) -> list[Candidate]:
    found: list[Candidate] = []
    n = len(text)
    for m in _each_match(_IBAN_START_RE, text):
        start = m.start()
        length = _IBAN_LENGTHS.get(text[start : start + 2].upper())
        if length is None:
            continue
        # Read the rest of the IBAN: at most one space, and only between groups of four.
        pos = m.end()
        count = 4
        chars = [text[start : start + 4]]
        while count < length and pos < n:
            ch = text[pos]
            if ch in " \u00a0" and count % 4 == 0 and pos + 1 < n and text[pos + 1] in _ASCII_ALNUM:
                pos += 1
                continue
            if ch not in _ASCII_ALNUM:
                break
            chars.append(ch)
            count += 1
            pos += 1
        if count != length or (pos < n and text[pos] in _ASCII_ALNUM):
            continue
        compact = "".join(chars).upper()
        kind = IBAN if _iban_mod97(compact) == 1 else _BAD_IBAN
        found.append((kind, start, pos))
    return found


def _dates(text: str) -> list[Candidate]:
    found: list[Candidate] = []
    for m in _DATE_RE.finditer(text):
        day, month = m.group("d", "m")
        if day is None:
            day, month = m.group("id", "im")
        if 1 <= int(day) <= 31 and 1 <= int(month) <= 12:
            found.append((_DATE, m.start(), m.end()))
    return found


def _phones(text: str) -> list[Candidate]:
    found: list[Candidate] = []
    for m in _each_match(_PHONE_RE, text):
        if m.group().startswith(_SERVICE_PREFIX) and _HOURS_AFTER.match(text, m.end()):
            continue  # "0900-1700 uur" are opening hours
        found.append((PHONE, m.start(), m.end()))
    return found


def _bsns(text: str) -> list[Candidate]:
    found: list[Candidate] = []
    for m in _each_match(_BSN_RE, text):
        start = m.start()
        digits = "".join(c for c in m.group() if c in "0123456789")
        if not is_valid_bsn(digits):
            continue
        if _BSN_BLOCKED_BEFORE.search(text, max(0, start - _BSN_LOOKBEHIND), start):
            continue
        found.append((BSN, start, m.end()))
    return found


def _postcodes(text: str) -> list[Candidate]:
    found: list[Candidate] = [(POSTCODE, m.start(), m.end()) for m in _PC_UPPER_RE.finditer(text)]
    for m in _PC_ATTACHED_RE.finditer(text):
        letters = m.group()[4:]
        if letters.isupper() or letters not in _UNITS:
            found.append((POSTCODE, m.start(), m.end()))
    for m in _PC_AFTER_WORD_RE.finditer(text):
        found.append((POSTCODE, m.start("pc"), m.end("pc")))
    return found


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def _find_once(text: str) -> list[Match]:
    """One pass of all detectors over ``text`` with the overlaps resolved."""
    if not text or _TRIGGER_RE.search(text) is None:
        return []
    candidates: list[Candidate] = []
    if "@" in text:
        candidates += _emails(text)
    candidates += _ibans(text)
    candidates += _dates(text)
    candidates += _phones(text)
    candidates += _bsns(text)
    candidates += _postcodes(text)
    if not candidates:
        return []

    # Highest priority first, then leftmost, then longest; keep what does not overlap.
    candidates.sort(key=lambda c: (_PRIORITY[c[0]], c[1], c[1] - c[2], _RANK[c[0]]))
    starts: list[int] = []  # the kept spans, sorted; they never overlap, so ends are sorted too
    ends: list[int] = []
    kinds: list[str] = []
    for kind, start, end in candidates:
        i = bisect_right(starts, start)
        if (i > 0 and ends[i - 1] > start) or (i < len(starts) and starts[i] < end):
            continue
        starts.insert(i, start)
        ends.insert(i, end)
        kinds.insert(i, kind)
    return [
        Match(kind, start, end, PLACEHOLDERS[kind])
        for kind, start, end in zip(kinds, starts, ends, strict=True)
        if kind in PLACEHOLDERS
    ]


def _splice(text: str, matches: list[Match]) -> tuple[str, list[tuple[int, int, int]]]:
    """``text`` with the matches replaced, and the kept segments as (new start, old start,
    length)."""
    parts: list[str] = []
    segments: list[tuple[int, int, int]] = []
    pos = 0
    out_len = 0
    for m in matches:
        segments.append((out_len, pos, m.start - pos))
        parts.append(text[pos : m.start])
        parts.append(m.placeholder)
        out_len += m.start - pos + len(m.placeholder)
        pos = m.end
    segments.append((out_len, pos, len(text) - pos))
    parts.append(text[pos:])
    return "".join(parts), segments


def find_personal_data(text: str) -> list[Match]:
    """The personal data in ``text``, in order of position, never overlapping.

    A placeholder is a clean boundary, so a number that was only rejected for being glued to
    something that is itself replaced (``NL91ABNA0417164300-111222333``, ``a@b.nl+31612345678``)
    is found by looking again at the redacted text; this repeats until nothing new turns up,
    which also makes :func:`redact` idempotent.
    """
    found = _find_once(text)
    while found:
        redacted, segments = _splice(text, found)
        more = _find_once(redacted)
        if not more:
            break
        seg_starts = [seg[0] for seg in segments]
        mapped: list[Match] = []
        for m in more:
            new_start, old_start, length = segments[bisect_right(seg_starts, m.start) - 1]
            if m.end > new_start + length:  # would include a placeholder; cannot happen
                return found
            shift = old_start - new_start
            mapped.append(Match(m.kind, m.start + shift, m.end + shift, m.placeholder))
        found = sorted(found + mapped, key=lambda m: m.start)
    return found


def redact(text: str) -> str:
    """``text`` with every piece of personal data replaced by its placeholder."""
    matches = find_personal_data(text)
    if not matches:
        return text
    return _splice(text, matches)[0]
