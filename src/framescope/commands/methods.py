"""`framescope methods`: the run's methods section as Markdown, a LaTeX fragment and BibTeX.

Every number in it is read from the run's outputs (see :mod:`framescope.analysis.methods`).
"""

from __future__ import annotations

from framescope.analysis.methods import compose, write_methods


def run(results, md, tex, bib, gold, codebook=None, default_config=None, reliability=(), evaluation=None) -> None:
    """Write the methods section of the run in `results`; `gold` is the config key ``gold`` (a list of files)."""
    write_methods(compose(results, codebook=codebook, default_config=default_config, reliability=reliability,
                          gold=gold, evaluation=evaluation), md, tex, bib)


def add_parser(subparsers) -> None:
    """Register `framescope methods`."""
    p = subparsers.add_parser("methods", description=__doc__.splitlines()[0],
                              help="the run's methods section (Markdown, LaTeX, BibTeX), read from its outputs")
    p.add_argument("--results", default="results", help="the run's results folder")
    p.add_argument("--codebook", default=None, help="the codebook file the run used (its name, frames and citation)")
    p.add_argument("--default-config", default=None,
                   help="config/config.yaml: the command that reruns the run names the settings that differ from it")
    p.add_argument("--reliability", nargs="*", default=[],
                   help="coding rounds' reliability.json files (coding/<round>/reliability/reliability.json)")
    p.add_argument("--gold", nargs="*", default=[],
                   help="hand-coded gold files to score the quotes and actors against (config key gold; "
                        "their article paths are relative to the current folder)")
    p.add_argument("--evaluation", default=None,
                   help="results/evaluation/metrics.json when the run validated the frames model ('none': it did not)")
    p.add_argument("--md", default="results/methods.md")
    p.add_argument("--tex", default="results/methods.tex")
    p.add_argument("--bib", default="results/methods.bib")
    p.set_defaults(func=lambda a: run(a.results, a.md, a.tex, a.bib, gold=a.gold, codebook=a.codebook,
                                      default_config=a.default_config, reliability=a.reliability,
                                      evaluation=None if a.evaluation in (None, "none") else a.evaluation))
