"""The small exception family every layer raises; each message says what to do next."""

from __future__ import annotations

from contract import REFRESH_COMMAND
from contract.problems import Problem


class MonitorError(Exception):
    """Root of every error this project raises on purpose."""

    hint = "See the README section 'When a refresh fails'."
    problem: Problem | None = None  # how the source failed, when it did (contract.problems)

    def __init__(self, cause: str, *, treaty: str | None = None, source: str | None = None,
                 hint: str | None = None, problem: Problem | None = None) -> None:
        super().__init__(cause)
        self.cause = cause
        self.treaty = treaty
        self.source = source
        if hint:
            self.hint = hint
        if problem:
            self.problem = problem

    def with_context(self, *, treaty: str | None = None, source: str | None = None) -> MonitorError:
        """Fill in the treaty and URL/file where the raiser could not know them."""
        self.treaty = self.treaty or treaty
        self.source = self.source or source
        return self

    def __str__(self) -> str:
        where = f" [{self.source}]" if self.source else ""
        who = f"{self.treaty}: " if self.treaty else ""
        return f"{who}{self.cause}{where}. {self.hint}"


class InvalidTreatyId(MonitorError):
    """The id is not a UNTC mtdsg_no such as IV-13 or XVIII-12-a: fix the command line."""

    hint = "Use a UNTC treaty id such as IV-13, IV-8-b or XVIII-12-a."


class SourceUnavailable(MonitorError):
    """UNTC did not give us a document (network, 5xx, maintenance page): try again later."""

    hint = "UNTC may be down or unreachable; nothing was changed. Try again later."
    problem = Problem.SERVER


class TreatyNotFound(SourceUnavailable):
    """UNTC has no document under that id (404 or its PageNotFound page): check the id."""

    hint = "Check the treaty id against the UNTC status page; nothing was changed."
    problem = Problem.NOT_FOUND


class LayoutChanged(MonitorError):
    """The document is not laid out as expected: the parser needs a look before data is trusted."""

    hint = ("The source layout may have changed; nothing was changed. Save the document "
            "(--source-file) and open an issue.")


class UnknownParticipant(MonitorError):
    """A participant name is missing from data/reference/countries.csv: add it after review."""

    hint = "Add the name to data/reference/countries.csv (see the README runbook), then refresh again."


class ValidationFailed(MonitorError):
    """Parsed data failed a sanity check (counts, dates, a large drop): old data was kept."""

    hint = "Old data was kept. Check the source page; if the change is real, rerun with --accept-drop."


class RefreshLocked(MonitorError):
    """Another refresh holds the data directory's lock."""

    hint = "Another refresh is running on this data directory; wait for it to finish and retry."


class DataFileError(MonitorError):
    """A local data file is missing or corrupt."""

    hint = f"Run `{REFRESH_COMMAND}` to rebuild it (or restore data/ from git)."
