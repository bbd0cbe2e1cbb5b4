"""Lobbying targets (/targets): whom do we push next? Drawn by views.targets_page (see there why a module)."""

from views.page import run_page
from views.targets_page import body

run_page(body)
