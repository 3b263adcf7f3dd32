"""Model files written before framescope's modules moved into subpackages still load; others say to retrain."""

from __future__ import annotations

import hashlib
import pickle

import pytest

from framescope.base.io import ModelIntegrityError, load_model, save_model
from framescope.text.vectorize import FastTfidfVectorizer


def _write_with_digest(path, blob: bytes) -> None:
    path.write_bytes(blob)
    path.with_name(path.name + ".sha256").write_text(f"{hashlib.sha256(blob).hexdigest()}  {path.name}\n")


def test_a_model_pickled_under_the_old_module_path_loads(tmp_path):
    model = FastTfidfVectorizer(ngram_range=(1, 2)).fit(["a tax cut", "a tax rise", "the court ruled"])
    # protocol 0 names the class as text: "cframescope.text.vectorize\nFastTfidfVectorizer\n"
    blob = pickle.dumps(model, protocol=0)
    assert b"framescope.text.vectorize\n" in blob
    _write_with_digest(tmp_path / "model.pkl", blob.replace(b"framescope.text.vectorize\n", b"framescope.textvec\n"))

    loaded = load_model(tmp_path / "model.pkl")

    assert type(loaded) is FastTfidfVectorizer
    assert (loaded.transform(["a tax cut"]) != model.transform(["a tax cut"])).nnz == 0


def test_a_model_whose_class_is_gone_asks_for_retraining(tmp_path):
    blob = pickle.dumps(FastTfidfVectorizer(), protocol=0).replace(
        b"framescope.text.vectorize\nFastTfidfVectorizer\n", b"framescope.textvec\nNoSuchVectorizer\n"
    )
    _write_with_digest(tmp_path / "model.pkl", blob)

    with pytest.raises(ModelIntegrityError, match="retrain"):
        load_model(tmp_path / "model.pkl")


def test_save_and_load_round_trip(tmp_path):
    save_model({"weights": [1, 2, 3]}, tmp_path / "model.pkl")
    assert load_model(tmp_path / "model.pkl") == {"weights": [1, 2, 3]}
