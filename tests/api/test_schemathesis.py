"""schemathesis against the app's own OpenAPI description, every operation (issue 11, finding 7).

A real `graphkit serve` (read-only, two query workers) is probed with requests schemathesis
generates from /openapi.json: schema-valid ones (positive) and schema-violating ones (negative),
a bounded number per operation so the whole runs in a minute or two. Every response must be
declared (status, content type, headers such as `Retry-After` and `Allow`), match its schema,
and never be a server error; an input the schema allows may be refused (400/422) only for a
parameter the description says is checked beyond the schema, and the refusal must name it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import positive_data_acceptance
from schemathesis.core.failures import Failure

from graphkit.api.openapi import CHECKED_BEYOND_SCHEMA, ERRORS
from tests.servers import serve_process

#: Examples per operation and mode: enough to reach every parameter, bounded for CI. Fewer
#: negative ones: a schema violation is refused by FastAPI's one validation step, reshaped by
#: the one handler, whatever the operation (tests/api/test_http_surface.py checks that shape).
EXAMPLES = {GenerationMode.POSITIVE: 18, GenerationMode.NEGATIVE: 8}
#: Operations whose every answer computes over a whole network (a path search, a measure):
#: a third of the examples, so CI stays in its time (their parameters are few and checked alike).
HEAVY = ("GET /api/path", "GET /api/analytics/")
#: Writes, which the read-only server here refuses (403) whatever the input: a third of the
#: examples too (tests/api/test_graph_store.py covers their input on a writable server).
REFUSED = ("PUT /rdf-graphs", "POST /rdf-graphs", "DELETE /rdf-graphs")


class RefusedUndeclared(Failure):
    """A schema-valid request refused for a reason the description does not declare."""


@schemathesis.check
def refused_only_as_declared(ctx: Any, response: Any, case: Any) -> bool | None:
    """Schema-valid input is accepted, or refused (400/422) naming a parameter checked beyond the schema."""
    if case.meta is None or case.meta.generation.mode != GenerationMode.POSITIVE:
        return None
    if response.status_code not in (400, 422):
        return None
    error = response.json().get("error", {})
    parameter = error.get("detail", {}).get("parameter")
    if parameter in CHECKED_BEYOND_SCHEMA:
        return True
    raise RefusedUndeclared(
        operation=case.operation.label,
        title="Schema-valid request refused",
        message=f"{response.status_code} naming {parameter!r}, which the description does not say is "
        f"checked beyond its schema: {response.text[:300]}",
    )


@pytest.fixture(scope="module")
def api_schema(copy_store: Callable[[], Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    log = tmp_path_factory.mktemp("schemathesis") / "serve.log"
    with serve_process(copy_store(), "--read-only", "--workers", "2", log=log) as running:
        yield schemathesis.openapi.from_url(running.url + "/openapi.json")


def test_every_operation_is_probed(api_schema: Any) -> None:
    described = {result.ok().label for result in api_schema.get_all_operations()}
    assert described == set(ERRORS)


@pytest.mark.parametrize("mode", list(EXAMPLES), ids=str)
@pytest.mark.parametrize("label", sorted(ERRORS))
def test_operation_honours_its_description(api_schema: Any, label: str, mode: GenerationMode) -> None:
    operation = api_schema.find_operation_by_label(label)
    takes_input = operation.query or operation.path_parameters or operation.body
    if mode == GenerationMode.NEGATIVE and not takes_input:
        pytest.skip("nothing to violate: the operation takes no input")

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=max(EXAMPLES[mode] // 3, 3) if label.startswith(HEAVY + REFUSED) else EXAMPLES[mode],
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def probe(case: Any) -> None:
        case.call_and_validate(
            excluded_checks=[positive_data_acceptance], additional_checks=[refused_only_as_declared]
        )

    probe()
