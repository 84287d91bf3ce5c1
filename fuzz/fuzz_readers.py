"""Fuzz the readers: bytes in, Documents or InputError out, nothing else ever raised.

    python fuzz/fuzz_readers.py -max_total_time=60 fuzz/corpus      # atheris (libFuzzer), coverage-guided
    python fuzz/fuzz_readers.py --random -max_total_time=60          # no atheris: random mutations of the seeds

The first byte of an input picks the file name (and so the reader: text, markdown,
HTML, JSONL, RSS/Atom, or an unknown extension read by sniffing); the rest is the
file's content. Each input goes through ``read_document`` (strict: it may raise
InputError only) and ``read_sources`` (lenient: it yields Documents and InputErrors
and never raises). Seeds are generated into the corpus folder when it is empty.
With atheris, libFuzzer prints the number of executions ("Done N runs in S
second(s)") and writes a crash-* file for any other exception; the random mode
prints "N executions in S seconds, F failures" and saves failing inputs in
fuzz/crashes/.
"""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
SUFFIXES = ("a.txt", "a.md", "a.html", "a.jsonl", "a.xml", "a.rss", "a.atom", "a.dat")
MAX_INPUT = 64 * 1024


def _import_readers(instrument: bool):
    if instrument:
        import atheris

        with atheris.instrument_imports(include=["diplomap"]):
            from diplomap.errors import InputError
            from diplomap.ingest import read_document, read_sources
            from diplomap.models import Document
    else:
        from diplomap.errors import InputError
        from diplomap.ingest import read_document, read_sources
        from diplomap.models import Document
    return InputError, read_document, read_sources, Document


class Target:
    """One fuzz input: a temporary file read strictly and leniently."""

    def __init__(self, instrument: bool):
        import logging

        logging.disable(logging.CRITICAL)       # the readers log every bad input; fuzzing makes millions
        self.InputError, self.read_document, self.read_sources, self.Document = _import_readers(instrument)
        shm = Path("/dev/shm")
        # one shared folder, a file per process removed after each input: libFuzzer's exit skips atexit
        self.folder = (shm if shm.is_dir() else Path(tempfile.gettempdir())) / "diplomap-fuzz"
        self.folder.mkdir(exist_ok=True)
        self.prefix = f"{os.getpid()}-"

    def __call__(self, data: bytes) -> None:
        if not data:
            return
        path = self.folder / (self.prefix + SUFFIXES[data[0] % len(SUFFIXES)])
        path.write_bytes(data[1:MAX_INPUT])
        try:
            try:
                documents = self.read_document(path)
            except self.InputError:
                documents = []
            for document in documents:
                self._check(document)
            for item in self.read_sources([path]):
                if not isinstance(item, self.InputError):
                    self._check(item)
        finally:
            path.unlink()

    def _check(self, document) -> None:
        assert isinstance(document, self.Document), type(document)
        assert document.text.strip() and document.doc_id, document
        assert document.published is None or 1900 <= document.published.year <= 2100, document.published


def seeds() -> list[bytes]:
    """One seed per reader: small valid inputs and a few hostile ones."""
    article = ("Aliyev visits Astana\ndate: 2025-10-21\n\nPresident Ilham Aliyev met Kazakh President "
               "Kassym-Jomart Tokayev in Astana on 20 October 2025 and signed an agreement.\n")
    html = ("<html><head><title>Talks</title><meta property=\"article:published_time\" content=\"2025-05-05\">"
            "</head><body><article><h1>Talks</h1><p>Turkish President Recep Tayyip Erdogan hosted Ilham Aliyev "
            "in Ankara on 4 May 2025.</p></article></body></html>")
    jsonl = "\n".join([json.dumps({"text": "Ilham Aliyev met Vladimir Putin in Dushanbe on 9 October 2025.",
                                   "title": "Dushanbe", "published": "2025-10-10", "doc_id": 7}),
                       '{"text": 42}', "[1, 2]", '{"text": "x", "published": "0001-01-01"}'])
    rss = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item><title>A</title>'
           "<link>https://example.org/a</link><pubDate>Tue, 21 Oct 2025 09:00:00 GMT</pubDate>"
           "<description>Ilham Aliyev met Xi Jinping in Beijing on 23 April 2025.</description></item>"
           "<item><title>B</title></item></channel></rss>")
    atom = ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>W</title><entry>'
            "<title>E</title><published>2025-02-30T00:00:00Z</published><content type=\"html\">&lt;p&gt;Ilham "
            "Aliyev met Nikol Pashinyan in Abu Dhabi on 10 July 2025.&lt;/p&gt;</content></entry></feed>")
    pick = {suffix: bytes([index]) for index, suffix in enumerate(SUFFIXES)}
    return [
        pick["a.txt"] + article.encode(), pick["a.md"] + ("# " + article).encode("utf-16"),
        pick["a.txt"] + article.encode("cp1251", errors="replace"), pick["a.txt"] + b"\x89PNG\r\n\x1a\n\x00",
        pick["a.html"] + html.encode(), pick["a.html"] + b"<div>" * 300 + b"text",
        pick["a.jsonl"] + jsonl.encode(), pick["a.xml"] + rss.encode(), pick["a.rss"] + rss.encode()[:200],
        pick["a.atom"] + atom.encode(), pick["a.dat"] + html.encode(), pick["a.dat"] + rss.encode(),
    ]


