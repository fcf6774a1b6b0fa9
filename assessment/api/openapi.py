"""The OpenAPI 3.1 document of the API and the open-data JSON (openapi.yaml
beside this file), read once per process.

Data, not code: the document is the one description of every route and
field. The API serves it as JSON, the /data/api page shows its examples,
and tests/web/api/test_openapi.py checks real responses against it.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DOCUMENT = Path(__file__).with_name("openapi.yaml")


@lru_cache(maxsize=1)
def _loaded() -> dict[str, Any]:
    with DOCUMENT.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def openapi_document() -> dict[str, Any]:
    """A fresh copy, so no caller can change what the next one reads."""
    return copy.deepcopy(_loaded())


def resolve(document: dict[str, Any], node: Any) -> Any:
    """`node`, or what its local "$ref" ("#/components/...") points at."""
    while isinstance(node, dict) and "$ref" in node:
        target: Any = document
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _with_schema(document: dict[str, Any], parameter: dict[str, Any]) -> dict[str, Any]:
    """The parameter with its schema resolved, so its allowed values can be listed."""
    return {**parameter, "schema": resolve(document, parameter.get("schema", {}))}


def operations(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Every operation in document order: its path, method, summary, parameters
    (resolved) and, for each response status, its media type and example value."""
    found = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            responses = []
            for status, response in operation["responses"].items():
                response = resolve(document, response)
                for media_type, media in response.get("content", {}).items():
                    example = next(iter(media.get("examples", {}).values()), None)
                    responses.append(
                        {
                            "status": status,
                            "description": response["description"],
                            "media_type": media_type,
                            "example": resolve(document, example)["value"] if example is not None else None,
                        }
                    )
            found.append(
                {
                    "id": operation["operationId"],
                    "path": path,
                    "method": method.upper(),
                    "summary": operation["summary"],
                    "parameters": [
                        _with_schema(document, resolve(document, p)) for p in operation.get("parameters", [])
                    ],
                    "responses": responses,
                }
            )
            found[-1]["request"] = example_request(found[-1])
    return found


def example_request(operation: dict[str, Any]) -> str:
    """The operation's address with its parameters' examples filled in
    ("/api/v1/jurisdictions/1204", "/api/v1/scorecards?state=WA")."""
    path, query = operation["path"], []
    for parameter in operation["parameters"]:
        if "example" not in parameter:
            continue
        if parameter["in"] == "path":
            path = path.replace("{" + parameter["name"] + "}", str(parameter["example"]))
        else:
            query.append(f"{parameter['name']}={parameter['example']}")
    return path + ("?" + "&".join(query) if query else "")
