"""What each way of failing to reach UNTC means, and what to try: the one definition that
`python -m monitor check-source` prints and the pages show (translated). Light: no pandas."""

from __future__ import annotations

from dataclasses import dataclass

from contract.problems import Problem
from i18n import N_

CHECK_COMMAND = "python -m monitor check-source"


@dataclass(frozen=True)
class Explanation:
    """A failure in plain words: what happened, and what to try (English; the pages translate both)."""

    happened: str
    to_try: str


EXPLANATIONS: dict[Problem, Explanation] = {
    Problem.NAME: Explanation(
        N_("The address of the UN Treaty Collection could not be found: this computer is not connected to the "
           "internet, or its network cannot look up the name treaties.un.org."),
        N_("Check that this computer is online (open https://treaties.un.org in a browser on it). On an office "
           "network, ask its administrator whether that site is blocked.")),
    Problem.PROXY: Explanation(
        N_("The network's proxy (the gateway some offices use to reach the internet) failed or refused the "
           "connection."),
        N_("If your network needs a proxy, set HTTPS_PROXY to its address before starting the dashboard; if it "
           "does not, remove HTTPS_PROXY and HTTP_PROXY from the environment.")),
    Problem.TLS: Explanation(
        N_("The secure connection to the UN site could not be set up. A network that inspects traffic, or a "
           "wrong date and time on this computer, usually causes this."),
        N_("Check this computer's date and time. On an office network that inspects traffic, ask for its "
           "certificate and set REQUESTS_CA_BUNDLE to that file.")),
    Problem.REFUSED: Explanation(
        N_("The UN Treaty Collection's server refused the connection: the site is down, or the address is "
           "wrong."),
        N_("Nothing: the dashboard tries again later by itself. If it lasts for days, check the address "
           "(MONITOR_SOURCE_URL).")),
    Problem.TIMEOUT: Explanation(
        N_("The UN Treaty Collection did not answer in time: the site or the connection is slow."),
        N_("Nothing: the dashboard tries again later by itself. On a slow connection, set MONITOR_READ_TIMEOUT "
           "to more seconds.")),
    Problem.BROKEN: Explanation(
        N_("The connection broke before the whole document arrived."),
        N_("Nothing: the dashboard tries again later by itself.")),
    Problem.FORBIDDEN: Explanation(
        N_("The UN Treaty Collection turned the request away (403 Forbidden): its site may have taken the "
           "request for a robot's."),
        N_("Wait a day: the dashboard tries again later, slowly. If it lasts, refresh from another network or "
           "with the scheduled workflow (deploy/README.md).")),
    Problem.SERVER: Explanation(
        N_("The UN Treaty Collection's site had an error or was under maintenance."),
        N_("Nothing: the dashboard tries again later by itself.")),
    Problem.HTML: Explanation(
        N_("The UN Treaty Collection sent a web page where the treaty's data file (XML) was expected: it may "
           "have moved its documents."),
        N_("Open the treaty's status page on the UN Treaty Collection to check it, and report the address on the "
           "project's issue tracker so that the refresh can follow the move.")),
    Problem.NOT_FOUND: Explanation(
        N_("The UN Treaty Collection has no document at that address."),
        N_("Check the treaty's id against its UNTC status page.")),
    Problem.OTHER: Explanation(
        N_("The request to the UN Treaty Collection failed for another reason."),
        N_("Run {command} in the project folder: it says what happened for each treaty.")),
}


def explain(problem: Problem | None) -> Explanation:
    """The plain words for a problem (the generic ones when it is unknown)."""
    return EXPLANATIONS[problem or Problem.OTHER]


def in_words(problem: Problem | None, translate=lambda text: text) -> tuple[str, str]:
    """(what happened, what to try) in the reader's language (`translate` is its gettext; English by default)."""
    found = explain(problem)
    return translate(found.happened), translate(found.to_try).format(command=CHECK_COMMAND)
