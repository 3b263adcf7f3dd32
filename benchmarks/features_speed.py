"""Speed of actors + quotes + sentiment, in articles per second per core; prints one JSON line.

    python benchmarks/features_speed.py                        # the AllSides dev corpus, 600 articles
    python benchmarks/features_speed.py --corpus my.jsonl --n 1000 --words 600

Articles of at least `--words` words are cut at the paragraph that reaches `--words`
(so each is about that long), cleaned and split into sentences by framescope's ingest
(not timed). The models are trained first from the bundled starter sets (not timed).
Then, timed in CPU seconds of this one process (so other work on the machine does not
count): the features step (actors, direct and indirect quotes, share of voice, text
features) and the sentiment step (VADER and the model per sentence, article tone, the
target-dependent tone about each actor), exactly as the workflow's shard jobs run them
(garbage collection paused, as there), on one table of all the articles. Reading and
writing Parquet is not included. The fastest of `--repeat` runs is reported.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "allsides-2000.jsonl"


def reshape(corpus: Path, n: int, words: int) -> list[dict]:
    out = []
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            text = record.get("text") or ""
            if len(text.split()) < words:
                continue
            kept, count = [], 0
            for para in text.split("\n"):
                if not para.strip():
                    continue
                kept.append(para)
                count += len(para.split())
                if count >= words:
                    break
            out.append({"id": record.get("id") or f"a{len(out)}", "text": "\n\n".join(kept)})
            if len(out) == n:
                break
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--corpus", default=str(DEFAULT_CORPUS), help="a JSONL corpus with id and text")
    p.add_argument("--n", type=int, default=600, help="number of articles")
    p.add_argument("--words", type=int, default=600, help="words per article (cut at a paragraph end)")
    p.add_argument("--repeat", type=int, default=3, help="timed runs; the fastest is reported")
    a = p.parse_args(argv)

    from framescope.corpus.ingest import ingest_items
    from framescope.corpus.read import iter_items
    from framescope.sentiment.model import load_starter, train_model
    from framescope.sentiment.data import load_target_starter
    from framescope.commands import features
    from framescope.sentiment.target import build_target_model, as_rows
    from framescope.sentiment import model as sentiment

    corpus = Path(a.corpus)
    if not corpus.is_file():
        print(f"corpus {corpus} not found (give --corpus)", file=sys.stderr)
        return 2
    records = reshape(corpus, a.n, a.words)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        articles, sentences, _ = ingest_items(iter_items(path))
    model, _ = train_model(load_starter(), folds=2)
    target_data = load_target_starter()
    target_model = build_target_model().fit(as_rows(target_data), target_data["label"].to_numpy(dtype=object))

    from framescope.sentiment.target import _prepare, context_counts, read_sentence

    timings = []
    for _ in range(a.repeat):
        for cache in (read_sentence, context_counts, _prepare):
            cache.cache_clear()  # every run reads every sentence afresh
        with features.paused_gc():  # as the workflow's steps run them
            t0 = time.process_time()
            mentions, quotes, text_features, voices = features.extract(articles, sentences)
            t1 = time.process_time()
            scores = sentiment.score_sentences(sentences, model)
            sentiment.article_sentiment(scores)
            actors = sentiment.actor_sentiment(scores, mentions, quotes, model, target_model=target_model,
                                               sentences=sentences)
            t2 = time.process_time()
        timings.append((t1 - t0, t2 - t1))
    features_s, sentiment_s = min(timings, key=sum)
    n = len(articles)
    total = features_s + sentiment_s
    print(json.dumps({
        "benchmark": "actors+quotes+sentiment",
        "articles": n,
        "mean_words": round(float(articles["n_words"].mean()), 1),
        "sentences": int(len(sentences)),
        "mentions": int(len(mentions)),
        "quotes": int(len(quotes)),
        "actor_rows": int(len(actors)),
        "cpu_seconds": round(total, 3),
        "articles_per_second_per_core": round(n / total, 1),
        "ms_per_article": {"features": round(features_s / n * 1000, 3), "sentiment": round(sentiment_s / n * 1000, 3)},
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
