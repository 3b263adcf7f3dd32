"""`framescope evaluate`: score the frames model on labelled data, the way the field scores it."""

from __future__ import annotations

from framescope.frames.classifier import SELECT_BY
from framescope.frames.embeddings import EMBEDDINGS
from framescope.frames.evaluate import evaluate, summary_line
from framescope.frames.formats import FORMATS


def add_parser(subparsers) -> None:
    s = subparsers.add_parser(
        "evaluate",
        help="cross-validate or train/test the frames model on labelled data",
        description=__doc__.split("\n\n")[0],
    )
    s.add_argument("--format", required=True, choices=FORMATS, help="layout of the labelled data")
    s.add_argument("--train", required=True, help="training data (file or folder, by format)")
    s.add_argument("--labels", default=None, help="labels file, for formats that keep labels apart (semeval2023, mfc)")
    s.add_argument("--test", default=None, help="test data: train on --train, score on this")
    s.add_argument("--test-labels", default=None, help="labels file of the test data")
    s.add_argument("--folds", type=int, default=5, help="cross-validation folds when there is no --test (default 5)")
    s.add_argument("--codebook", default=None, help="map the data's labels onto this codebook's frames")
    s.add_argument("--seed", type=int, default=0, help="random_state of folds and model")
    s.add_argument("--no-dense", action="store_true", help="TF-IDF features only (same as --embeddings none)")
    s.add_argument("--embeddings", choices=EMBEDDINGS, default=None,
                   help="text vectors beside the TF-IDF features: wordllama (default, fast), minilm "
                        "(all-MiniLM-L6-v2, English, ~60x slower), use (Universal Sentence Encoder "
                        "multilingual v3, ~30x slower) or none")
    s.add_argument("--no-learning-curve", action="store_true", help="skip the learning curve (saves ~1 fit)")
    s.add_argument("--save-model", action="store_true", help="also save the model fitted on all training data")
    s.add_argument("--select-by", choices=SELECT_BY, default="macro_f1",
                   help="multi-label: the inner cross-validation score that chooses C and the threshold strategy "
                        "(default macro_f1; mean_f1 = the mean of micro- and macro-F1)")
    s.add_argument("--out", required=True, help="folder for metrics.json and model_card.md")
    s.set_defaults(func=_run)


def _run(a) -> None:
    if a.test_labels and not a.test:
        raise ValueError("--test-labels needs --test")
    metrics = evaluate(
        a.format, a.train, labels=a.labels, test=a.test, test_labels=a.test_labels, folds=a.folds,
        codebook=a.codebook, random_state=a.seed, dense="none" if a.no_dense else a.embeddings,
        learning_curve=not a.no_learning_curve, save=a.save_model, out=a.out, select_by=a.select_by,
    )
    print(summary_line(metrics, a.out))
