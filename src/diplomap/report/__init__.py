"""report: one self-contained HTML file of an actor's diplomacy, readable offline.

    from diplomap.report import write_report
    with open_store("diplomap.duckdb", create=False) as store:
        summary = write_report(store, "AZE", "aze.html", Window(date(2025, 1, 1)))

The file holds the map of engagement (Leaflet over bundled Natural Earth outlines),
the charts (Vega-Lite through vega-embed), the partner table with tiers and dated
upgrades, the broker section and every event with its sources and their sentences.
Scripts, styles and outlines are inlined from ``diplomap/report/static``; nothing is
fetched when it is opened. Text from articles is escaped by Jinja2's autoescape, and
the embedded JSON cannot close its <script> element (``assets.script_json``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from diplomap import __version__
from diplomap.analytics import Window
from diplomap.kb import KnowledgeBase
from diplomap.report import assets
from diplomap.report.assets import AssetError, ReportError
from diplomap.report.model import profile_view
from diplomap.report.reads import event_details
from diplomap.report.render import environment, event_item

logger = logging.getLogger(__name__)

# What the page's scripts read of each event; the HTML shows the evidence in full.
_EVENT_FIELDS = ("event_id", "event_type", "mode", "date_start", "date_end", "date_precision", "participants",
                 "location", "contexts", "projects")


@dataclass(frozen=True)
class Report:
    html: str
    focal: str
    name: str
    events: int         # events listed with their evidence
    documents: int      # source documents of those events
    left_out: int = 0   # of those events, the actor's below the confidence threshold (listed, not counted)


@dataclass(frozen=True)
class ReportSummary:
    path: Path
    size: int           # bytes written
    focal: str
    name: str
    events: int
    documents: int
    left_out: int = 0
    min_confidence: float = 0.0


def build_report(store, code: str, window: Window | None = None, *, kb: KnowledgeBase | None = None,
                 blocs: Mapping[str, str] | None = None, generated: datetime | None = None,
                 window_notes: Sequence[str] = ()) -> Report:
    """The report of ``code`` over ``window`` as one HTML document; ``window_notes`` (how the
    window was chosen, what it leaves out: ``analytics.windows``) are printed under its heading.

    Raises MeasureError for an unknown actor, AssetError when a shipped file is missing.
    """
    view = profile_view(store, code, window, kb=kb, blocs=blocs)
    view["window"]["notes"] = list(window_notes)
    details = event_details(store, view["event_ids"])
    hosted = {talk["event_id"] for talk in view["measures"]["broker"]["hosted"]}
    threshold = view["window"]["min_confidence"]
    items = [event_item(detail, view["names"], view["focal"], threshold)
             | {"hosted": detail["event"]["event_id"] in hosted} for detail in details]
    items.sort(key=lambda item: (item["date_start"] is None, item["date_start"] or "", item["id"]))
    page_data = {key: view[key] for key in ("focal", "name", "window", "capital", "names", "partners", "headline",
                                            "measures")}
    page_data["events"] = [{key: detail["event"][key] for key in _EVENT_FIELDS} for detail in details]
    documents = len({source["doc_id"] for item in items for source in item["sources"]})
    html = environment("diplomap.report").get_template("report.html.j2").render(
        view=view, measures=view["measures"], events=items, documents=documents,
        generated=(generated or datetime.now()).strftime("%Y-%m-%d %H:%M"), version=__version__,
        styles=[assets.inline_style(name) for name in (*assets.VENDOR_STYLES, *assets.OWN_STYLES)],
        scripts=[assets.inline_script(name) for name in (*assets.VENDOR_SCRIPTS, *assets.OWN_SCRIPTS, "report.js")],
        data_json=assets.script_json(page_data),
        countries_json=assets.script_json(json.loads(assets.asset_text(assets.COUNTRIES))),
    )
    return Report(html, view["focal"], view["name"], len(items), documents, view["window"]["left_out"])


def write_report(store, code: str, output: str | Path, window: Window | None = None, *,
                 kb: KnowledgeBase | None = None, blocs: Mapping[str, str] | None = None,
                 window_notes: Sequence[str] = ()) -> ReportSummary:
    """Write the report of ``code`` to ``output`` (folders made as needed); what was written.

    Raises ReportError when the file cannot be written, and what ``build_report`` raises.
    """
    report = build_report(store, code, window, kb=kb, blocs=blocs, window_notes=window_notes)
    path = Path(output)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(report.html, encoding="utf-8")
    except OSError as exc:
        raise ReportError(f"{path}: cannot write the report ({exc.strerror or exc})") from None
    logger.info("report of %s written to %s", report.focal, path)
    return ReportSummary(path, path.stat().st_size, report.focal, report.name, report.events, report.documents,
                         report.left_out, window.min_confidence if window else 0.0)


__all__ = ["AssetError", "Report", "ReportError", "ReportSummary", "build_report", "write_report"]
