"""Reading a run's results from notebooks and scripts.

    >>> import framescope
    >>> r = framescope.load_results("results")
    >>> r.articles.head(); r.quotes.query("speaker == 'Pete Hegseth'")
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from framescope.base.io import read_table


def predicted_frames(path) -> tuple[pd.DataFrame, list[str]]:
    """The rows of a ``sentence_frames`` file with a predicted frame, and every frame in the file.

    Read a row group at a time, so memory holds the predicted rows only, with the string
    columns as Parquet stores them, dictionary-encoded (an integer per row), until the
    rows are filtered: decoding 42 million article ids and frame ids (100,000 articles) to
    keep one row in fifteen took most of the read. The columns come back as written.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    columns = ["article_id", "sent_id", "frame", "probability", "predicted"]
    file = pq.ParquetFile(path, read_dictionary=["article_id", "frame"])
    written = pq.read_schema(path)
    # the types as written, and the pandas metadata that say how they come back
    schema = pa.schema([written.field(c) for c in columns], metadata=written.metadata)
    rows, frames = [], set()
    for i in range(file.num_row_groups):
        group = file.read_row_group(i, columns=columns)
        frames.update(f for f in pc.unique(group["frame"]).to_pylist() if f is not None)
        rows.append(group.filter(pc.fill_null(group["predicted"], False)).cast(schema))
    table = pa.concat_tables(rows) if rows else schema.empty_table()
    return table.to_pandas(), sorted(frames)


@dataclass
class Results:
    """The corpus tables of one run, loaded lazily by attribute: `r.articles`, `r.frames` ..."""

    root: Path
    _cache: dict = field(default_factory=dict, repr=False)

    @property
    def tables_dir(self) -> Path:
        return self.root / "tables"

    def names(self) -> list[str]:
        """The tables this run has."""
        return sorted(p.stem for p in self.tables_dir.glob("*.parquet"))

    def table(self, name: str, columns: list[str] | None = None, articles=None) -> pd.DataFrame:
        """A corpus table; whole (and kept for the next call), or only some `columns` and/or `articles` (ids).

        A part is read fresh each time. Corpus tables come in row groups of whole articles,
        so a few articles' rows of a large table (``sentence_frames`` holds one row per
        sentence and frame: 42 million at 100,000 articles) come back at once, without
        reading the rest.
        """
        path = self.tables_dir / f"{name}.parquet"
        if columns is None and articles is None and name in self._cache:
            return self._cache[name]
        if not path.is_file():
            raise FileNotFoundError(
                f"{path} does not exist; tables here: {self.names()} (run `make run` or snakemake first)"
            )
        if columns is None and articles is None:
            self._cache[name] = read_table(path)
            return self._cache[name]
        if isinstance(articles, str):
            articles = [articles]
        filters = [("article_id", "in", sorted({str(a) for a in articles}))] if articles is not None else None
        return read_table(path, columns=columns, filters=filters)

    def predicted_frames(self) -> pd.DataFrame:
        """The rows of ``sentence_frames`` with a predicted frame (all that primary frames and the
        actor x frame table use), read a row group at a time: about one row in fifteen of the
        whole table, which at 100,000 articles would take some 5 GB in pandas."""
        return predicted_frames(self.tables_dir / "sentence_frames.parquet")[0]

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self.table(name)
        except FileNotFoundError as err:
            raise AttributeError(str(err)) from None

    @property
    def summary(self) -> dict:
        return json.loads((self.root / "summary.json").read_text())

    def metrics(self, model: str) -> dict:
        """Cross-validated metrics of a model of this run ('sentiment' or 'frames')."""
        return json.loads((self.root / "models" / model / "metrics.json").read_text())

    def has(self, name: str) -> bool:
        """Whether this run has the table `name` (some stages may be off or not yet run)."""
        return (self.tables_dir / f"{name}.parquet").is_file()

    @property
    def provenance(self) -> dict:
        """Inputs' digests, config, code digests and package versions of the run."""
        return json.loads((self.root / "provenance.json").read_text())

    def figures(self) -> dict[str, dict]:
        """Figure name -> its about.json: drawn or not, why not, its files."""
        return {
            info["figure"]: info
            for info in (json.loads(p.read_text()) for p in sorted((self.root / "figures").glob("*/about.json")))
        }

    def figure_data(self, name: str) -> pd.DataFrame:
        """The numbers figure `name` shows (its CSV files; several, e.g. one per article, are stacked with a `file` column)."""
        info = self.figures().get(name)
        if info is None:
            raise KeyError(f"no figure {name!r} in {self.root / 'figures'}; figures here: {sorted(self.figures())}")
        csvs = [f for f in info["files"] if f.endswith(".csv")]
        if not csvs:
            raise FileNotFoundError(f"figure {name!r} was not drawn: {info.get('reason')}")
        folder = self.root / "figures" / name
        frames = [pd.read_csv(folder / f).assign(file=f) for f in csvs]
        return frames[0].drop(columns="file") if len(frames) == 1 else pd.concat(frames, ignore_index=True)

    def quotes_by(self, speaker: str) -> pd.DataFrame:
        """The quotes of one speaker (canonical actor name), in article and text order."""
        quotes = self.table("quotes")
        return quotes[quotes["speaker"] == speaker].sort_values(["article_id", "quote_id"]).reset_index(drop=True)

    def figure_files(self) -> dict[str, list[Path]]:
        """Figure name -> its files (PDF, SVG, PNG)."""
        out = {}
        for about in sorted((self.root / "figures").glob("*/about.json")):
            info = json.loads(about.read_text())
            out[info["figure"]] = [about.parent / f for f in info["files"]]
        return out


def load_results(path: str | Path = "results") -> Results:
    """Open the results folder of a run; tables load on first use."""
    root = Path(path)
    if not (root / "tables").is_dir():
        raise FileNotFoundError(f"{root}/tables not found: is {root} the results folder of a framescope run?")
    return Results(root)
