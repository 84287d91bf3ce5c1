"""The tally of what hostile inputs did in this test session, and one command run's outcome."""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Property tests stay fast by default; DIPLOMAP_HYPOTHESIS_EXAMPLES=5000 searches harder.
MAX_EXAMPLES = int(os.environ.get("DIPLOMAP_HYPOTHESIS_EXAMPLES", "150"))
_ERROR_LINE = re.compile(r"^error: (?P<source>.+?): (?P<problem>.+)$")


@dataclass
class Tally:
    """What the hostile inputs did, over every command run in this session."""

    inputs: int = 0           # files, JSONL lines and feed entries tried
    runs: int = 0             # command runs
    crashes: int = 0          # runs that ended in an exception or an exit status other than 0 and 1
    lost: int = 0             # events expected and missing
    duplicated: int = 0       # events printed or stored more often than expected
    known_bugs: int = 0       # crashes of a known, xfailed bug (not counted in crashes)
    by_command: Counter = field(default_factory=Counter)

    def compare(self, expected: Counter, actual: Counter) -> None:
        self.lost += sum((expected - actual).values())
        self.duplicated += sum((actual - expected).values())


TALLY = Tally()


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str
    crashed: bool

    def errors(self) -> list[tuple[str, str]]:
        """(source, problem) of each `error: <input>: <problem>` line."""
        found = []
        for line in self.stderr.splitlines():
            if line.startswith("error: "):
                match = _ERROR_LINE.match(line)
                assert match, f"unreadable error line {line!r}"
                found.append((match["source"], match["problem"]))
        return found

    def event_ids(self) -> Counter:
        return Counter(json.loads(line)["event_id"] for line in self.stdout.splitlines() if line.strip())
