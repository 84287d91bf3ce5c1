"""Reach: how far from the focal actor's capital its events take place.

Distances are geodesics on the WGS84 ellipsoid (``geographiclib``) from the capital
in the knowledge base to each event's location; events without coordinates are
counted in a note. Every event counts once, wherever it took place.
"""

from __future__ import annotations

import uuid
from bisect import bisect_right
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

import pyarrow as pa

from diplomap.analytics.base import Context, Figure, Measure, Result, Section, ids

# Distance bands in km, [low, high): the home region, the neighbourhood, the wider
# region, the continent, and beyond.
BANDS: tuple[tuple[str, float, float], ...] = (
    ("0-500 km", 0.0, 500.0),
    ("500-1500 km", 500.0, 1500.0),
    ("1500-3000 km", 1500.0, 3000.0),
    ("3000-6000 km", 3000.0, 6000.0),
    (">6000 km", 6000.0, float("inf")),
)


@dataclass(frozen=True)
class EventDistance:
    event_id: str
    place: str | None
    country: str | None
    lat: float
    lon: float
    km: float


@dataclass(frozen=True)
class Place:
    """A country or city reached, how many events there, and the nearest distance."""

    key: str
    country: str | None
    events: int
    km: float
    event_ids: tuple[str, ...]


@dataclass(frozen=True)
class Band:
    label: str
    low_km: float
    high_km: float | None
    events: int
    share: float
    event_ids: tuple[str, ...]


@dataclass(frozen=True)
class ReachResult(Result):
    capital: str | None
    origin: tuple[float, float] | None
    distances: tuple[EventDistance, ...]
    median_km: float | None
    p90_km: float | None
    countries: tuple[Place, ...]
    cities: tuple[Place, ...]
    bands: tuple[Band, ...]
    unlocated_ids: tuple[str, ...]
    notes: tuple[str, ...] = ()

    def sections(self) -> list[Section]:
        return [
            Section("Reach", ("measure", "value"), (
                ("from", self.capital or "-"),
                ("events with a place", len(self.distances)),
                ("median distance (km)", _km(self.median_km)),
                ("90th percentile (km)", _km(self.p90_km)),
                ("countries reached", len(self.countries)),
                ("cities reached", len(self.cities)))),
            Section("Distance bands", ("band", "events", "share"),
                    tuple((b.label, b.events, f"{b.share:.0%}") for b in self.bands)),
            Section("Places", ("city", "country", "events", "km"),
                    tuple((c.key, c.country or "", c.events, _km(c.km)) for c in self.cities)),
        ]

    def headline(self) -> tuple[Figure, ...]:
        located = ids(d.event_id for d in self.distances)
        return (Figure("median distance (km)", _km(self.median_km), located),
                Figure("90th percentile (km)", _km(self.p90_km), located),
                Figure("countries reached", len(self.countries), located))


