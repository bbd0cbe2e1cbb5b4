"""Generated MTDSG documents of any size, with real participant names so the whole pipeline runs."""

from __future__ import annotations

import random
from datetime import date, timedelta

from contract.countries import load_countries

MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def untc_date(day: date) -> str:
    """A date the way UNTC writes it in tables: '5 Jun 2007'."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def make_document(participants: int = 200, declarations: int = 150, seed: int = 1,
                  title: str = "Synthetic Convention") -> bytes:
    """A valid document: `participants` rows, `declarations` declaration blocks, consistent counts."""
    rng = random.Random(seed)
    countries = load_countries()
    names = sorted(countries.drop_duplicates("iso3")["name"])[:participants]
    rows, signed, parties = [], 0, 0
    for name in names:
        sign = date(1991, 1, 1) + timedelta(days=rng.randrange(11000)) if rng.random() < 0.7 else None
        consent = date(1991, 6, 1) + timedelta(days=rng.randrange(11000)) if rng.random() < 0.8 else None
        marker = rng.choice(["", "", " a", " d", " A", " AA"])
        signed += sign is not None
        parties += consent is not None
        cells = [name, untc_date(sign) if sign else "", untc_date(consent) + marker if consent else ""]
        rows.append("<Row>" + "".join(f"<Entry>{c}</Entry>" if c else "<Entry />" for c in cells) + "</Row>")
    blocks = []
    for i in range(declarations):
        name = names[i % len(names)]
        blocks.append(
            f"<Declaration><Participant>{name}&lt;superscript&gt;{i % 9 + 1}&lt;/superscript&gt;</Participant>"
            f"<text>&lt;right&gt;{untc_date(date(2000, 1, 1) + timedelta(days=i))}&lt;/right&gt;</text>"
            f"<text type=\"title\">Reservation concerning article {i % 90 + 1}:</text>"
            + "".join(f"<text type=\"para\">Paragraph {p} of a reservation with &lt;i&gt;some&lt;/i&gt; "
                      f"words \x1cquoted\x1d and more words to make it realistic in length.</text>"
                      for p in range(4))
            + "</Declaration>")
    xml = f"""<?xml version="1.0" encoding="iso-8859-1"?>
<Document><Treaty><Header><Chapter><Header>CHAPTER IV</Header><Name>HUMAN RIGHTS</Name></Chapter>
<ExternalData><Numsect>99</Numsect><Titlesect>{title}</Titlesect>
<Conclusion>New York, 18 December 1990</Conclusion><EIF><Labeltext>1 July 2003.</Labeltext></EIF>
<Registration><Labeltext>1 July 2003, No. 1</Labeltext></Registration>
<Status><Signatories>{signed}</Signatories><Parties>{parties}</Parties></Status></ExternalData></Header>
<Participants><Table><TGroup cols="3"><Thead><Row><Entry>Participant</Entry>
<Entry>Signature, Succession to signature(d)</Entry><Entry>Ratification, Accession(a), Succession(d)</Entry>
</Row></Thead><Tbody><Rows>{''.join(rows)}</Rows></Tbody></TGroup></Table></Participants>
<Declarations>{''.join(blocks)}</Declarations></Treaty></Document>
"""
    return xml.encode("latin-1")
