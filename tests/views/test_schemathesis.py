"""Schemathesis against the dashboard's OpenAPI document, in process, on the small views store.

Every operation of /openapi.json gets generated requests, valid (positive) and invalid
(negative) ones, and those with a path parameter also valid requests about a stored event
or actor, so the measures run and not only the 404 path. Each response is checked by
schemathesis: no 5xx, a documented status code and content type, a body that conforms to
the response schema, invalid requests refused and valid ones accepted. A valid request may
still get 400: a window that ends before it starts, one actor twice, too few codes to
compare; those constraints between parameters cannot be written in OpenAPI. The counts go
to test-artifacts/schemathesis-summary.txt. The cases are the same on every run;
DIPLOMAP_SCHEMATHESIS_EXAMPLES=500 searches harder than the default 40 per operation and kind.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed: pip install -e '.[test]'")
pytest.importorskip("fastapi", reason="the web extra is not installed: pip install -e '.[web]'")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis.errors import Unsatisfiable  # noqa: E402
from schemathesis.config import SchemathesisConfig  # noqa: E402
from schemathesis.generation import GenerationMode  # noqa: E402
from views_articles import FOCAL  # noqa: E402

from diplomap.web import create_app  # noqa: E402

EXAMPLES = int(os.environ.get("DIPLOMAP_SCHEMATHESIS_EXAMPLES", "40"))
SUMMARY = Path(__file__).resolve().parents[2] / "test-artifacts" / "schemathesis-summary.txt"
# valid data may be refused with 400 (constraints between parameters) or 404 (no such event or actor)
CONFIG = {"checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "400", "404"]}}}
# derandomized: the same cases on every run, so a failure is a change in the app, not a lucky draw
BOUNDED = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                   suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def api_schema(views_store):
    app = create_app(views_store)
    return schemathesis.openapi.from_asgi("/openapi.json", app, config=SchemathesisConfig.from_dict(CONFIG))


@pytest.fixture(scope="module")
def known(views_store, focal_profile):
    """Path parameters that name something stored: an event, the focal actor and its first partner."""
    event_id = min(record["event_id"] for record in views_store.events())
    partner = focal_profile["scale"].partners[0].key
    return {"event_id": event_id, "code": FOCAL, "a": FOCAL, "b": partner}


@pytest.fixture(scope="module")
def tally():
    counts: Counter = Counter()
    yield counts
    SUMMARY.parent.mkdir(exist_ok=True)
    SUMMARY.write_text("".join(f"{key}: {value}\n" for key, value in sorted(counts.items())), encoding="utf-8")


def runs(schema, known):
    """(label, operation, mode, fixed path parameters or None) for every run of the test."""
    for operation in (result.ok() for result in schema.get_all_operations()):
        names = [parameter.name for parameter in operation.path_parameters]
        for mode in GenerationMode:
            yield f"{operation.label} {mode.value}", operation, mode, None
            if names:
                yield f"{operation.label} {mode.value}, stored ids", operation, mode, {n: known[n] for n in names}


def exercise(operation, mode, path_parameters, tally) -> str | None:
    """Run one operation's generated cases; the failure schemathesis reports, if any."""
    @BOUNDED
    @given(operation.as_strategy(mode, path_parameters=path_parameters))
    def check(case):
        tally["examples"] += 1
        try:
            response = case.call()
        except Exception:           # in process, an exception the app lets out is what a server turns into a 500
            tally["server errors (5xx or unhandled)"] += 1
            raise
        tally["server errors (5xx or unhandled)"] += response.status_code >= 500
        case.validate_response(response)

    try:
        check()
    except Unsatisfiable:       # nothing invalid to send (no parameters, or free-text ones only)
        tally["runs with no invalid request to make"] += 1
    except (Exception, BaseExceptionGroup) as error:  # the checks that failed, each with a curl line
        return str(error)
    return None


def test_every_operation_conforms_to_the_schema(api_schema, known, tally):
    failures = []
    operations = set()
    for label, operation, mode, path_parameters in runs(api_schema, known):
        operations.add(operation.label)
        tally["runs"] += 1
        failure = exercise(operation, mode, path_parameters, tally)
        if failure:
            failures.append(f"{label}:\n{failure}")
    tally["operations"] = len(operations)
    tally["failed runs"] = len(failures)
    assert len(operations) >= 7
    assert not failures, "\n\n".join(failures)
    assert tally["server errors (5xx or unhandled)"] == 0
