"""Quotes and speakers in French, German, Italian, Polish and Russian news: counts and speed; one JSON line each.

    python benchmarks/quotes_languages.py                      # ../shared/labelled/semeval2023-{fr,ge,it,po,ru}
    python benchmarks/quotes_languages.py --labelled DIR --sample 20 --seed 55

Reads the SemEval-2023 Task 3 training articles (title on the first line, then the body; the
body's lines become paragraphs) and reports per language: articles, sentences, direct quotes,
quotes with a named speaker, with an unnamed one ("un porte-parole"), with none, and the CPU
milliseconds per article of the quote finder and of the sentence splitter. There is no gold
file for these languages: judge precision by reading `--sample` named attributions per language
(printed to stderr with their context, never stored).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

from framescope.actors.speakers import find_quotes_in
from framescope.text.sentences import split_sentences

FOLDERS = {"fr": "fr", "de": "ge", "it": "it", "pl": "po", "ru": "ru"}
DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "labelled"


def bodies(folder: Path) -> list[str]:
    out = []
    for path in sorted(folder.glob("train-articles-subtask-2/*.txt")):
        lines = path.read_text(encoding="utf-8").split("\n")
        out.append("\n\n".join(line.strip() for line in lines[1:] if line.strip()))
    return out


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--labelled", type=Path, default=DEFAULT)
    ap.add_argument("--sample", type=int, default=0)
    ap.add_argument("--seed", type=int, default=55)
    a = ap.parse_args(argv)
    for language, name in FOLDERS.items():
        texts = bodies(a.labelled / f"semeval2023-{name}")
        if not texts:
            print(f"no articles under {a.labelled / f'semeval2023-{name}'}", file=sys.stderr)
            continue
        t = time.process_time()
        found = [find_quotes_in(text, language) for text in texts]
        quote_ms = (time.process_time() - t) / len(texts) * 1000
        t = time.process_time()
        n_sentences = sum(len(split_sentences(text, language)) for text in texts)
        sentence_ms = (time.process_time() - t) / len(texts) * 1000
        quotes = [(text, q) for text, qs in zip(texts, found) for q in qs]
        named = [(text, q) for text, q in quotes if q["speaker"] is not None]
        print(json.dumps({
            "language": language, "articles": len(texts), "sentences": n_sentences, "quotes": len(quotes),
            "named_speaker": len(named),
            "unnamed_speaker": sum(q["speaker"] is None and q["speaker_surface"] is not None for _, q in quotes),
            "no_speaker": sum(q["speaker"] is None and q["speaker_surface"] is None for _, q in quotes),
            "quote_ms_per_article": round(quote_ms, 2), "sentence_ms_per_article": round(sentence_ms, 2)}))
        for text, q in random.Random(a.seed).sample(named, min(a.sample, len(named))):
            context = text[max(0, q["start"] - 80):q["end"] + 80].replace("\n", " ")
            print(f"[{language}] {q['speaker']!r} ({q['cue']}): ...{context}...", file=sys.stderr)


if __name__ == "__main__":
    main()
