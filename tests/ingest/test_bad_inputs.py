"""The catalogue of bad input: for each kind, the words of its message, the exit code of ``python -m geo``, and that
the good files of the same batch are stored anyway (issue 11; the README's "Bad input" section lists the same).

Every case builds one batch: a folder holding two good articles, plus the bad input (inside the folder or given
as another path). The command line runs in this process (through ``geo.cli.main``, under an alarm so that a
regression that blocks on a pipe fails instead of hanging), except the permission cases, which need a child
process that cannot bypass file permissions.
"""
from __future__ import annotations

import codecs
import ctypes
import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from geo.cli import main
from geo.store import open_store
from tests.needs import need

REPO = Path(__file__).resolve().parents[2]
GOOD_A = "Two U.S. B-1B bombers based in Guam flew over South Korea on Sept. 18, 2017, the ministry said.\n"
GOOD_B = "# Missiles\n\nNorth Korea fired two ballistic missiles into the East Sea on Sept. 19, 2017.\n"
GOOD_NAMES = ["good_a.txt", "good_b.md"]
SUPPORTED = "expected one of ['.csv', '.gz', '.htm', '.html', '.jsonl', '.markdown', '.md', '.ndjson', '.parquet', '.pq', '.txt', '.warc']"


@dataclass(frozen=True)
class Case:
    """One kind of bad input: how to make it, and what the run must say and return."""

    kind: str
    make: Callable[[Path], list[str]]  # builds it in the batch folder; returns paths to add to the command line
    words: tuple[str, ...]  # every one must be in the line that reports it
    exit_code: int = 1
    prefix: str = "FAILED"
    options: tuple[str, ...] = ()
    unprivileged: bool = False  # needs a process that file permissions apply to


def _file(name: str, data: bytes | str) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        return []
    return make


def _with_sidecar(meta: object, raw: bytes | None = None) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        (folder / "dated.txt").write_text("Four F-35A jets flew over the Yellow Sea on Sunday.\n", encoding="utf-8")
        (folder / "dated.meta.json").write_bytes(raw if raw is not None else json.dumps(meta).encode("utf-8"))
        return []
    return make


def _fifo(name: str) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        os.mkfifo(folder / name)
        return []
    return make


def _sparse(folder: Path) -> list[str]:
    with open(folder / "huge.txt", "wb") as f:
        f.truncate(3_000_000_000)  # 3 GB that take no disk
    return []


def _link(name: str, target: str | Callable[[Path], str]) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        (folder / name).symlink_to(target(folder) if callable(target) else target)
        return []
    return make


def _outside(make_path: Callable[[Path], Path]) -> Callable[[Path], list[str]]:
    """A bad path given on the command line beside the folder."""
    return lambda folder: [str(make_path(folder))]


def _self_loop(folder: Path) -> Path:
    loop = folder.parent / "loop"
    loop.symlink_to(loop)
    return loop


def _socket(folder: Path) -> list[str]:
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(folder / "listening.txt"))
    _SOCKETS.append(sock)
    return []


_SOCKETS: list[socket.socket] = []


def _unreadable_file(folder: Path) -> list[str]:
    (folder / "secret.txt").write_text(GOOD_A.replace("Sept. 18", "Sept. 20"), encoding="utf-8")
    (folder / "secret.txt").chmod(0)
    return []


def _unreadable_folder(folder: Path) -> list[str]:
    sub = folder / "locked"
    sub.mkdir()
    (sub / "inside.txt").write_text(GOOD_A.replace("Sept. 18", "Sept. 21"), encoding="utf-8")
    sub.chmod(0)
    return []


def _sidecar_folder(folder: Path) -> list[str]:
    (folder / "dated.txt").write_text("Four F-35A jets flew over the Yellow Sea on Sunday.\n", encoding="utf-8")
    (folder / "dated.meta.json").mkdir()
    return []


def _sidecar_fifo(folder: Path) -> list[str]:
    (folder / "dated.txt").write_text("Four F-35A jets flew over the Yellow Sea on Sunday.\n", encoding="utf-8")
    os.mkfifo(folder / "dated.meta.json")
    return []


