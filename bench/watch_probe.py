#!/usr/bin/env python3
"""Measures `faqpress watch`: the time from starting it to the first PDF, and
from a one-entry edit to the rewritten PDF, as a user waiting for it sees them.

    bench/watch_probe.py FAQPRESS SOURCES [--edits N] [--entry ID]

Works on a copy of SOURCES in a temporary folder. Prints one line:
"<rebuild ms> <edit-to-PDF ms> <start-to-first-PDF ms> <peak resident MiB>":
the median rebuild time watch itself reports, the median time from writing
the edit to the new PDF (this includes watch's wait for the file system to be
quiet), the time from starting watch to its first PDF, and watch's peak memory.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def wait_for_change(out, before, timeout=60.0):
    """Polls `out` until a PDF differs from `before` (path -> (inode, mtime)).
    Returns the time it was seen."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        now = snapshot(out)
        if now and now != before:
            return time.monotonic()
        time.sleep(0.001)
    raise SystemExit("watch_probe: no PDF written within 60 s")


def snapshot(out):
    state = {}
    for entry in os.scandir(out) if out.exists() else []:
        if entry.name.endswith(".pdf"):
            st = entry.stat()
            state[entry.name] = (st.st_ino, st.st_mtime_ns, st.st_size)
    return state


def peak_mib(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("faqpress")
    p.add_argument("sources", type=lambda s: Path(s).resolve())
    p.add_argument("--edits", type=int, default=10)
    p.add_argument("--entry", default=None, help="entry id to edit (default: the first listed)")
    a = p.parse_args()

    with tempfile.TemporaryDirectory(prefix="faqpress-watch-") as tmp:
        tmp = Path(tmp)
        src = tmp / "sources"
        shutil.copytree(a.sources, src)
        # The project's own layouts and fonts, as `build` would see them.
        for extra in ("layouts", "fonts"):
            if (a.sources.parent / extra).is_dir():
                shutil.copytree(a.sources.parent / extra, tmp / extra)
        # The PDFs go outside the watched project folder, so that polling for
        # them causes no file-system events there.
        out_dir = tempfile.TemporaryDirectory(prefix="faqpress-watch-out-")
        out = Path(out_dir.name) / "out"
        entry = a.entry or re.search(r'"([a-z0-9-]+)"', (src / "faq.toml").read_text().split("entries", 1)[1]).group(1)
        path = src / "entries" / f"{entry}.toml"
        original = path.read_text(encoding="utf-8")
        # The edit: one word more at the end of the entry's (last) answer.
        cut = original.rstrip().rfind("\n")
        edited = [original[:cut] + " Ergänzung." + original[cut:], original]

        log = open(tmp / "watch.log", "wb")
        start = time.monotonic()
        proc = subprocess.Popen(
            [str(Path(a.faqpress).resolve()), "watch", "--sources", str(src), "--out", str(out)],
            stdout=subprocess.DEVNULL, stderr=log, cwd=tmp,
        )
        try:
            first = wait_for_change(out, {}) - start
            time.sleep(0.5)
            times = []
            for i in range(a.edits):
                before = snapshot(out)
                t0 = time.monotonic()
                path.write_text(edited[i % 2], encoding="utf-8")
                times.append(wait_for_change(out, before) - t0)
                time.sleep(0.4)
            peak = peak_mib(proc.pid)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        log.close()
        out_dir.cleanup()
        err = (tmp / "watch.log").read_text(encoding="utf-8", errors="replace")
        if "error" in err.lower():
            sys.stderr.write(err)
        # watch reports each build's own time: "... changed: built X  N pages, K KiB, M ms"
        reported = [int(m) for m in re.findall(r"changed: built .*, (\d+) ms", err)]
        rebuild = statistics.median(reported) if reported else float("nan")
        print(f"{rebuild:.0f} {statistics.median(times) * 1000:.0f} {first * 1000:.0f} {peak:.0f}")


if __name__ == "__main__":
    main()
