"""Reads a file's bytes without surprises: regular files only, the size checked before reading, read in bounded chunks.

A named pipe would block a plain ``open`` forever, ``/dev/zero`` would fill memory, and a 3 GB
file would be read whole before a size check on its bytes; each is refused here by its name.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

from geo.errors import SourceFormatError

CHUNK_BYTES = 1 << 20  # read 1 MB at a time, so memory never exceeds the limit by more than this

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words ("a named pipe", "a character device"...)."""
    return next((words for test, words in _KINDS if test(mode)), "not a regular file")


ARTICLE_LIMIT_FIX = "split it into one file per article or raise GEO_MAX_FILE_MB"


def too_large(name: str, size: int, max_bytes: int, fix: str = ARTICLE_LIMIT_FIX) -> SourceFormatError:
    """The refusal of a file over the size limit (shared by files on disk and uploads)."""
    return SourceFormatError(f"{name}: file is {size / 1e6:.1f} MB, larger than the {max_bytes / 1e6:.1f} MB "
                             f"limit; {fix}")


def not_regular(name: str, mode: int) -> SourceFormatError:
    """The refusal of a path that is not a regular file (a pipe, a device, a socket, a folder)."""
    return SourceFormatError(f"{name}: not a regular file ({file_kind(mode)}), refused without reading it; "
                             "expected a text, Markdown or HTML article file")


def cannot_open(name: str, err: OSError) -> SourceFormatError:
    """The refusal of a path that cannot be opened, saying why (missing, loop, permissions)."""
    reason = err.strerror or str(err)
    if isinstance(err, PermissionError):
        return SourceFormatError(f"{name}: cannot read file ({reason}); check its permissions")
    return SourceFormatError(f"{name}: cannot read file ({reason})")


def regular_file(path: str | Path, *, name: str | None = None) -> os.stat_result:
    """``stat`` of ``path`` (following links) when it is a regular file; nothing is opened.

    Raises
    ------
    SourceFormatError
        For a missing or unreachable path, or one that is a pipe, device, socket or folder.
    """
    try:
        info = os.stat(path)
    except OSError as err:
        raise cannot_open(name or str(path), err) from err
    if not stat.S_ISREG(info.st_mode):
        raise not_regular(name or str(path), info.st_mode)
    return info


def read_bounded(path: str | Path, *, max_bytes: int, name: str | None = None,
                 fix: str = ARTICLE_LIMIT_FIX) -> bytes:
    """The bytes of the regular file at ``path``, refusing anything else before reading it.

    The file is checked with ``stat`` (type, then size) before it is opened; it is opened
    non-blocking and checked again on the open descriptor, in case it was swapped for a pipe in
    between, then read in chunks of at most ``CHUNK_BYTES`` up to ``max_bytes + 1``, so a file that
    grows while it is read is refused as well, without reading on.

    Parameters
    ----------
    path
        The file.
    max_bytes
        The largest size accepted.
    name
        How messages name the file (default: ``path`` as given).
    fix
        What the size refusal tells the user to do.

    Raises
    ------
    SourceFormatError
        For a missing or unreadable path, a non-regular file, or a file over ``max_bytes``.
    """
    name = name or str(path)
    info = regular_file(path, name=name)
    if info.st_size > max_bytes:
        raise too_large(name, info.st_size, max_bytes, fix)
    # Non-blocking: should the path have become a pipe since the stat, opening it must not wait for a writer.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0) \
        | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as err:
        raise cannot_open(name, err) from err
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode):
            raise not_regular(name, opened.st_mode)
        chunks: list[bytes] = []
        total = 0
        while True:
            try:
                chunk = os.read(fd, min(CHUNK_BYTES, max_bytes + 1 - total))
            except OSError as err:
                raise cannot_open(name, err) from err
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                raise too_large(name, max(total, os.fstat(fd).st_size), max_bytes, fix)
        return b"".join(chunks)
    finally:
        os.close(fd)
