"""watch: ingest feeds (or any sources) again and again, storing only what is new.

Each round is one ``load``: entries already stored with the same text are skipped
before extraction, so a round costs little more than fetching the feeds.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from diplomap.load import LoadSummary, load

logger = logging.getLogger(__name__)
_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.IGNORECASE)
_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_interval(text: str) -> float:
    """Seconds in "90", "90s", "15m", "1h" or "1d"; raises ValueError otherwise."""
    found = _INTERVAL.match(text)
    if not found:
        raise ValueError(f"{text!r} is not an interval like 90s, 15m, 1h or 1d")
    return float(found.group(1)) * _SECONDS[found.group(2).lower()]


def watch(
    sources: Iterable[str | Path],
    store,
    every: float,
    *,
    rounds: int | None = None,
    sleep: Callable[[float], None] = time.sleep,
    on_round: Callable[[int, LoadSummary], None] | None = None,
    **load_options,
) -> int:
    """Load ``sources`` into ``store`` every ``every`` seconds; the number of rounds run.

    Runs ``rounds`` times, or until interrupted when None. ``load_options`` go to ``load``.
    """
    sources = list(sources)
    done = 0
    while rounds is None or done < rounds:
        summary = load(sources, store, **load_options)
        done += 1
        logger.info("round %d: %d new documents, %d events", done, summary.documents, summary.events)
        if on_round is not None:
            on_round(done, summary)
        if rounds is not None and done >= rounds:
            break
        store.pause()           # the dashboard may read the store while this waits
        sleep(every)
    return done


__all__ = ["parse_interval", "watch"]
