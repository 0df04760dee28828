"""Runs ``python -m geo ...`` with every SQL statement of the store traced, and pauses before a chosen one.

Used by the schema-creation tests to stop a first-time run at an exact point, so that a kill or a
second process lands there every time instead of by luck. Usage::

    python -m tests.store.traced_run --pause-at N|TEXT --release FILE -- ingest PATH --store STORE

Each statement the store's connection runs is printed to stdout as ``SQL <n> <statement>``. Before
statement number N (or the first statement that contains TEXT) the run prints ``PAUSED <n>`` and
waits until FILE exists (or forever, for a kill), then goes on.
"""
from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pause-at", default="")
    parser.add_argument("--release", default="")
    parser.add_argument("geo_args", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    count = 0
    paused = False

    def trace(statement: str) -> None:
        nonlocal count, paused
        count += 1
        print(f"SQL {count} {' '.join(statement.split())[:200]}", flush=True)
        target = args.pause_at
        hit = (str(count) == target) if target.isdigit() else (bool(target) and target in statement)
        if hit and not paused:
            paused = True
            print(f"PAUSED {count}", flush=True)
            while not (args.release and Path(args.release).exists()):
                time.sleep(0.01)

    real_connect = sqlite3.connect

    def traced_connect(*a, **kw):
        conn = real_connect(*a, **kw)
        conn.set_trace_callback(trace)
        return conn

    sqlite3.connect = traced_connect
    from geo.cli import main as geo_main

    geo_args = args.geo_args[1:] if args.geo_args[:1] == ["--"] else args.geo_args
    return geo_main(geo_args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
