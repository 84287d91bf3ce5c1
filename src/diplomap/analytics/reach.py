"""Reach: how far from the focal actor's capital its events take place.

Distances are geodesics on the WGS84 ellipsoid (``geographiclib``) from the capital
in the knowledge base to each event's location; events without coordinates are
counted in a note. Every event counts once, wherever it took place.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

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
        rows = context.focal_columns("SELECT canonical_id, location_name, location_country, location_lat, location_lon "
                                     "FROM focal ORDER BY canonical_id")
        columns = (rows["canonical_id"], rows["location_name"], rows["location_country"], rows["location_lat"],
                   rows["location_lon"])
        unlocated = tuple(event_id for event_id, _, _, lat, lon in zip(*columns) if lat is None or lon is None)
        capital = context.kb.capital(context.focal)
        if capital is None:
            return _empty(unlocated, f"{context.focal} has no capital with coordinates in the knowledge base: "
                                     "no distances")
        distances = tuple(EventDistance(event_id, place, country, lat, lon, geodesic_km(capital.lat, capital.lon, lat, lon))
                          for event_id, place, country, lat, lon in zip(*columns)
                          if lat is not None and lon is not None)
        notes = (f"{len(unlocated)} event(s) without a located place are left out",) if unlocated else ()
        return ReachResult(
            capital=capital.name, origin=(capital.lat, capital.lon), distances=distances,
            median_km=percentile([d.km for d in distances], 50), p90_km=percentile([d.km for d in distances], 90),
            countries=_places(distances, "country"), cities=_places(distances, "place"), bands=_bands(distances),
            unlocated_ids=unlocated, notes=notes)


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


def _places(distances, key: str) -> tuple[Place, ...]:
    """Places by the attribute ``key`` of each distance (``distances`` come in id order, one per event)."""
    groups: dict[str, list[EventDistance]] = defaultdict(list)
    for item in distances:
        name = getattr(item, key)
        if name:
            groups[name].append(item)
    places = [Place(name, items[0].country, len(items), min(i.km for i in items), tuple(i.event_id for i in items))
              for name, items in groups.items()]
    return tuple(sorted(places, key=lambda p: (-p.events, p.km, p.key)))


def _bands(distances) -> tuple[Band, ...]:
    """Events per distance band (``distances`` come in id order, one per event)."""
    total = len(distances)
    inside: list[list[str]] = [[] for _ in BANDS]
    for item in distances:
        for number, (_, low, high) in enumerate(BANDS):
            if low <= item.km < high:
                inside[number].append(item.event_id)
                break
    return tuple(Band(label, low, None if high == float("inf") else high, len(members),
                      len(members) / total if total else 0.0, tuple(members))
                 for (label, low, high), members in zip(BANDS, inside))


def _empty(unlocated, note: str) -> ReachResult:
    return ReachResult(None, None, (), None, None, (), (), _bands(()), unlocated, (note,))


def _km(value: float | None):
    return None if value is None else round(value)
