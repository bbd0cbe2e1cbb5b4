"""Talking to the UN Treaty Collection: fetching documents (untc) and parsing them (parse)."""
