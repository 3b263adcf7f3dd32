"""Bad input in, a clear rejection or error out: fuzzed files, tampered models, half-written files, bad configs."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framescope.workflow.configcheck import config_problems
from framescope.corpus.ingest import ingest_items
from framescope.corpus.read import iter_items
from framescope.base.io import ModelIntegrityError, atomic_path, load_model, save_model, write_text

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "workflow" / "schemas" / "config.schema.yaml"
CONFIG = yaml.safe_load((ROOT / "config" / "config.yaml").read_text())


# --- any bytes, any file type: no exception, every input accounted for, offsets valid ---

JSONISH = st.lists(
    st.sampled_from(['{"id": "a", "text": "Hello there. Bye."}', '{"text": ', "[1, 2]", "{}", '{"text": 5}', "\ufeff",
                     '{"id": "../../x", "text": "Up and out."}', '{"text": "\\ud800 lone"}', "\x00", "null", '"str"']),
    max_size=8,
).map(lambda parts: "\n".join(parts).encode("utf-8"))


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "60")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    suffix=st.sampled_from([".txt", ".html", ".jsonl", ".json", ".csv", ".parquet", ".xyz"]),
    data=st.one_of(st.binary(max_size=400), st.text(max_size=400).map(lambda t: t.encode("utf-8", "surrogatepass")), JSONISH),
)
def test_any_bytes_are_read_or_rejected_never_raise(tmp_path_factory, suffix, data):
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / f"input{suffix}").write_bytes(data)
    items = list(iter_items(folder))
    articles, sentences, rejected = ingest_items(items)
    assert len(items) >= 1 and len(articles) + len(rejected) == len(items)
    assert rejected["reason"].str.len().gt(0).all()
    text = dict(zip(articles["article_id"], articles["text"]))
    for row in sentences.itertuples():
        assert text[row.article_id][row.start : row.end] == row.text
    for aid in articles["article_id"]:
        assert "/" not in aid and not aid.startswith((".", "-"))


# --- models: refused when the file is not the one that was trained ------------------------


class Boom:
    """A pickle that runs code when loaded: writes a marker file."""

    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (Path(self.marker), "pwned"))


def test_tampered_model_is_refused_before_it_is_unpickled(tmp_path):
    path = tmp_path / "model.pkl"
    digest = save_model({"weights": [1, 2, 3]}, path)
    assert (tmp_path / "model.pkl.sha256").read_text().split()[0] == digest
    assert load_model(path) == {"weights": [1, 2, 3]}

    marker = tmp_path / "marker"
    path.write_bytes(pickle.dumps(Boom(str(marker))))  # a swapped-in file that would run code
    with pytest.raises(ModelIntegrityError, match="does not match"):
        load_model(path)
    assert not marker.exists()

    blob = bytearray(pickle.dumps({"weights": [1, 2, 3]}, protocol=5))
    blob[-3] ^= 1  # one flipped bit
    path.write_bytes(bytes(blob))
    with pytest.raises(ModelIntegrityError, match="changed or corrupted"):
        load_model(path)

    (tmp_path / "model.pkl.sha256").unlink()
    with pytest.raises(ModelIntegrityError, match="no model.pkl.sha256"):
        load_model(path)


# --- never half-written -----------------------------------------------------------------


def test_a_failed_write_leaves_nothing_behind(tmp_path):
    target = tmp_path / "out" / "table.parquet"
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_bytes(b"half a file")
            raise RuntimeError("killed")
    assert not target.exists() and os.listdir(target.parent) == []


def test_a_killed_writer_leaves_no_file_that_looks_complete_and_the_next_write_clears_up(tmp_path):
    target = tmp_path / "summary.json"
    script = (
        "import os, sys\n"
        "from framescope.base.io import atomic_path\n"
        "with atomic_path(sys.argv[1]) as tmp:\n"
        "    tmp.write_text('{\"half\": ')\n"
        "    os._exit(9)  # as SIGKILL would: no cleanup runs\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run([sys.executable, "-c", script, str(target)], env=env)
    assert proc.returncode == 9
    assert not target.exists()
    left = os.listdir(tmp_path)
    assert len(left) == 1 and left[0].startswith(".summary.json.") and left[0].endswith(".tmp")
    write_text(target, "{}\n")
    assert os.listdir(tmp_path) == ["summary.json"]
    assert oct(target.stat().st_mode & 0o777) != oct(0o600)  # permissions of a normal file, not mkstemp's


# --- config errors name the key and what it may hold ------------------------------------


def test_config_errors_name_the_key_and_the_allowed_values():
    bad = {**CONFIG, "shards": "many", "keep_duplicates": "maybe", "corpuss": "seeds",
           "near_duplicates": {"threshold": 2, "shingle": 5}}
    problems = config_problems(bad, SCHEMA)
    assert "config key 'shards': \"many\" is not allowed; use a whole number from 1 to 4096 or \"auto\"" in problems[-1] or any(
        p.startswith("config key 'shards': \"many\" is not allowed; use a whole number from 1 to 4096 or \"auto\"") for p in problems)
    assert "config key 'keep_duplicates': \"maybe\" is not allowed; use true or false" in problems
    assert any(p.startswith("config key 'corpuss' is not a known key (did you mean 'corpus'?)") for p in problems)
    assert "config key 'near_duplicates.threshold': 2 is not allowed; use a number above 0 and at most 1" in problems
    assert len(problems) == 4
    assert config_problems(CONFIG, SCHEMA) == []


def test_missing_required_key_is_named():
    bad = {k: v for k, v in CONFIG.items() if k != "language"}
    assert config_problems(bad, SCHEMA) == [
        'config key \'language\' is missing; it takes "auto" or an ISO 639-1 code such as "en", given to every article']
    assert config_problems({**CONFIG, "language": "English"}, SCHEMA) == [
        'config key \'language\': "English" is not allowed; use "auto" or an ISO 639-1 code such as "en", '
        'given to every article']


def test_default_config_is_valid_json_roundtrip():
    # the checker works on what Snakemake hands it: plain JSON-like values
    assert config_problems(json.loads(json.dumps(CONFIG)), SCHEMA) == []
