"""Expands the paths given to ingest or extract into article files, and reports every path that cannot give one.

A missing path, a symbolic link loop, a folder that cannot be read or a file of a type no reader
handles becomes a ``ReadFailure`` in its place, so the rest of the batch still goes in and the
caller can count and report each one.
"""
from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from geo.errors import SourceFormatError
from geo.ingest.readers import is_sidecar, reader_for


@dataclass(frozen=True)
class ReadFailure:
    """A path that could not be read as an article, and why (the message names the path)."""

    path: str
    error: str


def _link_target(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "?"


def missing_message(path: Path, err: OSError) -> str:
    """Why ``path`` cannot be looked at: missing, a broken link, a link loop, no permission."""
    if err.errno == errno.ELOOP:
        return f"{path}: symbolic link loop ({path} -> {_link_target(path)} leads back to itself); skipped"
    if err.errno == errno.ENOENT and path.is_symlink():
        return f"{path}: broken symbolic link (it points to {_link_target(path)!r}, which does not exist); skipped"
    if err.errno == errno.ENOENT:
        return f"{path}: no such file or folder"
    if isinstance(err, PermissionError):
        return f"{path}: cannot open ({err.strerror}); check its permissions"
    return f"{path}: cannot open ({err.strerror or err})"


def _walk(folder: Path, ancestors: frozenset[tuple[int, int]]) -> list[Path | ReadFailure]:
    """Article files under ``folder`` in path order, with a failure for each entry that cannot be one."""
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as err:
        return [ReadFailure(str(folder), f"{folder}: cannot read folder ({err.strerror or err}); the articles in "
                                         "it were not read, check its permissions")]
    out: list[Path | ReadFailure] = []
    for entry in entries:
        path = Path(entry.path)
        if entry.name.startswith(".") or is_sidecar(entry.name):
            continue  # hidden files (editor and notebook droppings), and sidecars, which belong to an article
        try:
            info = os.stat(path)  # follows links: a link to an article is an article
        except OSError as err:
            out.append(ReadFailure(str(path), missing_message(path, err)))
            continue
        if stat.S_ISDIR(info.st_mode):
            key = (info.st_dev, info.st_ino)
            if key in ancestors:
                out.append(ReadFailure(str(path), f"{path}: symbolic link loop ({path} -> {_link_target(path)} "
                                                  "leads back to a folder that contains it); skipped"))
            else:
                out.extend(_walk(path, ancestors | {key}))
            continue
        try:
            reader_for(str(path))
        except SourceFormatError as err:
            out.append(ReadFailure(str(path), str(err)))
            continue
        out.append(path)  # a pipe or device with an article's name is refused when it is read, by name
    return out


def expand_paths(paths: Iterable[str | Path]) -> list[Path | ReadFailure]:
    """Files and folders -> article files (folders sorted, hidden files and sidecars left out) and failures.

    A file given by name is passed on as it is (reading it checks its type and suffix); a folder is
    walked, following links, and each entry that cannot be an article becomes a ``ReadFailure``:
    an unsupported file type, a broken link, a link back to a folder above it, a subfolder that
    cannot be read. A path that does not exist is a ``ReadFailure`` too. Nothing is opened for reading.

    Examples
    --------
    >>> expand_paths(["/no/such/folder"])
    [ReadFailure(path='/no/such/folder', error='/no/such/folder: no such file or folder')]
    """
    out: list[Path | ReadFailure] = []
    for path in map(Path, paths):
        try:
            info = os.stat(path)
        except OSError as err:
            out.append(ReadFailure(str(path), missing_message(path, err)))
            continue
        if stat.S_ISDIR(info.st_mode):
            out.extend(_walk(path, frozenset({(info.st_dev, info.st_ino)})))
        else:
            out.append(path)
    return out
