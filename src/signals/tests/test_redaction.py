"""Tests for ``signals.redaction`` (spec: shared/data/signals/REDACTION.md)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from signals.redaction import (
    BSN,
    EMAIL,
    IBAN,
    PHONE,
    POSTCODE,
    Match,
    find_personal_data,
    is_valid_bsn,
    is_valid_iban,
    redact,
)

DATA_DIR = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "signals"
DEV_FILE = DATA_DIR / "redaction_dev.jsonl"


# --------------------------------------------------------------------------------------------
# 1. The worked examples
# --------------------------------------------------------------------------------------------


def _dev_examples() -> list:
    if not DEV_FILE.exists():
        return [
            pytest.param(
                None,
                marks=pytest.mark.skip(reason=f"worked examples not found at {DEV_FILE}"),
                id="redaction_dev.jsonl-missing",
            )
        ]
    with DEV_FILE.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return [pytest.param(row, id=row["id"]) for row in rows]


@pytest.mark.parametrize("example", _dev_examples())
def test_worked_example(example):
    assert redact(example["text"]) == example["redacted"]


# --------------------------------------------------------------------------------------------
# 2. Hand-written cases
# --------------------------------------------------------------------------------------------

REPLACED = [
    # BSN: together, 3-3-3 and 4-2-3 with dots, spaces, hyphens; leading zero.
    ("bsn 111222333.", "bsn [BSN]."),
    ("bsn 111.222.333", "bsn [BSN]"),
    ("bsn 111 222 333", "bsn [BSN]"),
    ("bsn 111-222-333", "bsn [BSN]"),
    ("bsn 1112.22.333", "bsn [BSN]"),
    ("bsn 1112 22 333", "bsn [BSN]"),
    ("bsn 1112-22-333", "bsn [BSN]"),
    ("bsn: 094091109", "bsn: [BSN]"),
    ("(123456782)", "([BSN])"),
    ("BSN123456782", "BSN[BSN]"),
    ("regel 1\n123456782\nregel 3", "regel 1\n[BSN]\nregel 3"),
    # IBAN: NL and other countries, spaced or compact, any case.
    ("NL91ABNA0417164300", "[IBAN]"),
    ("NL91 ABNA 0417 1643 00 is het", "[IBAN] is het"),
    ("nl91 abna 0417 1643 00", "[IBAN]"),
    ("Nl91AbNa0417164300.", "[IBAN]."),
    ("op GB82 WEST 1234 5698 7654 32 graag", "op [IBAN] graag"),
    ("FR1420041010050500013M02606", "[IBAN]"),
    ("BE73 1329 1383 8960 voor de WW", "[IBAN] voor de WW"),
    # Phone.
    ("bel 0612345678", "bel [TELEFOON]"),
    ("bel 06-12345678", "bel [TELEFOON]"),
    ("bel 06 1234 5678", "bel [TELEFOON]"),
    ("bel 06 - 12 34 56 78", "bel [TELEFOON]"),
    ("bel (06) 12345678", "bel [TELEFOON]"),
    ("bel 020-1234567", "bel [TELEFOON]"),
    ("bel 020 123 45 67", "bel [TELEFOON]"),
    ("bel 020/1234567", "bel [TELEFOON]"),
    ("bel (020)-1234567", "bel [TELEFOON]"),
    ("bel (0575) 461283", "bel [TELEFOON]"),
    ("bel +31612345678", "bel [TELEFOON]"),
    ("bel +31 (0) 20 123 45 67", "bel [TELEFOON]"),
    ("bel +31 06-12345678", "bel [TELEFOON]"),
    ("bel (+31) 6 12345678", "bel [TELEFOON]"),
    ("bel 0031 20 1234567", "bel [TELEFOON]"),
    ("bel 0800-1234 of 0900-1234567", "bel [TELEFOON] of [TELEFOON]"),
    ("06 12345678 06 87654321", "[TELEFOON] [TELEFOON]"),
    ("06.12.2024 gebeld, 0612345678", "06.12.2024 gebeld, [TELEFOON]"),
    # E-mail.
    ("mail a.b-c_d+e@sub.example.co.uk.", "mail [E-MAIL]."),
    ("MAIL: JAN@EXAMPLE.NL", "MAIL: [E-MAIL]"),
    ("mailto:jan@example.nl", "mailto:[E-MAIL]"),
    ("jan.1971@gmail.com, piet@werk.nl", "[E-MAIL], [E-MAIL]"),
    # Postcode.
    ("3012 AB Rotterdam", "[POSTCODE] Rotterdam"),
    ("3012AB Rotterdam", "[POSTCODE] Rotterdam"),
    ("3012ab Rotterdam", "[POSTCODE] Rotterdam"),
    ("postcode: 3012 ab", "postcode: [POSTCODE]"),
    ("Postcode 3012 ab", "Postcode [POSTCODE]"),
    ("mijn postcode is 3012 ab", "mijn postcode is [POSTCODE]"),
    ("postcode 1500km", "postcode [POSTCODE]"),
    # Several kinds; overlaps resolved without double replacement.
    (
        "Mijn BSN is 111.222.333 en mijn rekening NL91 ABNA 0417 1643 00. Bel me op 06-12345678.",
        "Mijn BSN is [BSN] en mijn rekening [IBAN]. Bel me op [TELEFOON].",
    ),
    ("+31 692 961 112", "[TELEFOON]"),
    ("mail 0612345678@sms.nl", "mail [E-MAIL]"),
    ("mail 123456782@example.nl", "mail [E-MAIL]"),
    ("nl91abna0417164300@bank.nl", "[E-MAIL]"),
    ("mail zoë@café.nl", "mail [E-MAIL]"),
    ("zie: --jan@example.nl", "zie: --[E-MAIL]"),
    # Nine digits that pass the elfproef and look like 0900 + 5 digits: the BSN wins.
    ("0900 12 306 en 090012306", "[BSN] en [BSN]"),
    ("0900 12 340", "[TELEFOON]"),  # fails the elfproef: a service number
    # Next to a replaced item, a number is not "glued" to a longer number.
    ("NL91ABNA0417164300-111222333", "[IBAN]-[BSN]"),
    ("a@b.nl+31612345678", "[E-MAIL][TELEFOON]"),
    ("111222333NL91ABNA0417164300", "[BSN][IBAN]"),
]  # fmt: skip

STAYS = [
    # BSN-like numbers that are not BSNs.
    "zaaknummer 123456789",  # fails the elfproef
    "kenmerk 745.567.521",
    "000000000",
    "nummer 12345678",  # eight digits without leading zero
    "nummer 1234567820",  # valid BSN inside a longer run
    "12 3456 782 en 12-345-6782",  # other groupings
    "bedrag € 123.456.782,00",
    "123.456.782,50",
    "1.123.456.782",
    "spaans nummer +34 612 345 609",
    # Invalid IBANs stay completely, also the digits inside them.
    "NL39 RABO 3659 1285 28",
    "NL91ABNA0417164301",
    "DE58 6880 8605 0660 0707 31",
    "XX91ABNA0417164300",
    # Not phone numbers.
    "06-4821390",
    "06-123456789",
    "0031 6 1234567",
    "+34 655 218 906",
    "+32 2 123 45 67",
    "op 06-03-2024 12:00 gebeld",
    "op 06-03-2024 12.30 uur",
    "van 0900-1700 uur open",
    "tussen 09.00 en 12.30 uur, 08.30-17.00",
    "4587201936",
    # Not e-mail addresses.
    "@UWVnl op X",
    "www.uwv.nl",
    "jan@localhost",
    "foo @ bar.nl",
    # Not postcodes.
    "in 2019 is",
    "4300 en",
    "2024 om",
    "1234 SA, 1234SA, 1234 SD, 1234 SS, 1234 ss, postcode 1234 sa",
    "0123 AB",
    "postcode 0123 ab",
    "12345 AB",
    "1234 ABC",
    "1234-AB",
    "1500 km",
    "ik rijd 1500km per maand",
    "€ 1.234 EU",
    # Amounts, dates, years, times, percentages.
    "€ 1.234,56",
    "€ 98,45 per dag",
    "70% van 2024",
    "12-03-2024, 2024-03-11, 12/04/2024 om 10:30 en 16.45 uur",
    "Ik krijg sinds januari 2024 een uitkering",
]


@pytest.mark.parametrize(("text", "expected"), REPLACED)
def test_replaced(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("text", STAYS)
def test_stays(text):
    assert redact(text) == text
    assert find_personal_data(text) == []


def test_find_personal_data_reports_kind_span_and_placeholder():
    text = "BSN 111222333, NL91ABNA0417164300, 06-12345678, a@b.nl, 3012 AB."
    found = find_personal_data(text)
    assert [m.kind for m in found] == [BSN, IBAN, PHONE, EMAIL, POSTCODE]
    assert [m.placeholder for m in found] == [
        "[BSN]",
        "[IBAN]",
        "[TELEFOON]",
        "[E-MAIL]",
        "[POSTCODE]",
    ]
    assert [text[m.start : m.end] for m in found] == [
        "111222333",
        "NL91ABNA0417164300",
        "06-12345678",
        "a@b.nl",
        "3012 AB",
    ]
    assert found[0] == Match(BSN, 4, 13, "[BSN]")


def test_empty_and_trivial():
    assert redact("") == ""
    assert find_personal_data("") == []
    assert redact("geen gegevens") == "geen gegevens"


def test_checks():
    assert is_valid_bsn("111222333")
    assert is_valid_bsn("094091109")
    assert not is_valid_bsn("111222334")
    assert not is_valid_bsn("000000000")
    assert not is_valid_bsn("11122233")
    assert is_valid_iban("NL91 ABNA 0417 1643 00")
    assert is_valid_iban("nl91abna0417164300")
    assert not is_valid_iban("NL91ABNA0417164301")
    assert not is_valid_iban("NL91ABNA04171643")  # wrong length for NL


def test_long_adversarial_inputs_are_fast():
    import time

    texts = [
        "1" * 100_000,
        "1 " * 50_000,
        "a1" * 50_000,
        "a@" * 50_000,
        "a." * 50_000 + "@" + "b." * 50_000,
        "x@" + "a-" * 50_000,
        "NL91" * 25_000,
        "06 1234 " * 15_000,
        "postcode " * 15_000,
    ]
    start = time.perf_counter()
    for text in texts:
        redact(text)
    assert time.perf_counter() - start < 5


# --------------------------------------------------------------------------------------------
# 3. Properties
# --------------------------------------------------------------------------------------------

PROPERTY_SETTINGS = settings(max_examples=200, deadline=None)

WORDS = [
    "ik",
    "heb",
    "mijn",
    "uitkering",
    "nog",
    "niet",
    "ontvangen",
    "de",
    "het",
    "een",
    "en",
    "of",
    "maar",
    "wel",
    "graag",
    "snel",
    "brief",
    "klant",
    "WW",
    "WIA",
    "ZW",
    "Wajong",
    "bsn",
    "BSN",
    "rekening",
    "telefoon",
    "postcode",
    "mail",
    "UWV",
    "werkcoach",
    "terugvordering",
    "sinds",
    "januari",
    "bellen",
    "teruggebeld",
    "wachten",
    "weken",
    "dagen",
    "België",
    "Zoë",
    "café",
]
PUNCT = [",", ".", "!", "?", ":", ";", "(", ")", "-", "'", '"', "…"]
JOINERS = [" ", "\n", " ", "  "]

filler = st.lists(
    st.one_of(st.sampled_from(WORDS), st.sampled_from(PUNCT)), min_size=0, max_size=12
).map(" ".join)


def _bsn_check_digit(first8: list[int]) -> int:
    return sum(w * d for w, d in zip(range(9, 1, -1), first8, strict=True)) % 11


@st.composite
def valid_bsn_digits(draw) -> str:
    first8 = draw(st.lists(st.integers(0, 9), min_size=8, max_size=8))
    check = _bsn_check_digit(first8)
    assume(check != 10 and (any(first8) or check))
    return "".join(map(str, first8)) + str(check)


@st.composite
def invalid_bsn_digits(draw) -> str:
    digits = draw(st.text("0123456789", min_size=9, max_size=9))
    assume(not is_valid_bsn(digits))
    # 0800/0900 followed by five digits is a service phone number, not a BSN candidate.
    assume(not digits.startswith(("0800", "0900")))
    return digits


def group_bsn(digits: str, draw) -> str:
    style = draw(st.sampled_from(["together", "3-3-3", "4-2-3"]))
    if style == "together":
        return digits
    sep1 = draw(st.sampled_from([" ", ".", "-"]))
    sep2 = draw(st.sampled_from([sep1, " ", ".", "-"]))
    if style == "3-3-3":
        return f"{digits[:3]}{sep1}{digits[3:6]}{sep2}{digits[6:]}"
    return f"{digits[:4]}{sep1}{digits[4:6]}{sep2}{digits[6:]}"


@st.composite
def formatted_valid_bsn(draw) -> str:
    return group_bsn(draw(valid_bsn_digits()), draw)


def _iban_check_digits(country: str, bban: str) -> str:
    rearranged = bban + country + "00"
    number = int("".join(str(int(ch, 36)) for ch in rearranged))
    return f"{98 - number % 97:02d}"


UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
DIGITS = "0123456789"
# (country, BBAN structure: alphabet and length per part)
IBAN_FORMATS = {
    "NL": [(UPPER, 4), (DIGITS, 10)],
    "BE": [(DIGITS, 12)],
    "DE": [(DIGITS, 18)],
    "FR": [(DIGITS, 10), (UPPER + DIGITS, 11), (DIGITS, 2)],
    "GB": [(UPPER, 4), (DIGITS, 14)],
    "ES": [(DIGITS, 20)],
}


@st.composite
def valid_iban(draw) -> str:
    country = draw(st.sampled_from(sorted(IBAN_FORMATS)))
    bban = "".join(
        draw(st.text(alphabet, min_size=n, max_size=n)) for alphabet, n in IBAN_FORMATS[country]
    )
    compact = country + _iban_check_digits(country, bban) + bban
    if draw(st.booleans()):
        compact = " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))
    return draw(st.sampled_from([compact, compact.lower(), compact.upper()]))


@given(before=filler, bsn=formatted_valid_bsn(), after=filler, joiner=st.sampled_from(JOINERS))
@PROPERTY_SETTINGS
def test_valid_bsn_always_replaced_and_filler_unchanged(before, bsn, after, joiner):
    text = f"{before}{joiner}{bsn}{joiner}{after}"
    assert redact(text) == f"{before}{joiner}[BSN]{joiner}{after}"


@given(before=filler, digits=invalid_bsn_digits(), after=filler, data=st.data())
@PROPERTY_SETTINGS
def test_invalid_bsn_stays(before, digits, after, data):
    text = f"{before} {group_bsn(digits, data.draw)} {after}"
    assert redact(text) == text


@given(before=filler, iban=valid_iban(), after=filler, joiner=st.sampled_from(JOINERS))
@PROPERTY_SETTINGS
def test_valid_iban_always_replaced(before, iban, after, joiner):
    assert is_valid_iban(iban)
    text = f"{before}{joiner}{iban}{joiner}{after}"
    assert redact(text) == f"{before}{joiner}[IBAN]{joiner}{after}"


# Fragments that, glued together at random, make texts full of near misses.
fragments = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(PUNCT + [" ", "\n", "@", ".", "-", "+", "(", ")", "€ ", "0", "06", "+31"]),
    st.text(DIGITS, min_size=1, max_size=12),
    formatted_valid_bsn(),
    valid_iban(),
    st.sampled_from(
        ["06-12345678", "+31 (0)20 123 45 67", "0800-1234", "a.b@c.nl", "3012 AB", "3012ab"]
    ),
)
messy_text = st.one_of(
    st.lists(fragments, max_size=15).map("".join),
    st.lists(fragments, max_size=15).map(" ".join),
    st.text(max_size=80),
)


@given(text=messy_text)
@PROPERTY_SETTINGS
def test_idempotent(text):
    once = redact(text)
    assert redact(once) == once


@given(text=st.text(st.characters(blacklist_characters="0123456789@"), max_size=200))
@PROPERTY_SETTINGS
def test_text_without_digits_or_at_sign_is_unchanged(text):
    assert redact(text) == text
    assert find_personal_data(text) == []


@given(text=messy_text)
@PROPERTY_SETTINGS
def test_matches_are_ordered_disjoint_and_replace_exactly(text):
    found = find_personal_data(text)
    pieces = []
    pos = 0
    for m in found:
        assert pos <= m.start < m.end <= len(text)
        pieces += [text[pos : m.start], m.placeholder]
        pos = m.end
    pieces.append(text[pos:])
    assert redact(text) == "".join(pieces)


_ANY_BSN = re.compile(
    r"(?=(?<![0-9])("
    r"[0-9]{9}|[0-9]{3}[ .\-][0-9]{3}[ .\-][0-9]{3}|[0-9]{4}[ .\-][0-9]{2}[ .\-][0-9]{3}"
    r")(?![0-9]))"
)
_IBAN_START = re.compile(r"[A-Za-z]{2}[0-9]{2}")


def _contains_valid_bsn(text: str) -> bool:
    return any(is_valid_bsn(re.sub(r"[^0-9]", "", m.group(1))) for m in _ANY_BSN.finditer(text))


def _contains_valid_iban(text: str) -> bool:
    for m in _IBAN_START.finditer(text):
        for end in range(m.start() + 15, min(len(text), m.start() + 45) + 1):
            if is_valid_iban(text[m.start() : end]):
                return True
    return False


# Tokens separated by plain spaces, so nothing is glued to a longer number. Digit runs do not
# start with "00": "0034 612 345 609" is a foreign phone number and stays by design.
separated_text = st.lists(
    st.one_of(
        st.sampled_from(WORDS),
        st.text(DIGITS, min_size=1, max_size=12).filter(lambda t: not t.startswith("00")),
        formatted_valid_bsn(),
        valid_iban(),
    ),
    max_size=12,
).map(" ".join)


@given(text=separated_text)
@PROPERTY_SETTINGS
def test_output_never_contains_a_valid_bsn_or_iban(text):
    out = redact(text)
    assert not _contains_valid_bsn(out)
    assert not _contains_valid_iban(out)
