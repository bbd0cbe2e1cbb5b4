"""The brief's address, /brief/<ISO3>.pdf?lang=en|fr|es, as a route of the served app (app.py).

Streamlit answers any unknown path with its page shell (status 200), so everything under /brief/ is
answered here: the PDF, or a short plain-text 404 that never repeats what was asked for (the address
is untrusted text). Nothing heavy is imported until a brief is asked for, so the app starts as fast.
"""

from __future__ import annotations

import logging
import re
import types

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from i18n import DEFAULT_LANGUAGE, LANGUAGES, check_language
from monitor.store.layout import data_dir
from views.freeze import paused_collector

PATH_RE = re.compile(r"(?P<code>[A-Za-z]{3})\.pdf")
LOG = logging.getLogger(__name__)
HEADERS = {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"}
USAGE = ("Ask for /brief/ followed by a three-letter ISO code and .pdf, such as /brief/MEX.pdf?lang=fr "
         f"(lang: {', '.join(LANGUAGES)}).")


def refuse(message: str, status: int = 404) -> Response:
    """A short plain-text answer (never HTML, never the request's own text)."""
    return PlainTextResponse(message + "\n", status_code=status, headers=HEADERS)


def brief_code() -> types.ModuleType:
    """views.brief_pdf, loaded at the first brief (not at server start) with the garbage collector paused, and
    frozen after (views/freeze.py): fpdf2, fontTools and pandas are large. The route and the country page's
    buttons load it here, and so does the bench's first-brief row."""
    with paused_collector(freeze=True):
        from views import brief_pdf
    return brief_pdf


async def brief(request: Request) -> Response:
    """The PDF brief of one State, in the language asked for."""
    match = PATH_RE.fullmatch(request.path_params.get("rest", ""))
    if not match:
        return refuse("No such brief. " + USAGE)
    asked = request.query_params.getlist("lang")
    lang = check_language(asked[-1]) if asked else DEFAULT_LANGUAGE
    if lang is None:
        return refuse("Unknown language. " + USAGE)
    code = match["code"].upper()
    pdf = brief_code()
    from contract.errors import DataFileError
    from monitor.analysis.brief import UnknownState  # loaded with the brief's code

    try:
        body = await run_in_threadpool(pdf.brief_bytes, data_dir(), code, lang)
    except UnknownState:
        return refuse("No State has this code. " + USAGE)
    except DataFileError as exc:
        return refuse(f"The data cannot be used ({exc.cause}). Run `python -m monitor refresh`, then try again.",
                      status=503)
    except Exception:  # a bug must not show a traceback to the reader; the server log keeps it
        LOG.exception("brief %s (%s) failed", code, lang)
        return refuse("The brief could not be made. The server log has the details.", status=500)
    headers = {"Content-Disposition": f'inline; filename="{pdf.brief_filename(code, lang)}"',
               "Cache-Control": "max-age=300", "X-Content-Type-Options": "nosniff"}
    return Response(body, media_type="application/pdf", headers=headers)
