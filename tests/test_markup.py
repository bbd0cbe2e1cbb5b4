"""The overview's headline cards (views.markup): well-formed, in order, hostile text inert."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from tests.test_svgmap import HOSTILE
from views.markup import cards


def parse(markup: str) -> ET.Element:
    """The <ul> of the cards, parsed as XML (fails on anything malformed)."""
    return ET.fromstring(markup[markup.index("<ul"):])


def test_each_card_is_a_list_item_with_its_label_then_its_value() -> None:
    markup = cards([("Parties", "51"), ("Art. 77 declarations", "5 of 10")], label="The Convention in figures")
    listed = parse(markup)
    assert listed.get("aria-label") == "The Convention in figures"  # what a screen reader announces first
    assert [(item.find("span").text, item.find("strong").text) for item in listed] == [
        ("Parties", "51"), ("Art. 77 declarations", "5 of 10")]
    assert markup.startswith("<style>") and "\n" not in markup  # a blank line would end Streamlit's HTML block


def test_hostile_text_stays_text() -> None:
    markup = cards([(text, text) for text in HOSTILE], label=HOSTILE[1])
    assert "<script" not in markup and "<img" not in markup  # no element but ours
    listed = parse(markup)
    assert listed.get("aria-label") == HOSTILE[1]
    assert [item.find("span").text for item in listed] == [item.find("strong").text for item in listed] == list(HOSTILE)
    assert ":smile:" not in markup and "\n" not in markup  # no emoji shortcode, no paragraph break
