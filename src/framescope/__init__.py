"""framescope: a reproducible media-framing research workflow."""

__version__ = "0.1.0"


def load_results(path="results"):
    """Load the corpus-level result tables of a run (see :mod:`framescope.analysis.results`)."""
    from framescope.analysis.results import load_results as _load

    return _load(path)
