"""The status categories a State can be in for a treaty: monitor.analysis.status derives them, pages branch on them."""

PARTY_RATIFICATION = "Party (ratification)"
PARTY_ACCESSION = "Party (accession or succession)"
SIGNED = "Signed, not ratified"
NO_ACTION = "No action"
WITHDRAWN = "Withdrawn"
STATUS_ORDER = [PARTY_RATIFICATION, PARTY_ACCESSION, SIGNED, NO_ACTION, WITHDRAWN]
PARTY_STATUSES = (PARTY_RATIFICATION, PARTY_ACCESSION)

# Okabe-Ito colours (safe for the common colour-vision deficiencies); status is also always
# written in text, so colour is never the only carrier.
STATUS_COLORS = {
    PARTY_RATIFICATION: "#0072B2",  # blue
    PARTY_ACCESSION: "#56B4E9",  # sky blue
    SIGNED: "#E69F00",  # orange
    NO_ACTION: "#BDBDBD",  # grey (darker than the plain land of non-States)
    WITHDRAWN: "#CC79A7",  # reddish purple
}
