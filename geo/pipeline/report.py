"""What a pipeline run reports: one ``FileResult`` per file, upload or bad path, and the run's one-line summary."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

# progress(done, total, name), called after each item of a run.
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class FileResult:
    """What happened to one file: ok (stored, unchanged, or recorded as another source) or failed, with a message.

    ``duplicate_of`` names the stored article whose text the file repeats under another name.
    """

    path: str
    ok: bool
    message: str
    events: int = 0
    changed: bool = False
    duplicate_of: str = ""


@dataclass
class RunReport:
    """Per-file results of one ingest run."""

    results: list[FileResult] = field(default_factory=list)

    @property
    def failures(self) -> list[FileResult]:
        """The files and paths that could not be ingested."""
        return [r for r in self.results if not r.ok]

    @property
    def ok(self) -> bool:
        """True when every file went in."""
        return not self.failures

    def summary(self) -> str:
        """One line: files, stored, unchanged, newly recorded as another source, failed, and events.

        Examples
        --------
        >>> RunReport([FileResult("a.txt", True, "", 2, True), FileResult("b.txt", True, "", 0, True, "a.txt"),
        ...            FileResult("c.pdf", False, "c.pdf: unsupported")]).summary()
        '3 file(s): 1 stored, 0 unchanged, 1 same text as a stored article, 1 failed; 2 event(s)'
        """
        good = [r for r in self.results if r.ok]
        stored = sum(r.changed and not r.duplicate_of for r in good)
        same = sum(r.changed and bool(r.duplicate_of) for r in good)
        same_text = f"{same} same text as a stored article, " if same else ""
        return (f"{len(self.results)} file(s): {stored} stored, {sum(not r.changed for r in good)} unchanged, "
                f"{same_text}{len(self.failures)} failed; {sum(r.events for r in good)} event(s)")


def result_line(result: FileResult) -> str:
    """One line for a result: ``name: message`` (the name is not repeated if the message starts with it)."""
    name = result.path.replace("\\", "/").rsplit("/", 1)[-1]
    return result.message if result.message.startswith((name, result.path)) else f"{name}: {result.message}"
