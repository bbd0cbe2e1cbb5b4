"""Fetching MTDSG XML documents from the UN Treaty Collection, politely."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import InvalidHeader, MaxRetryError, ResponseError
from urllib3.util.retry import Retry

from contract.errors import LayoutChanged, SourceUnavailable, TreatyNotFound
from contract.ids import TREATY_ID_RE, check_treaty_id
from contract.problems import Problem

DEFAULT_BASE_URL = "https://treaties.un.org"
USER_AGENT = ("icrmw-monitor/0.1 (treaty ratification monitor for migrant-rights advocates; "
              "+https://github.com/icrmw-monitor/icrmw-monitor)")
ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}
MAINTENANCE_TEXT = b"urgent maintenance"
# Defaults of the HTTP settings; each can be changed by an environment variable (slow links, tests).
RETRIES = 4
RETRY_BACKOFF = 1.0  # $MONITOR_RETRY_BACKOFF: backoff factor, waits of 1x, 2x, 4x, 8x ... seconds
RETRY_MAX_WAIT = 60.0  # $MONITOR_RETRY_MAX_WAIT: total seconds of retrying (backoff + Retry-After) per request
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 60.0  # $MONITOR_READ_TIMEOUT: seconds without a byte from UNTC before giving up


def env_seconds(name: str, default: float) -> float:
    """A non-negative number of seconds from the environment, or the default when unset."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value >= 0:
        raise ValueError(f"${name} must be a number of seconds (0 or more), not {raw!r}")
    return value


@dataclass(frozen=True)
class FetchResult:
    """What a fetch gave: the body, or not_modified for a 304, with the cache validators."""

    url: str
    content: bytes | None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        """True when the server answered 304 (the document did not change)."""
        return self.content is None


def roman_to_int(roman: str) -> int:
    """Convert a chapter number such as XXVII."""
    values = [ROMAN[c] for c in roman]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def document_url(treaty_id: str, base_url: str, volume: str | None = None) -> str:
    """The MTDSG XML address; chapters XXI and later live in Volume II."""
    chapter = TREATY_ID_RE.match(check_treaty_id(treaty_id)).group("chapter")
    volume = volume or ("II" if roman_to_int(chapter) >= 21 else "I")
    return (f"{base_url.rstrip('/')}/doc/Publication/MTDSG/Volume%20{volume}/"
            f"Chapter%20{chapter}/{treaty_id}.en.xml")


def check_http_settings() -> None:
    """Raise ValueError if one of the MONITOR_* HTTP environment variables is not a valid number."""
    for name in ("MONITOR_RETRY_BACKOFF", "MONITOR_RETRY_MAX_WAIT", "MONITOR_READ_TIMEOUT"):
        env_seconds(name, 0.0)


class BoundedRetry(Retry):
    """urllib3's Retry with a budget on the total time spent retrying one request.

    urllib3 caps each single wait (`backoff_max`, `retry_after_max`) but not their sum, nor the
    time lost to timeouts between attempts: 4 retries of Retry-After 60 would wait 4 minutes.
    Here the clock starts at the first failure; a retry whose wait would end past `max_total_wait`
    is not made (the last answer or error is returned), and a Retry-After longer than the budget
    gives up at once instead of asking UNTC again before it said we may.
    """

    def __init__(self, *args, max_total_wait: float = RETRY_MAX_WAIT, started: float | None = None,
                 **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.max_total_wait = max_total_wait
        self.started = started

    def new(self, **kw) -> BoundedRetry:
        kw.setdefault("max_total_wait", self.max_total_wait)
        kw.setdefault("started", self.started)
        return super().new(**kw)

    def get_backoff_time(self) -> float:
        """urllib3 retries the first failure at once (0, 2x, 4x ...); UNTC gets a breather first (1x, 2x, 4x ...)."""
        backoff = super().get_backoff_time()
        return backoff if backoff or not self.history else min(self.backoff_max, self.backoff_factor)

    def next_wait(self, response=None) -> float:
        """What `sleep` will wait before the next attempt: Retry-After if given, else the backoff."""
        if self.respect_retry_after_header and response is not None:
            try:
                retry_after = self.get_retry_after(response)
            except InvalidHeader:
                retry_after = None
            if retry_after:
                return retry_after
        return self.get_backoff_time()

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):
        started = self.started if self.started is not None else time.monotonic()
        new_retry = super().increment(method, url, response=response, error=error, _pool=_pool,
                                      _stacktrace=_stacktrace)
        new_retry.started = started
        wait = new_retry.next_wait(response)
        if time.monotonic() - started + wait > self.max_total_wait:
            reason = error or ResponseError(f"retrying would exceed {self.max_total_wait:g} s "
                                            f"(next wait {wait:g} s)")
            raise MaxRetryError(_pool, url, reason) from reason
        return new_retry


