"""Tests of geo/ingest/files.py: only regular files are read, the size is checked before reading, reads are bounded."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

import geo.ingest.files as files
from geo.errors import SourceFormatError
from geo.ingest.files import CHUNK_BYTES, read_bounded

REPO = Path(__file__).resolve().parents[2]
MB = 1_000_000


@pytest.fixture
def reads(monkeypatch) -> list[int]:
    """Every ``os.read`` size asked for while the test runs."""
    asked: list[int] = []
    real = os.read

    def counting(fd: int, n: int) -> bytes:
        asked.append(n)
        return real(fd, n)
    monkeypatch.setattr(files.os, "read", counting)
    return asked


def test_a_regular_file_is_read_whole(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"Jets flew." * 1000)
    assert read_bounded(path, max_bytes=MB) == b"Jets flew." * 1000


def test_a_3_gb_file_is_refused_before_a_byte_is_read(tmp_path, reads):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:
        f.truncate(3_000 * MB)  # sparse: costs no disk
    with pytest.raises(SourceFormatError, match=r"huge\.txt: file is 3000\.0 MB, larger than the 5\.0 MB limit; "
                                                 r"split it into one file per article or raise GEO_MAX_FILE_MB"):
        read_bounded(path, max_bytes=5 * MB)
    assert reads == []


def test_a_file_larger_than_its_size_said_is_read_in_chunks_and_stopped_past_the_limit(tmp_path, reads, monkeypatch):
    # A file that grows after the size check (or whose size stat under-reports): the reads stop there.
    path = tmp_path / "growing.txt"
    path.write_bytes(b"x" * (3 * CHUNK_BYTES))
    real_stat = os.stat

    def shrunk(p, *a, **kw):
        info = real_stat(p, *a, **kw)
        return os.stat_result((*info[:6], 10, *info[7:])) if str(p) == str(path) else info
    monkeypatch.setattr(files.os, "stat", shrunk)
    with pytest.raises(SourceFormatError, match="larger than the 1.5 MB limit"):
        read_bounded(path, max_bytes=1_500_000)
    assert reads and all(n <= CHUNK_BYTES for n in reads) and sum(reads) <= 1_500_001


def test_a_named_pipe_is_refused_by_name_without_opening_it(tmp_path, monkeypatch):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)

    def no_open(*args, **kwargs):
        raise AssertionError("the pipe was opened")
    monkeypatch.setattr(files.os, "open", no_open)
    with pytest.raises(SourceFormatError, match=r"pipe\.txt: not a regular file \(a named pipe\), refused without "
                                                 r"reading it"):
        read_bounded(fifo, max_bytes=MB)


def test_a_named_pipe_never_hangs_the_command_line(tmp_path):
    # No writer ever opens this pipe: a plain open() would block for good, so the run is given a deadline.
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    result = subprocess.run([sys.executable, "-m", "geo", "extract", str(fifo)], cwd=REPO, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 1 and "not a regular file (a named pipe)" in result.stderr


def test_dev_zero_is_refused_as_a_character_device(reads):
    with pytest.raises(SourceFormatError, match=r"/dev/zero: not a regular file \(a character device\)"):
        read_bounded("/dev/zero", max_bytes=MB)
    assert reads == []


def test_a_socket_is_refused(tmp_path):
    path = tmp_path / "s.txt"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        with pytest.raises(SourceFormatError, match=r"s\.txt: not a regular file \(a socket\)"):
            read_bounded(path, max_bytes=MB)


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(SourceFormatError, match=r"not a regular file \(a folder\)"):
        read_bounded(tmp_path, max_bytes=MB)


def test_a_link_to_a_device_is_refused_by_the_link_name(tmp_path):
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    with pytest.raises(SourceFormatError, match=r"zero\.txt: not a regular file \(a character device\)"):
        read_bounded(link, max_bytes=MB)


def test_a_missing_file_says_so():
    with pytest.raises(SourceFormatError, match=r"absent\.txt: cannot read file \(No such file or directory\)"):
        read_bounded("absent.txt", max_bytes=MB)


def test_the_message_names_the_file_as_asked(tmp_path):
    with pytest.raises(SourceFormatError, match=r"^a\.meta\.json: file is .* limit; keep it short$"):
        path = tmp_path / "a.meta.json"
        path.write_bytes(b"{}" * 100)
        read_bounded(path, max_bytes=10, name="a.meta.json", fix="keep it short")


def test_read_article_refuses_a_3_gb_file_without_reading_it(tmp_path, reads):
    from geo.ingest import read_article
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:
        f.truncate(3_000 * MB)
    with pytest.raises(SourceFormatError, match=r"huge\.txt: file is 3000\.0 MB, larger than the 5\.0 MB limit"):
        read_article(path)
    assert reads == []


def test_a_file_swapped_for_a_pipe_after_the_check_is_refused_without_waiting_for_a_writer(tmp_path, monkeypatch):
    regular = tmp_path / "a.txt"
    regular.write_bytes(b"Jets flew.")
    fifo = tmp_path / "swapped.txt"
    os.mkfifo(fifo)
    # The stat check saw a regular file; by the time the file is opened, it is a pipe.
    monkeypatch.setattr(files, "regular_file", lambda path, name=None: os.stat(regular))
    with pytest.raises(SourceFormatError, match=r"swapped\.txt: not a regular file \(a named pipe\)"):
        read_bounded(fifo, max_bytes=MB)
