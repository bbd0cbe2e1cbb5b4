"""The words of a treaty action, one definition each, marked for the catalogs: the noun that names it
(a profile's or the brief's line, "Ratification: 22 March 1999") and the verb of a matrix cell
("Ratified 1999"). Two facts, not one: "Participation" names an action, "Participant" is what a cell
says of the State. Keyed by contract.model's action codes; tests/test_i18n.py checks both cover them.
"""

from __future__ import annotations

from i18n import N_

ACTION_WORDS = {
    "signature": N_("Signature"), "ratification": N_("Ratification"), "accession": N_("Accession"),
    "succession": N_("Succession"), "acceptance": N_("Acceptance"), "approval": N_("Approval"),
    "formal_confirmation": N_("Formal confirmation"), "definitive_signature": N_("Definitive signature"),
    "provisional_application": N_("Provisional application"), "provisional_acceptance": N_("Provisional acceptance"),
    "participation": N_("Participation"), "application": N_("Application"),
}
# A matrix cell says what the State did and when, in words a newcomer reads without a legend.
CONSENT_VERBS = {
    "ratification": N_("Ratified"), "accession": N_("Acceded"), "succession": N_("Succeeded"),
    "acceptance": N_("Accepted"), "approval": N_("Approved"), "formal_confirmation": N_("Confirmed"),
    "definitive_signature": N_("Signed definitively"),
    "provisional_application": N_("Applied provisionally"), "provisional_acceptance": N_("Accepted provisionally"),
    "participation": N_("Participant"), "application": N_("Applied"),
}

# A figure a source has no estimate for (never 0): the profile, the targets table and the brief say it so.
NO_DATA = N_("no data")