def make_session(retries: int = RETRIES, backoff: float | None = None, max_wait: float | None = None,
                 ) -> requests.Session:
    """One session with retries on connection errors, 429 and 5xx, honouring Retry-After.

    `backoff` (default $MONITOR_RETRY_BACKOFF or 1 s) is urllib3's backoff factor; `max_wait`
    (default $MONITOR_RETRY_MAX_WAIT or 60 s) bounds the total time spent retrying one request.
    """
    backoff = env_seconds("MONITOR_RETRY_BACKOFF", RETRY_BACKOFF) if backoff is None else backoff
    max_wait = env_seconds("MONITOR_RETRY_MAX_WAIT", RETRY_MAX_WAIT) if max_wait is None else max_wait
    retry = BoundedRetry(total=retries, connect=retries, read=retries, status=retries,
                         backoff_factor=backoff, backoff_max=max_wait, max_total_wait=max_wait,
                         retry_after_max=10**9,  # BoundedRetry refuses waits past the budget instead
                         status_forcelist=(429, 500, 502, 503, 504), allowed_methods=frozenset({"GET"}),
                         respect_retry_after_header=True, raise_on_status=False)
    session = requests.Session()
    session.mount("http://", HTTPAdapter(max_retries=retry))
    session.mount("https://", HTTPAdapter(max_retries=retry))
    session.headers.update({"User-Agent": USER_AGENT, "Accept": "application/xml, text/xml"})
    return session


