"""The ways a request to the source can fail, named once: the fetch sets one on its error, the
refresher records it, `check-source` and the pages explain it (monitor.analysis.source_problems)."""

from __future__ import annotations

from enum import StrEnum


class Problem(StrEnum):
    """Why a document did not arrive (stored by its value in the refresher's status file)."""

    NAME = "name_not_resolved"  # DNS: offline, or the name cannot be looked up from here
    PROXY = "proxy"  # a proxy between this machine and the internet failed or refused
    TLS = "tls"  # the secure connection could not be set up (inspected traffic, a wrong clock)
    REFUSED = "refused"  # nothing listens at the address, or the site is down
    TIMEOUT = "timeout"  # no answer (or no data) in time
    BROKEN = "broken"  # the connection broke before the whole document arrived
    FORBIDDEN = "forbidden"  # 403: turned away, as a robot
    SERVER = "server_error"  # 5xx after retries, or UNTC's maintenance page
    HTML = "html_not_xml"  # a web page where the XML document was expected: UNTC moved it
    NOT_FOUND = "not_found"  # 404 in both volumes, or UNTC's PageNotFound page
    OTHER = "other"


# The source cannot be reached at all: a refresh stops early and backs off, the pages say since when.
UNREACHABLE = frozenset({Problem.NAME, Problem.PROXY, Problem.TLS, Problem.REFUSED, Problem.TIMEOUT,
                         Problem.BROKEN, Problem.FORBIDDEN, Problem.SERVER})


def parse_problem(value: object) -> Problem | None:
    """A stored problem's value back as a Problem (None for anything unknown or empty)."""
    try:
        return Problem(str(value)) if value else None
    except ValueError:
        return None
