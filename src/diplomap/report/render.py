"""Jinja2 rendering for the views: one autoescaping environment, and events made ready to show.

Templates ship in ``diplomap/report/templates`` (the report) and are loaded through the
package loader; every value is HTML-escaped unless a template marks it safe, which
only the inlined package assets and the escaped JSON are.
"""

from __future__ import annotations

from functools import cache
from urllib.parse import urlsplit

from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined


@cache
def environment(*packages: str) -> Environment:
    """An autoescaping environment over the templates of ``packages`` (first match wins)."""
    loaders = [PackageLoader(package, "templates") for package in packages or ("diplomap.report",)]
    env = Environment(loader=ChoiceLoader(loaders), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["fmt"] = fmt
    env.filters["safe_url"] = safe_url
    env.globals["date_label"] = date_label
    return env


def fmt(value, digits: int = 0) -> str:
    """A number for reading (thousands separated, rounded), "-" for none."""
    if value is None:
        return "-"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    return f"{value:,.{digits}f}" if digits else f"{round(value):,}"


def safe_url(value: str | None) -> str | None:
    """The URL when it is http(s), else None: no javascript: or data: links from documents."""
    if not value:
        return None
    try:
        scheme = urlsplit(value.strip()).scheme.lower()
    except ValueError:
        return None
    return value.strip() if scheme in ("http", "https") else None


def date_label(record: dict) -> str:
    """An event's dates as precise as they are known: 2025-10-20, 2025-10-20..2025-10-21, 2025-04, 2023."""
    start, end = record.get("date_start"), record.get("date_end")
    if not start:
        return "undated"
    precision = record.get("date_precision")
    if precision == "year":
        return start[:4]
    if precision == "month":
        return start[:7]
    return start if not end or end == start else f"{start}..{end}"


def event_item(detail: dict, names: dict[str, str], focal: str, min_confidence: float = 0.0) -> dict:
    """An event with its sources, as the templates show it (plain values, escaped there); ``below``
    is ``min_confidence`` where the event's confidence is under it (the measures leave it out), else None."""
    event = detail["event"]
    location = event.get("location") or {}
    sources = []
    for source in detail["sources"]:
        report = source["report"]
        sources.append({
            "report_id": report["event_id"], "doc_id": report["doc_id"], "title": source["title"] or source["origin"]
            or report["doc_id"], "url": safe_url(source["url"]), "source": source["source"],
            "published": source["published"], "origin": source["origin"], "rule": source["rule"],
            "sentence": report["evidence"]["text"], "span": f"{report['evidence']['char_start']}-"
                                                           f"{report['evidence']['char_end']}",
        })
    return {
        "id": event["event_id"], "date": date_label(event), "kind": event["event_type"]
        + (f"/{event['mode']}" if event["mode"] else ""), "status": event["status"],
        "participants": [(code, names.get(code, code)) for code in event["participants"]],
        "grounds": event.get("participant_sources") or {},
        "host": event["host"], "organization": event["organization"], "place": location.get("name"),
        "country": location.get("country"), "contexts": event["contexts"], "projects": event["projects"],
        "people": [person["name"] + (f" ({person['role']})" if person.get("role") else "")
                   for person in event["people"]],
        "evidence": event["evidence"]["text"], "confidence": event["confidence"], "sources": sources,
        "takes_part": focal in event["participants"], "date_start": event["date_start"],
        "below": min_confidence if event["confidence"] < min_confidence else None,
    }
