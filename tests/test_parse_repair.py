"""UNTC's damaged bytes repaired on the bytes themselves (the parse's speed depends on not decoding and
encoding each document again): the same characters come out, in either encoding UNTC declares."""

from __future__ import annotations

from datetime import date

import pytest

from contract.errors import LayoutChanged
from scrapers.parse import parse_status
from tests.test_parse_rules import document


def utf8(data: bytes) -> bytes:
    """The same document declared and encoded as UTF-8."""
    text = data.decode("latin-1")
    declared = next(d for d in ("encoding='iso-8859-1'", 'encoding="iso-8859-1"') if d in text)
    return text.replace(declared, declared.replace("iso-8859-1", "utf-8")).encode("utf-8")


@pytest.mark.parametrize("encode", [lambda d: d, utf8], ids=["iso-8859-1", "utf-8"])
def test_control_bytes_and_bare_ampersands_become_the_intended_characters(encode):
    headers = ["Participant", "Signature", "Ratification"]
    data = encode(document(headers, [["Côte d'Ivoire", "1 Jan 2000", "2 Feb 2001"]],
                           conclusion="New York, 1 January 1990"))
    # UNTC's damage: U+201C/U+201D written as the bytes 0x1C/0x1D, U+2002 as 0x02, an ellipsis as a bare '&'.
    data = data.replace(b"<Titlesect>Test</Titlesect>", b"<Titlesect>\x1cTest\x1d\x02& more</Titlesect>")
    status = parse_status(data)
    assert status.title == "\u201cTest\u201d \u2026 more"
    assert status.participants[0].name == "Côte d'Ivoire"
    assert status.participants[0].consent.date == date(2001, 2, 2)


def test_a_document_not_in_its_declared_encoding_is_refused_with_the_cause():
    data = utf8(document(["Participant", "Signature"], [["Austria", "1 Jan 2000"]])).replace(b"Austria", b"Aus\xfftria")
    with pytest.raises(LayoutChanged, match="not valid utf-8 text"):
        parse_status(data)
