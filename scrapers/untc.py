"""Fetching MTDSG XML documents from the UN Treaty Collection, politely."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from monitor.errors import LayoutChanged, SourceUnavailable, TreatyNotFound
from monitor.model import TREATY_ID_RE, check_treaty_id

DEFAULT_BASE_URL = "https://treaties.un.org"
USER_AGENT = ("icrmw-monitor/0.1 (treaty ratification monitor for migrant-rights advocates; "
              "+https://github.com/icrmw-monitor/icrmw-monitor)")
ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}
MAINTENANCE_TEXT = b"urgent maintenance"


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


def make_session(retries: int = 4, backoff: float = 1.0, max_wait: float = 60.0) -> requests.Session:
    """One session with bounded retries on connection errors, 429 and 5xx, honouring Retry-After."""
    retry = Retry(total=retries, connect=retries, read=retries, status=retries,
                  backoff_factor=backoff, backoff_max=max_wait, retry_after_max=int(max_wait),
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
                 pause: float = 2.0, timeout: tuple[float, float] = (10.0, 60.0)) -> None:
        self.base_url = base_url or os.environ.get("MONITOR_SOURCE_URL") or DEFAULT_BASE_URL
        self.session = session or make_session()
        self.pause = pause
        self.timeout = timeout
        self.requests_made = 0
        self._last_request = 0.0

    def _wait_turn(self) -> None:
        wait = self._last_request + self.pause - time.monotonic()
        if wait > 0:
            time.sleep(wait)

    def _get(self, url: str, headers: dict[str, str], treaty_id: str) -> requests.Response:
        self._wait_turn()
        try:
            return self.session.get(url, headers=headers, timeout=self.timeout)
        except requests.RequestException as exc:  # with Retry, a read timeout arrives as ConnectionError
            raise SourceUnavailable(f"request failed after retries ({type(exc).__name__}: {exc})",
                                    treaty=treaty_id, source=url) from exc
        finally:
            self._last_request = time.monotonic()
            self.requests_made += 1

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
    if response.status_code != 200:
        raise SourceUnavailable(f"UNTC answered HTTP {response.status_code} after retries",
                                treaty=treaty_id, source=url)
    body = response.content
    head = body[:4096].lower()
    if MAINTENANCE_TEXT in body.lower():
        raise SourceUnavailable("UNTC served its maintenance page", treaty=treaty_id, source=url)
    if not body.strip():
        raise LayoutChanged("UNTC sent an empty document", treaty=treaty_id, source=url)
    if b"<html" in head or b"<!doctype html" in head:
        raise LayoutChanged("UNTC sent an HTML page instead of the XML document",
                            treaty=treaty_id, source=url)
    return FetchResult(url, body, response.headers.get("ETag"), response.headers.get("Last-Modified"))
