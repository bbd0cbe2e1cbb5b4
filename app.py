"""The served app: the dashboard, the change log's Atom feed at /feed.atom, the country briefs at
/brief/<ISO3>.pdf?lang=en|fr|es and the tab's icon at /favicon.png.

`streamlit run app.py` (what `make run` does) serves dashboard.py's pages, adds these routes, so
advocates can subscribe to `<address>/feed.atom`, and starts the background refresher once per server
(MONITOR_REFRESH_EVERY; see monitor/background.py). `streamlit run dashboard.py` still works, without
the feed address (the Changes page offers the feed as a download too) and without the background
refresh: that server only reads the data another job refreshes.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import streamlit as st
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route
from streamlit import delta_generator

from contract import REFRESH_COMMAND
from monitor import background  # light: starts the refresher as a child process, imports nothing heavy
from monitor.store import layout  # the light part of the store: no pandas at server start
from views.brief_route import brief  # light: the PDF code is imported at the first brief

FAVICON = Path(__file__).resolve().parent / "static" / "favicon.png"

# This file is only ever served by `streamlit run`, so Streamlit's one-time check, at the first element of the
# first page, whether it was imported in a Python REPL instead (inspect.stack() with the source lines of every frame
# and the absolute path of every loaded module: some 0.05-0.1 s of the first page's run on two cores,
# BENCHMARKS.md) has its answer: the warning it would print is not for us. A private flag: if a later Streamlit
# drops it, nothing is set and the check simply runs.
if hasattr(delta_generator, "_use_warning_has_been_displayed"):
    delta_generator._use_warning_has_been_displayed = True


async def feed(request: Request) -> Response:
    """The current feed.atom of the data directory, read at each request (a refresh shows at once)."""
    body = layout.read_feed(layout.data_dir())
    if body is None:
        return PlainTextResponse(f"No change feed yet: run `{REFRESH_COMMAND}`.", status_code=404)
    return Response(body, media_type="application/atom+xml", headers={"Cache-Control": "max-age=300"})


async def favicon(request: Request) -> Response:
    """The tab's icon (scripts/make_favicon.py), in place of Streamlit's own: served here rather than
    set with st.set_page_config, which would cost the first page's run (see that script)."""
    return FileResponse(FAVICON, media_type="image/png", headers={"Cache-Control": "max-age=86400"})


@contextlib.asynccontextmanager
async def lifespan(app: st.App) -> AsyncIterator[None]:
    """Once per server: start the background refresher (a child process; see monitor/background.py), and stop
    it when the server stops. The first page never waits for it."""
    child = background.start()
    try:
        yield
    finally:
        background.stop(child)


# Everything under /brief/ is answered by the brief route (a PDF or a plain 404), never by the page shell.
app = st.App("dashboard.py", lifespan=lifespan,
             routes=[Route("/feed.atom", feed), Route("/brief/{rest:path}", brief), Route("/favicon.png", favicon)])
