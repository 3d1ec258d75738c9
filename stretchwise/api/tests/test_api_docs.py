from __future__ import annotations

import re
from pathlib import Path

from stretchwise.api.api import api

DOCS = Path(__file__).resolve().parents[3] / "docs" / "api.md"


def operations() -> list[tuple[str, str, str]]:
    schema = api.get_openapi_schema()
    return [
        (method.upper(), path, op["operationId"])
        for path, methods in schema["paths"].items()
        for method, op in methods.items()
    ]


def test_every_api_operation_is_documented_with_its_method_path_and_id() -> None:
    text = DOCS.read_text()
    missing = [
        f"{method} {path} ({op_id})"
        for method, path, op_id in operations()
        if f"`{method} {path}`" not in text or f"`{op_id}`" not in text
    ]
    assert not missing, f"describe these in docs/api.md: {missing}"


def test_the_docs_describe_no_operation_that_does_not_exist() -> None:
    documented = set(
        re.findall(r"### `(GET|POST|PATCH|PUT|DELETE) (/api/v1/\S*)`", DOCS.read_text())
    )
    assert documented <= {(m, p) for m, p, _ in operations()}


def test_every_operation_documents_its_error_responses() -> None:
    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for method, op in methods.items():
            needed = {"404", "422"} | ({"401", "403"} if op.get("security") else set())
            assert needed <= set(map(str, op["responses"])), (method, path)