CASES = [
    Case("empty file", _file("empty.txt", b""), ("empty.txt", "file is empty", "expected the text of a news article")),
    Case("whitespace only", _file("blank.txt", b"  \n\t\r\n  "), ("blank.txt", "file is empty", "only whitespace")),
    Case("binary", _file("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))),
         ("image.txt", "looks binary", "NUL bytes")),
    Case("NUL bytes in text", _file("nul.txt", GOOD_A.encode() * 50 + b"\x00" + GOOD_A.encode()),
         ("nul.txt", "looks binary", f"NUL bytes, the first at offset {len(GOOD_A.encode()) * 50}")),
    Case("control characters", _file("controls.txt", "Jets \x01\x02\x03\x04\x05\x06 flew.\x07\x08"),
         ("controls.txt", "looks binary", "control characters")),
    Case("bad UTF-8", _file("latin1.txt", "Bombardiers au-dessus de la Corée, a dit le ministère.".encode("latin-1")),
         ("latin1.txt", "not UTF-8 text (byte 0xe9 at offset 31)", "re-save the file as UTF-8")),
    Case("UTF-16 without BOM", _file("utf16.txt", GOOD_A.encode("utf-16-le")),
         ("utf16.txt", "UTF-16 text (LE) without a byte-order mark", "re-save the file as UTF-8")),
    Case("broken UTF-16", _file("broken16.txt", codecs.BOM_UTF16_LE + "Jets".encode("utf-16-le") + b"!"),
         ("broken16.txt", "broken UTF-16 text", "re-save the file as UTF-8")),
    Case("huge file", _sparse, ("huge.txt", "file is 3000.0 MB, larger than the 5.0 MB limit", "GEO_MAX_FILE_MB")),
    Case("over a lowered limit", _file("long.txt", GOOD_A * 200),
         ("long.txt", "larger than the 0.0 MB limit", "split it into one file per article"),
         options=("GEO_MAX_FILE_MB=0.01",)),
    Case("named pipe", _fifo("pipe.txt"), ("pipe.txt", "not a regular file (a named pipe)", "without reading it")),
    Case("device given as a path", _outside(lambda folder: Path("/dev/zero")),
         ("/dev/zero", "not a regular file (a character device)")),
    Case("link to a device", _link("zero.txt", "/dev/zero"), ("zero.txt", "not a regular file (a character device)")),
    Case("socket", _socket, ("listening.txt", "not a regular file (a socket)")),
    Case("folder loop", _link("again", lambda folder: str(folder)),
         ("again", "symbolic link loop", "leads back to a folder that contains it")),
    Case("symbolic link loop given as a path", _outside(_self_loop), ("loop", "symbolic link loop", "skipped")),
    Case("broken link", _link("gone.txt", "/no/such/target.txt"),
         ("gone.txt", "broken symbolic link", "'/no/such/target.txt'", "does not exist")),
    Case("missing path", _outside(lambda folder: folder.parent / "nowhere"), ("nowhere", "no such file or folder")),
    Case("unreadable file", _unreadable_file, ("secret.txt", "cannot read file (Permission denied)",
                                               "check its permissions"), unprivileged=True),
    Case("unreadable folder", _unreadable_folder, ("locked", "cannot read folder (Permission denied)",
                                                   "were not read"), unprivileged=True),
    Case("PDF in a folder", _file("report.pdf", b"%PDF-1.7\n"), ("report.pdf", "unsupported file type '.pdf'", SUPPORTED)),
    Case("Word file in a folder", _file("memo.docx", b"PK\x03\x04"), ("memo.docx", "unsupported file type '.docx'")),
    Case("file without a suffix", _file("README", "notes"), ("README", "unsupported file type '(none)'")),
    Case("unsupported file given as a path", _outside(lambda folder: _made(folder.parent / "table.xlsx", "a,b")),
         ("table.xlsx", "unsupported file type '.xlsx'", SUPPORTED)),
    Case("HTML with only scripts", _file("scripts.html", "<html><head><title>T</title><script>alert(1)</script>"
                                                          "</head><body><script>x()</script><style>p{}</style></body>"),
         ("scripts.html", "no article text left after removing markup")),
    Case("HTML meta date out of the window", _file("page.html", '<meta property="article:published_time" '
                                                                 'content="3017-09-23"><p>Jets flew on Monday.</p>'),
         ("page.html", "published date '3017-09-23'", "from the page's <meta> date", "outside the accepted window")),
    Case("broken sidecar JSON", _with_sidecar(None, b"{published: 2017-09-23"),
         ("dated.meta.json", "not a valid JSON object", '"published": "YYYY-MM-DD"')),
    Case("sidecar not an object", _with_sidecar(["2017-09-23"]), ("dated.meta.json", "expected a JSON object, got list")),
    Case("sidecar date of the wrong type", _with_sidecar({"published": 20170923}),
         ("dated.meta.json", "published must be an ISO date string", "got int 20170923")),
    Case("sidecar title of the wrong type", _with_sidecar({"title": {"text": "Jets"}}),
         ("dated.meta.json", "title must be a string, got dict")),
    Case("sidecar date out of the window", _with_sidecar({"published": "3017-09-23"}),
         ("dated.txt", "published date '3017-09-23' (from dated.meta.json)", "outside the accepted window 1900-01-01",
          "GEO_EARLIEST_DATE")),
    Case("sidecar date in year 1", _with_sidecar({"published": "0001-01-01"}),
         ("dated.txt", "published date '0001-01-01'", "outside the accepted window")),
    Case("sidecar date in year 0", _with_sidecar({"published": "0000-01-01"}),
         ("dated.meta.json", "published must be an ISO date like 2017-09-23, got '0000-01-01'")),
    Case("sidecar date that is not a date", _with_sidecar({"published": "next Tuesday"}),
         ("dated.meta.json", "published must be an ISO date", "'next Tuesday'")),
    Case("sidecar date the calendar lacks", _with_sidecar({"published": "2017-02-30"}),
         ("dated.meta.json", "published must be an ISO date", "'2017-02-30'")),
    Case("sidecar not UTF-8", _with_sidecar(None, '{"title": "Corée"}'.encode("latin-1")),
         ("dated.meta.json", "not a valid JSON object")),
    Case("sidecar too large", _with_sidecar(None, b'{"title": "' + b"x" * 1_100_000 + b'"}'),
         ("dated.meta.json", "larger than the 1.0 MB limit", "a sidecar holds only the short fields")),
    Case("sidecar that is a folder", _sidecar_folder, ("dated.meta.json", "not a regular file (a folder)")),
    Case("sidecar that is a named pipe", _sidecar_fifo, ("dated.meta.json", "not a regular file (a named pipe)")),
    Case("duplicate text under another name", _file("zz_copy.txt", GOOD_A),
         ("zz_copy.txt", "same text as good_a.txt", "recorded as another source"), exit_code=0, prefix="SAME TEXT"),
    Case("--published out of the window", lambda folder: [], ("argument --published: expected a date between 1900-01-01",
                                                              "'3017-09-23'"),
         exit_code=2, prefix="", options=("--published=3017-09-23",)),
    Case("--published in year 1", lambda folder: [], ("expected a date between", "'0001-01-01'"),
         exit_code=2, prefix="", options=("--published=0001-01-01",)),
]


def _made(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "good_a.txt").write_text(GOOD_A, encoding="utf-8")
    (folder / "good_b.md").write_text(GOOD_B, encoding="utf-8")
    yield folder
    for path in folder.rglob("*"):  # let pytest clean up what the case locked
        if not path.is_symlink():
            path.chmod(0o755)
    while _SOCKETS:
        _SOCKETS.pop().close()


class _Hung(Exception):
    """The command did not return: it blocked (on a pipe, a device...)."""


def _alarm(signum, frame):
    raise _Hung("the command blocked for 60 s")


def _run_here(args: list[str], env: dict[str, str], capsys, monkeypatch) -> tuple[int, str, str]:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    capsys.readouterr()
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(60)
    try:
        code = main(args)
    except SystemExit as exit_:  # argparse refusing an option
        code = exit_.code
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    out, err = capsys.readouterr()
    return code, out, err


def _drop_permission_override() -> None:
    """In the child: give up root's power to read any file, so that permissions apply to it too."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "cannot drop a capability")


def _run_child(args: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    preexec = None
    if os.geteuid() == 0:
        need(sys.platform.startswith("linux"), "permission tests as root need Linux capabilities")
        preexec = _drop_permission_override
    result = subprocess.run([sys.executable, "-m", "geo", *args], cwd=REPO, capture_output=True, text=True,
                            timeout=120, env={**os.environ, **env}, preexec_fn=preexec)
    return result.returncode, result.stdout, result.stderr


def _split(options: tuple[str, ...]) -> tuple[list[str], dict[str, str]]:
    env = dict(o.split("=", 1) for o in options if o.startswith("GEO_"))
    return [o for o in options if not o.startswith("GEO_")], env


def test_the_catalogue_holds_at_least_30_kinds():
    assert len({c.kind for c in CASES}) == len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=[c.kind for c in CASES])
def test_ingest_reports_the_bad_input_and_stores_the_good_files(case, batch, capsys, monkeypatch):
    extra = case.make(batch)
    store = batch.parent / "store.sqlite"
    flags, env = _split(case.options)
    args = ["ingest", str(batch), *extra, "--store", str(store), "--quiet", *flags]
    run = _run_child if case.unprivileged else (lambda a, e: _run_here(a, e, capsys, monkeypatch))
    code, _out, err = run(args, env)
    assert code == case.exit_code, err
    lines = [line for line in err.splitlines() if line.startswith(case.prefix) and case.words[0] in line]
    assert len(lines) == 1, err
    for words in case.words:
        assert words in lines[0], (words, lines[0])
    if case.exit_code == 2:
        return  # a bad option: nothing ran, nothing is stored
    assert "Traceback" not in err
    with open_store(store) as s:
        assert GOOD_NAMES == sorted(a.name for a in s.articles() if a.name in GOOD_NAMES)
        assert s.counts()["events"] >= 2
    if case.exit_code == 1:
        assert "1 failed" in err.splitlines()[-1]


EXTRACT_CASES = [c for c in CASES if c.kind in ("missing path", "symbolic link loop given as a path", "named pipe",
                                                "PDF in a folder", "sidecar date in year 1", "folder loop",
                                                "device given as a path", "huge file")]


@pytest.mark.parametrize("case", EXTRACT_CASES, ids=[c.kind for c in EXTRACT_CASES])
def test_extract_reports_the_bad_input_and_prints_the_good_files_events(case, batch, capsys, monkeypatch):
    extra = case.make(batch)
    code, out, err = _run_here(["extract", str(batch), *extra], {}, capsys, monkeypatch)
    assert code == 1, err
    (line,) = [line for line in err.splitlines() if line.startswith("error: ") and case.words[0] in line]
    assert all(words in line for words in case.words), line
    assert sorted({json.loads(row)["article"] for row in out.splitlines()}) == GOOD_NAMES
    assert "Traceback" not in err
