"""The front-end files shipped in ``diplomap/report/static``, read through importlib.resources.

The report inlines them (scripts, styles, the country outlines); the web app serves
the same folder. ``VENDOR`` lists the third-party files in load order; their
versions and licences are in ``static/NOTICE.md``.
"""

from __future__ import annotations

import base64
import json
import re
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable

from diplomap.errors import DiplomapError

VENDOR_SCRIPTS = (
    "vendor/leaflet/leaflet.js",
    "vendor/topojson-client.min.js",
    "vendor/vega.min.js",
    "vendor/vega-lite.min.js",
    "vendor/vega-embed.min.js",
)
VENDOR_STYLES = ("vendor/leaflet/leaflet.css",)
OWN_SCRIPTS = ("views.js",)
OWN_STYLES = ("views.css",)
COUNTRIES = "data/countries-110m.json"

_SOURCE_MAP = re.compile(r"^//# sourceMappingURL=\S+\s*$", re.MULTILINE)
_CSS_URL = re.compile(r"url\((images/[\w.-]+\.png)\)")
_SCRIPT_END = re.compile(r"</script", re.IGNORECASE)
_STYLE_END = re.compile(r"</style", re.IGNORECASE)


class ReportError(DiplomapError):
    """The report cannot be built or written."""


class AssetError(ReportError):
    """A file the views need is missing from the installed package, or cannot be inlined."""


def static_root() -> Traversable:
    return files("diplomap.report") / "static"


def asset(name: str) -> Traversable:
    item = static_root().joinpath(*name.split("/"))
    if not item.is_file():
        raise AssetError(f"{name}: missing from diplomap's static files; reinstall diplomap")
    return item


@cache
def asset_text(name: str) -> str:
    return asset(name).read_text(encoding="utf-8")


@cache
def inline_script(name: str) -> str:
    """A script's text ready to sit inside <script>: no source-map comment, no "</script"."""
    text = _SOURCE_MAP.sub("", asset_text(name))
    if _SCRIPT_END.search(text):
        raise AssetError(f"{name}: contains '</script' and cannot be inlined")
    return text


@cache
def inline_style(name: str) -> str:
    """A stylesheet's text ready to sit inside <style>, its images as data: URLs."""
    folder = name.rsplit("/", 1)[0] + "/" if "/" in name else ""

    def data_url(match: re.Match) -> str:
        raw = asset(folder + match.group(1)).read_bytes()
        return "url(data:image/png;base64," + base64.b64encode(raw).decode("ascii") + ")"

    text = _CSS_URL.sub(data_url, _SOURCE_MAP.sub("", asset_text(name)))
    if _STYLE_END.search(text):
        raise AssetError(f"{name}: contains '</style' and cannot be inlined")
    return text


def script_json(value) -> str:
    """JSON that is safe inside a <script> element: no "</script", "<!--" or line separators.

    Escaping <, > and & as \\u003c, \\u003e and \\u0026 keeps the text inert for the HTML
    parser; JSON.parse reads the same value back.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
