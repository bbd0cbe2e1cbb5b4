"""Which declarations recognise a treaty body's competence to receive communications."""

from __future__ import annotations

import re
from dataclasses import replace

from contract.model import Section
from scrapers.parse import articles_in

RECOGNISES_RE = re.compile(
    r"\b(?:recogni[sz]|accept)(?:e|es|ed|s)?\b.{0,200}?\bcompetence\b"
    r"|\bcompetence\b.{0,40}\b(?:recogni[sz]|accept)", re.I | re.S)
# Turkey: "will recognize the competence ... at a later time" is a promise, not a recognition.
NOT_YET_RE = re.compile(r"\bat a later (time|date|stage)\b|\bdoes not (recogni[sz]e|accept)\b", re.I)
INTERSTATE_RE = re.compile(r"another State Party|State Party claims|one State Party", re.I)
INDIVIDUAL_RE = re.compile(r"\bindividuals?\b|\bpersons subject to\b|individual rights", re.I)


def recognises_competence(section: Section) -> bool:
    """True when the section's wording recognises (or accepts) a committee's competence now."""
    text = f"{section.title}\n{section.text}"
    return bool(RECOGNISES_RE.search(text)) and not NOT_YET_RE.search(text)


def competence_articles(section: Section, interstate: str, individual: str) -> tuple[str, ...]:
    """The competence articles a recognising section covers, named or inferred from its wording."""
    wanted = [a for a in (interstate, individual) if a]
    named = [a for a in section.articles if a in wanted] or [a for a in articles_in(section.text) if a in wanted]
    if not named:  # Guatemala names no article: tell the procedures apart by their wording
        if interstate and INTERSTATE_RE.search(section.text):
            named.append(interstate)
        if individual and INDIVIDUAL_RE.search(section.text):
            named.append(individual)
    return tuple(sorted(set(named), key=int))


def mark_competence(sections: list[Section], interstate: str = "", individual: str = "") -> list[Section]:
    """Relabel sections recognising a competence article of this treaty as section 'competence'.

    Only the treaty's own optional competence articles count (from data/treaties.csv): an
    interpretative declaration that merely mentions a committee's competence is not one.
    """
    marked = []
    for section in sections:
        if section.section in ("declaration", "reservation") and recognises_competence(section):
            articles = competence_articles(section, interstate, individual)
            if articles:
                section = replace(section, section="competence", articles=articles)
        marked.append(section)
    return marked
