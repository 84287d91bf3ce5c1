"""analytics: measures of a country's diplomacy, computed in SQL over the fused event store.

    from diplomap.analytics import Window, profile, dyad, compare
    with open_store("diplomap.duckdb", create=False) as store:
        aze = profile(store, "AZE", Window(date(2025, 1, 1)))
        aze["vectors"].balance.evenness          # every figure carries its event ids

Every measure counts fused events with status occurred that the focal actor takes
part in, whose date interval overlaps the window (undated events: see ``Window``) and
whose confidence is at least the window's ``min_confidence`` (0 unless given).
A measure is a ``Measure`` subclass; ``profile(..., measures=[*default_measures(),
MyMeasure()])`` runs a user's own measure beside the built-in ones. The definitions
and formulas are in docs/measures.md.
"""

from __future__ import annotations

from diplomap.analytics.base import Context, Figure, Measure, MeasureError, Result, Section, Window
from diplomap.analytics.broker import Broker, BrokerResult
from diplomap.analytics.compare import Comparison, compare
from diplomap.analytics.conflict import ConflictResult, CooperationConflict
from diplomap.analytics.dyad import DyadResult, dyad
from diplomap.analytics.ladder import TIERS, Ladder, LadderResult, partnership_tier
from diplomap.analytics.priorities import Priorities, PrioritiesResult
from diplomap.analytics.profile import Profile, default_measures, load_blocs, profile
from diplomap.analytics.reach import BANDS, Reach, ReachResult, geodesic_km
from diplomap.analytics.scale import Scale, ScaleResult
from diplomap.analytics.tempo import Tempo, TempoResult
from diplomap.analytics.vectors import Balance, Vectors, VectorsResult, balance

__all__ = [
    "BANDS", "Balance", "Broker", "BrokerResult", "Comparison", "ConflictResult", "Context", "CooperationConflict",
    "DyadResult", "Figure", "Ladder", "LadderResult", "Measure", "MeasureError", "Priorities", "PrioritiesResult",
    "Profile", "Reach", "ReachResult", "Result", "Scale", "ScaleResult", "Section", "TIERS", "Tempo", "TempoResult",
    "Vectors", "VectorsResult", "Window", "balance", "compare", "default_measures", "dyad", "geodesic_km",
    "load_blocs", "partnership_tier", "profile",
]
