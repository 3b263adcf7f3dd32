"""Every workflow setting has one default, written once: in config/config.yaml."""

from __future__ import annotations

from pathlib import Path

import yaml

from framescope.workflow.configcheck import config_problems

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "workflow" / "schemas" / "config.schema.yaml"


def _walk(node, path=()):
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, (*path, i))


def _keys(schema: dict, prefix: str = "") -> list[str]:
    """Every key the schema describes, dotted ("prevalence.bootstrap")."""
    out = []
    for key, sub in schema.get("properties", {}).items():
        out.append(prefix + key)
        out.extend(_keys(sub, prefix + key + "."))
    return out


def test_the_schema_checks_and_holds_no_defaults():
    schema = yaml.safe_load(SCHEMA.read_text())
    assert [p for p, node in _walk(schema) if isinstance(node, dict) and "default" in node] == []


def test_config_yaml_sets_every_key_the_schema_knows_and_passes_it():
    schema = yaml.safe_load(SCHEMA.read_text())
    config = yaml.safe_load((ROOT / "config" / "config.yaml").read_text())
    assert config_problems(config, schema) == []

    def has(key):
        node = config
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                return False
            node = node[part]
        return True

    assert [k for k in _keys(schema) if not has(k)] == []


def test_a_config_without_a_key_is_refused_naming_it():
    schema = yaml.safe_load(SCHEMA.read_text())
    config = yaml.safe_load((ROOT / "config" / "config.yaml").read_text())
    del config["near_duplicates"]["threshold"]
    assert any("threshold" in p for p in config_problems(config, schema))
