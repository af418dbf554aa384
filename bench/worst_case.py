#!/usr/bin/env python3
"""Writes the costliest FAQ the limits allow, to measure the worst case.

    bench/worst_case.py OUT_DIR [--no-images]
    /usr/bin/time -v target/release/faqpress build --sources OUT_DIR/sources --out OUT_DIR/out

One release of two answers, each just under the limit of an answer (256 KiB
of Markdown), together just under the limit of a release (512 KiB); each holds
100 footnotes (200 in the release), the first 32 KiB of words of 4,096
characters without a space (the release's limit of unbreakable text), the
second five distinct PNGs of 40 megapixels each (the release's image budget
of 200 megapixels). The rest is ordinary prose in paragraphs of six
sentences. The limits are those
of `src/source/limits.rs`; if they change, change the figures below. Only the
Python standard library is used.
"""

import argparse
import struct
import zlib
from pathlib import Path

ANSWER_BYTES = 255 * 1024
FOOTNOTES_PER_ANSWER = 100
WORD_CHARS = 4096
UNBROKEN_BYTES = 32 * 1024
IMAGES = 5
IMAGE_SIZE = (8000, 5000)  # 40 megapixels

SENTENCE = (
    "Die beauftragten Forensiker prüfen jede Meldung sorgfältig, dokumentieren "
    "das Ergebnis und informieren die betroffenen Partner noch am selben Tag. "
)


def prose(nbytes):
    """Paragraphs of ordinary text, `nbytes` long in UTF-8 at most."""
    paragraph = SENTENCE * 6 + "\n\n"
    size = len(paragraph.encode())
    return paragraph * (nbytes // size)


def footnoted(count):
    refs = " ".join(f"Hinweis{i}[^n{i}]" for i in range(count))
    defs = "\n".join(f"[^n{i}]: Anmerkung {i} zur Antwort." for i in range(count))
    return f"{refs}\n\n{defs}\n\n"


def unbroken():
    words = UNBROKEN_BYTES // WORD_CHARS
    letters = "abcdefghijklmnopqrstuvwxyz0123456789"
    return "".join(
        "".join(letters[(i * 7 + j) % len(letters)] for j in range(WORD_CHARS)) + "\n\n"
        for i in range(words)
    )


def png(width, height, seed):
    """An RGB PNG whose rows differ with `seed`, so no two files are alike."""
    rows = bytearray()
    for y in range(height):
        shade = (y * 255 // height + seed * 40) % 256
        rows.append(0)
        rows.extend(bytes([shade, (seed * 50) % 256, 255 - shade]) * width)
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 6))
        + chunk(b"IEND", b"")
    )


def answer(head):
    """`head` followed by prose, the whole just under an answer's limit."""
    rest = ANSWER_BYTES - len(head.encode()) - 64
    return head + prose(rest)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--no-images", action="store_true")
    args = parser.parse_args()
    sources = args.out / "sources"
    (sources / "entries").mkdir(parents=True, exist_ok=True)
    (sources / "images").mkdir(exist_ok=True)

    images = ""
    if not args.no_images:
        for i in range(IMAGES):
            name = f"bild{i}.png"
            (sources / "images" / name).write_bytes(png(*IMAGE_SIZE, i))
            images += f"![Bild {i}](images/{name})\n\n"
    answers = [
        footnoted(FOOTNOTES_PER_ANSWER) + unbroken(),
        footnoted(FOOTNOTES_PER_ANSWER) + images,
    ]
    ids = []
    for i, head in enumerate(answers):
        ids.append(f'"q{i}"')
        text = answer(head)
        (sources / "entries" / f"q{i}.toml").write_text(
            f'question = "Frage {i}?"\nanswer = """\n{text}"""\n'
        )
    (sources / "faq.toml").write_text(
        f"""[document]
id = "worst"
title = "Der teuerste Fall"
organization = "Beispiel GmbH"
language = "de"
entries = [{", ".join(ids)}]

[[release]]
version = "1.0"
date = 2026-12-01T12:00:00
"""
    )


if __name__ == "__main__":
    main()
