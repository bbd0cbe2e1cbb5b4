"""The served app: the dashboard plus the change log's Atom feed at /feed.atom.

`streamlit run app.py` (what `make run` does) serves dashboard.py's pages and adds one route,
so advocates can subscribe to `<address>/feed.atom`. `streamlit run dashboard.py` still works,
without the feed address (the Changes page offers the feed as a download too).
"""

from __future__ import annotations

import streamlit as st
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from contract import REFRESH_COMMAND
from monitor.store import layout  # the light part of the store: no pandas at server start


async def feed(request: Request) -> Response:
    """The current feed.atom of the data directory, read at each request (a refresh shows at once)."""
    body = layout.read_feed(layout.data_dir())
    if body is None:
        return PlainTextResponse(f"No change feed yet: run `{REFRESH_COMMAND}`.", status_code=404)
    return Response(body, media_type="application/atom+xml", headers={"Cache-Control": "max-age=300"})


app = st.App("dashboard.py", routes=[Route("/feed.atom", feed)])
