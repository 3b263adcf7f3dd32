"""Checking a run's config against its JSON schema, with messages a user can act on.

jsonschema's own messages ("'many' is not valid under any of the given schemas")
say what failed in the schema's terms. These say which key, what it holds, and what
it may hold instead::

    config key 'shards': "many" is not allowed; use "auto" or a whole number from 1 to 4096
    config key 'corpuss' is not a known key (did you mean 'corpus'?); known keys: actors, corpus, ...

The Snakefile calls :func:`config_problems` before it builds any rule, so a bad
config fails in the first second, before any job runs.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import yaml


def config_problems(config: dict, schema: dict | str | Path) -> list[str]:
    """Every way `config` breaks `schema` (a schema or a path to one), as messages; [] when valid."""
    from jsonschema import Draft202012Validator

    if not isinstance(schema, dict):
        schema = yaml.safe_load(Path(schema).read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema)
    problems: list[str] = []
    errors = sorted(validator.iter_errors(config), key=lambda e: ([str(p) for p in e.absolute_path], e.message))
    for error in errors:
        for message in _messages(error):
            if message not in problems:
                problems.append(message)
    return problems


def _key(path) -> str:
    return ".".join(str(p) for p in path)


def _show(value) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        return repr(value)


def _range(schema: dict) -> str:
    low = schema.get("minimum")
    high = schema.get("maximum")
    above = schema.get("exclusiveMinimum")
    parts = []
    if low is not None and high is not None:
        return f" from {low} to {high}"
    if above is not None:
        parts.append(f"above {above}")
    elif low is not None:
        parts.append(f"at least {low}")
    if high is not None:
        parts.append(f"at most {high}")
    return (" " + " and ".join(parts)) if parts else ""


def allowed(schema: dict) -> str:
    """What a schema allows, in words: '"auto" or a whole number from 1 to 4096'."""
    if "enum" in schema:
        return " or ".join(_show(v) for v in schema["enum"])
    if "const" in schema:
        return _show(schema["const"])
    for key in ("oneOf", "anyOf"):
        if key in schema:
            return " or ".join(allowed(s) for s in schema[key])
    kind = schema.get("type")
    if kind == "boolean":
        return "true or false"
    if kind == "integer":
        return "a whole number" + _range(schema)
    if kind == "number":
        return "a number" + _range(schema)
    if kind == "string":
        if "pattern" in schema and "description" in schema:
            return schema["description"]
        return "non-empty text" if schema.get("minLength") else "text"
    if kind == "array":
        items = schema.get("items")
        return "a list" + (f" of {allowed(items)} values" if isinstance(items, dict) and items.get("type") else "")
    if kind == "object":
        keys = sorted(schema.get("properties", {}))
        return "a mapping" + (f" with the keys {', '.join(keys)}" if keys else "")
    return "a value the schema describes"


def _messages(error) -> list[str]:
    path = list(error.absolute_path)
    prefix = _key(path) + "." if path else ""
    where = f" under '{_key(path)}'" if path else ""
    if error.validator == "additionalProperties":
        known = sorted(error.schema.get("properties", {}))
        out = []
        for name in sorted(set(error.instance) - set(known), key=str):
            close = difflib.get_close_matches(str(name), known, n=1)
            hint = f" (did you mean '{prefix}{close[0]}'?)" if close else ""
            out.append(f"config key '{prefix}{name}' is not a known key{hint}; known keys{where}: {', '.join(known)}")
        return out
    if error.validator == "required":
        missing = [name for name in error.validator_value if name not in error.instance]
        return [f"config key '{prefix}{name}' is missing; it takes {allowed(error.schema['properties'][name])}"
                if name in error.schema.get("properties", {}) else f"config key '{prefix}{name}' is missing"
                for name in missing]
    key = _key(path) or "(the whole config)"
    hint = error.schema.get("description")
    note = f" ({hint})" if hint else ""
    return [f"config key '{key}': {_show(error.instance)} is not allowed; use {allowed(error.schema)}{note}"]
