"""The data contract, the bottom layer: errors, the parsed types and columns, treaty ids, status
categories, the country reference and the tracked-treaty registry. It imports nothing of this project."""

from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
REFRESH_COMMAND = "python -m monitor refresh"  # what every "run the refresh" message tells the user to type
