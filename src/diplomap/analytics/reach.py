"""Reach: how far from the focal actor's capital its events take place.

Distances are geodesics on the WGS84 ellipsoid (``geographiclib``) from the capital
in the knowledge base to each event's location; events without coordinates are
counted in a note. Every event counts once, wherever it took place.
"""

from __future__ import annotations

from bisect import bisect_right
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
        located = [(event_id, place, country, lat, lon) for event_id, place, country, lat, lon in zip(*columns)
                   if lat is not None and lon is not None]
        km_at = {point: geodesic_km(capital.lat, capital.lon, *point)      # events repeat places
                 for point in {(lat, lon) for *_, lat, lon in located}}
        kms = [km_at[(lat, lon)] for *_, lat, lon in located]
        distances = tuple(EventDistance(*where, km) for where, km in zip(located, kms))
        event_ids, places, countries = ([where[i] for where in located] for i in range(3))
        notes = (f"{len(unlocated)} event(s) without a located place are left out",) if unlocated else ()
        return ReachResult(
            capital=capital.name, origin=(capital.lat, capital.lon), distances=distances,
            median_km=percentile(kms, 50), p90_km=percentile(kms, 90),
            countries=_places(event_ids, countries, countries, kms), cities=_places(event_ids, places, countries, kms),
            bands=_bands(event_ids, kms), unlocated_ids=unlocated, notes=notes)


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


def _places(event_ids: list[str], keys: list, countries: list, kms: list[float]) -> tuple[Place, ...]:
    """Places by ``keys`` (a place or country name per located event, in id order), with the
    country of the first event there, the events and the nearest distance."""
    groups: dict[str, list] = {}
    for event_id, key, country, km in zip(event_ids, keys, countries, kms):
        if key:
            group = groups.get(key)
            if group is None:
                groups[key] = [country, km, [event_id]]
            else:
                group[1] = min(group[1], km)
                group[2].append(event_id)
    places = [Place(key, country, len(members), km, tuple(members)) for key, (country, km, members) in groups.items()]
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