class Reach(Measure):
    name = "reach"
    title = "Reach"

    def compute(self, context: Context) -> ReachResult:
        unlocated = tuple(context.focal_columns(
            f"SELECT canonical_id FROM focal WHERE {_UNLOCATED} ORDER BY canonical_id")["canonical_id"])
        capital = context.kb.capital(context.focal)
        if capital is None:
            return _empty(unlocated, f"{context.focal} has no capital with coordinates in the knowledge base: "
                                     "no distances")
        points = context.focal_columns(f"SELECT DISTINCT location_lat AS lat, location_lon AS lon FROM focal "
                                       f"WHERE NOT ({_UNLOCATED})")
        table = pa.table({"lat": pa.array(points["lat"], pa.float64()), "lon": pa.array(points["lon"], pa.float64()),
                          "km": pa.array([geodesic_km(capital.lat, capital.lon, lat, lon)
                                          for lat, lon in zip(points["lat"], points["lon"])], pa.float64())})
        name = f"_reach_{uuid.uuid4().hex}"
        with _registered(context, name, table):
            ctes = (f", located AS (SELECT f.canonical_id, f.location_name, f.location_country, f.location_lat, "
                    f"f.location_lon, p.km FROM focal f JOIN {name} p "
                    "ON p.lat = f.location_lat AND p.lon = f.location_lon)")
            rows = context.focal_columns("SELECT * FROM located ORDER BY canonical_id", ctes=ctes)
            groups = context.focal_columns(      # countries and cities in one pass, by grouping sets
                "SELECT GROUPING(location_name) = 1 AS by_country, CASE WHEN GROUPING(location_name) = 1 "
                "THEN location_country ELSE location_name END AS key, "
                "(array_agg(location_country ORDER BY canonical_id))[1] AS country, count(*) AS n, min(km) AS km, "
                "array_agg(canonical_id ORDER BY canonical_id) AS ids FROM located "
                "GROUP BY GROUPING SETS ((location_country), (location_name))", ctes=ctes)
        countries, cities = (_places(groups, by_country) for by_country in (True, False))
        kms = rows["km"]
        distances = tuple(EventDistance(*values) for values in zip(
            rows["canonical_id"], rows["location_name"], rows["location_country"], rows["location_lat"],
            rows["location_lon"], kms))
        notes = (f"{len(unlocated)} event(s) without a located place are left out",) if unlocated else ()
        return ReachResult(
            capital=capital.name, origin=(capital.lat, capital.lon), distances=distances,
            median_km=percentile(kms, 50), p90_km=percentile(kms, 90), countries=countries, cities=cities,
            bands=_bands(rows["canonical_id"], kms), unlocated_ids=unlocated, notes=notes)


_UNLOCATED = "location_lat IS NULL OR location_lon IS NULL"


@contextmanager
def _registered(context: Context, name: str, table):
    """``table`` (Arrow) queryable as ``name`` through the context's store (or bare DuckDB connection), for the block."""
    engine = getattr(context.store, "engine", None)
    if engine is not None:
        with engine.table(name, table):
            yield
        return
    context.store.register(name, table)
    try:
        yield
    finally:
        context.store.unregister(name)


@lru_cache(maxsize=65536)      # events repeat places: one geodesic per pair of points
def geodesic_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The geodesic distance on the WGS84 ellipsoid, in km."""
    from geographiclib.geodesic import Geodesic

    return Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2)["s12"] / 1000.0


def percentile(values: list[float], q: float) -> float | None:
    """The q-th percentile with linear interpolation between ranks (numpy's default)."""
    if not values:
        return None
    import numpy as np

    return float(np.percentile(values, q))


def _places(groups: dict[str, list], by_country: bool) -> tuple[Place, ...]:
    """Countries (or cities) from columns by_country, key, country (of the first event there), n,
    km (the nearest) and ids; nameless groups left out."""
    places = [Place(key, country, n, km, tuple(members)) for kind, key, country, n, km, members
              in zip(groups["by_country"], groups["key"], groups["country"], groups["n"], groups["km"], groups["ids"])
              if kind == by_country and key]
    return tuple(sorted(places, key=lambda p: (-p.events, p.km, p.key)))


def _bands(event_ids: list[str], kms: list[float]) -> tuple[Band, ...]:
    """Events per distance band (``event_ids`` in id order, with their distances)."""
    total = len(event_ids)
    lows = [low for _, low, _ in BANDS]
    inside: list[list[str]] = [[] for _ in BANDS]
    for event_id, km in zip(event_ids, kms):
        if km >= 0:
            inside[bisect_right(lows, km) - 1].append(event_id)
    return tuple(Band(label, low, None if high == float("inf") else high, len(members),
                      len(members) / total if total else 0.0, tuple(members))
                 for (label, low, high), members in zip(BANDS, inside))


def _empty(unlocated, note: str) -> ReachResult:
    return ReachResult(None, None, (), None, None, (), (), _bands([], []), unlocated, (note,))


def _km(value: float | None):
    return None if value is None else round(value)
