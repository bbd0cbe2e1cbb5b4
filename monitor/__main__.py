"""`python -m monitor`: the command line, with the static site's `publish` plugged in.

This module is an entry point, like app.py: tests/test_layout.py ranks it above publish/, which sits
above views/. So monitor.cli (the refresh's layer) never imports the drawing code; it is handed the
`publish` subcommand and the hook a refresh calls when it changed the data.
"""

import sys

from monitor.cli import main
from publish.cli import add_publish_parser, publish_hook, run_publish

sys.exit(main(commands={"publish": (add_publish_parser, run_publish)}, after_refresh=publish_hook))