def write_seeds(corpus: Path) -> None:
    corpus.mkdir(parents=True, exist_ok=True)
    if not any(corpus.iterdir()):
        for number, seed in enumerate(seeds()):
            (corpus / f"seed-{number:02d}").write_bytes(seed)


def mutate(data: bytes, rnd: random.Random) -> bytes:
    """A random edit: flip, insert, delete, duplicate or splice bytes."""
    data = bytearray(data or b"\x00")
    for _ in range(rnd.randint(1, 8)):
        at = rnd.randrange(len(data) + 1)
        choice = rnd.randrange(6)
        if choice == 0 and at < len(data):
            data[at] = rnd.randrange(256)
        elif choice == 1:
            data[at:at] = bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 16)))
        elif choice == 2:
            del data[at:at + rnd.randint(1, 64)]
        elif choice == 3:
            data[at:at] = data[at:at + rnd.randint(1, 256)] * rnd.randint(2, 20)
        elif choice == 4:
            data[at:at] = rnd.choice([b"<div>", b"</", b"&lol;", b"\x00", b"\xff\xfe", b"\n", b'{"text": ',
                                      b"]]>", b"<![CDATA[", b"<?xml ", b"2025-02-30", b"31 February 0001"])
        else:
            data = data[:at]
    return bytes(data[:MAX_INPUT])


def random_mode(args: list[str], target: Target) -> int:
    options = dict(arg.lstrip("-").split("=", 1) for arg in args if arg.startswith("-") and "=" in arg)
    seconds = float(options.get("max_total_time", 60))
    runs = int(options.get("runs", 0)) or None
    rnd = random.Random(int(options.get("seed", 0)) or None)
    pool = seeds()
    crashes = HERE / "crashes"
    executions = failures = 0
    started = time.monotonic()
    while time.monotonic() - started < seconds and (runs is None or executions < runs):
        data = mutate(rnd.choice(pool), rnd)
        executions += 1
        try:
            target(data)
        except Exception:
            failures += 1
            crashes.mkdir(exist_ok=True)
            (crashes / f"crash-{executions}").write_bytes(data)
            traceback.print_exc()
        if executions % 50 == 0 and len(pool) < 500:
            pool.append(data)
    print(f"{executions} executions in {time.monotonic() - started:.1f} seconds, {failures} failures (random mode)")
    return 1 if failures else 0


def main(argv: list[str]) -> int:
    random_only = "--random" in argv
    argv = [arg for arg in argv if arg != "--random"]
    for arg in argv[1:]:
        if not arg.startswith("-") and not Path(arg).is_file():      # a corpus folder, not one input to replay
            write_seeds(Path(arg))
    try:
        if random_only:
            raise ImportError("random mode asked for")
        import atheris
    except ImportError as exc:
        if not random_only:
            print(f"atheris is not available ({exc}); fuzzing with random mutations instead", file=sys.stderr)
        return random_mode(argv, Target(instrument=False))
    target = Target(instrument=True)
    atheris.Setup(argv, target)
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