class Fetcher:
    """Fetches one document at a time, pausing between requests so UNTC is never hammered."""

    def __init__(self, base_url: str | None = None, session: requests.Session | None = None,
                 pause: float = 2.0, timeout: tuple[float, float] | None = None) -> None:
        self.base_url = base_url or os.environ.get("MONITOR_SOURCE_URL") or DEFAULT_BASE_URL
        self.session = session or make_session()
        self.pause = pause
        self.timeout = timeout or (CONNECT_TIMEOUT, env_seconds("MONITOR_READ_TIMEOUT", READ_TIMEOUT))
        self.requests_made = 0
        self._last_request = 0.0

    def _wait_turn(self) -> None:
        wait = self._last_request + self.pause - time.monotonic()
        if wait > 0:
            time.sleep(wait)

    def _get(self, url: str, headers: dict[str, str], treaty_id: str) -> requests.Response:
        for _attempt in range(2):
            self._wait_turn()
            try:
                return self.session.get(url, headers=headers, timeout=self.timeout)
            except requests.exceptions.ChunkedEncodingError as exc:
                failure = exc  # the body broke off after the headers: urllib3's Retry never sees it; once more
            except requests.RequestException as exc:  # with Retry, a read timeout arrives as ConnectionError
                failure = exc
                break
            finally:
                self._last_request = time.monotonic()
                self.requests_made += 1
        cause, problem = describe_failure(failure, self.timeout)
        raise SourceUnavailable(f"request failed after retries: {cause}", treaty=treaty_id, source=url,
                                problem=problem) from failure

    def fetch_status(self, treaty_id: str, etag: str | None = None,
                     last_modified: str | None = None) -> FetchResult:
        """Fetch a treaty's XML, trying the other volume once on a 404; conditional on validators."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        url = document_url(treaty_id, self.base_url)
        response = self._get(url, headers, treaty_id)
        if response.status_code == 404:
            other = "I" if "Volume%20II/" in url else "II"
            url = document_url(treaty_id, self.base_url, other)
            response = self._get(url, headers, treaty_id)
        return check_response(response, treaty_id, url)


def describe_failure(exc: requests.RequestException, timeout: tuple[float, float]) -> tuple[str, Problem]:
    """A plain cause for a failed request, and its kind (urllib3 wraps the real one in MaxRetryError text)."""
    text = f"{type(exc).__name__} {exc}"
    if isinstance(exc, requests.exceptions.ProxyError) or "ProxyError" in text:
        cause, problem = "the proxy failed or refused the connection", Problem.PROXY
    elif "ConnectTimeout" in text:
        cause, problem = f"could not connect within the {timeout[0]:g} s connect timeout", Problem.TIMEOUT
    elif "Read timed out" in text or "ReadTimeout" in text:
        cause, problem = f"no data within the {timeout[1]:g} s read timeout", Problem.TIMEOUT
    elif "Connection refused" in text:
        cause, problem = "connection refused", Problem.REFUSED
    elif "IncompleteRead" in text or isinstance(exc, requests.exceptions.ChunkedEncodingError):
        cause, problem = "the connection broke before the whole document arrived", Problem.BROKEN
    elif ("NameResolutionError" in text or "Name or service not known" in text
          or "Temporary failure in name resolution" in text or "No address associated" in text):
        cause, problem = "cannot resolve the host name", Problem.NAME
    elif "Connection reset" in text or "RemoteDisconnected" in text:
        cause, problem = "the connection was reset", Problem.BROKEN
    elif "SSLError" in text or isinstance(exc, requests.exceptions.SSLError):
        cause, problem = "TLS/SSL error", Problem.TLS
    else:
        return f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}", Problem.OTHER
    return f"{cause} ({type(exc).__name__})", problem


def check_response(response: requests.Response, treaty_id: str, url: str) -> FetchResult:
    """Turn a response into a FetchResult, or an error that says what went wrong."""
    final_url = response.url or url
    if "pagenotfound" in final_url.lower():  # UNTC redirects unknown treaties, with status 200
        raise TreatyNotFound("UNTC has no such treaty (redirected to its PageNotFound page)",
                             treaty=treaty_id, source=url)
    if response.status_code == 304:
        return FetchResult(url, None, response.headers.get("ETag"), response.headers.get("Last-Modified"))
    if response.status_code == 404:
        raise TreatyNotFound("UNTC answered 404 Not Found in both volumes", treaty=treaty_id, source=url)
    if response.status_code == 403:
        raise SourceUnavailable("UNTC answered 403 Forbidden (turned away, as a robot)", treaty=treaty_id,
                                source=url, problem=Problem.FORBIDDEN)
    if response.status_code != 200:
        retry_after = response.headers.get("Retry-After")
        asked = f" (Retry-After: {retry_after[:40]})" if retry_after else ""
        raise SourceUnavailable(f"UNTC answered HTTP {response.status_code}{asked} after retries",
                                treaty=treaty_id, source=url)
    body = response.content
    head = body[:4096].lower()
    if MAINTENANCE_TEXT in body.lower():
        raise SourceUnavailable("UNTC served its maintenance page", treaty=treaty_id, source=url)
    if not body.strip():
        raise LayoutChanged("UNTC sent an empty document", treaty=treaty_id, source=url)
    if b"<html" in head or b"<!doctype html" in head:
        raise LayoutChanged("UNTC sent an HTML page instead of the XML document",
                            treaty=treaty_id, source=url, problem=Problem.HTML)
    return FetchResult(url, body, response.headers.get("ETag"), response.headers.get("Last-Modified"))
