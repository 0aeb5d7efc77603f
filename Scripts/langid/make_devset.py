#!/usr/bin/env python3
"""Builds a language-identification dev set from the held-out part of ../shared/data.

    python3 Scripts/langid/make_devset.py ../shared/data bench-data/langid-dev.tsv
    python3 Scripts/langid/make_devset.py ../shared/data bench-data/langid-genre.tsv --genre

The first is the same-genre dev set (lines held out by position from the sources the model
trains on); with --genre, the other-genre one (whole sources the model never sees: the UDHR,
and one source per language of langid-extra/; Serbian in Latin script counts as sr). See split.py.
Per language, up to 1,000 items of each kind, drawn from held-out lines only:
single words of 5 or more letters, word pairs (two consecutive words), and sentences. The
output is TSV: language, kind (word|pair|sentence), text. It is derived from CC BY-SA text,
so it is written under bench-data/ and never committed.
"""
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from split import LANGUAGES, lines, words  # noqa: E402

PER_KIND = 1000


def main():
    arguments = [a for a in sys.argv[1:] if a != "--genre"]
    if len(arguments) != 2:
        sys.exit(__doc__)
    data, output = arguments
    part = "genre" if "--genre" in sys.argv else "dev"
    if not os.path.isdir(os.path.join(data, "langid")):
        sys.exit(f"{data}: no langid/ folder here (give the path of shared/data)")
    os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
    counts = {}
    with open(output, "w", encoding="utf-8") as out:
        for language in LANGUAGES:
            rng = random.Random(f"lector-dev-{language}")
            held = [line for _, line in lines(data, language, part)]
            if language == "sr" and part == "genre":
                held += [line for _, line in lines(data, "sr-Latn", part)]
            sentences = [s for s in held if len(words(s)) >= 3]
            singles, pairs = [], []
            for sentence in held:
                tokens = words(sentence)
                singles += [w for w in tokens if len(w) >= 5]
                pairs += [f"{a} {b}" for a, b in zip(tokens, tokens[1:])]
            items = {"word": singles, "pair": pairs, "sentence": sentences}
            for kind, pool in items.items():
                pool = list(dict.fromkeys(pool))  # distinct, in order
                rng.shuffle(pool)
                chosen = pool[:PER_KIND]
                counts[(language, kind)] = len(chosen)
                for text in chosen:
                    out.write(f"{language}\t{kind}\t{text.replace(chr(9), ' ')}\n")
    small = sorted({lang for (lang, kind), n in counts.items() if n < PER_KIND})
    total = sum(counts.values())
    print(f"wrote {total} items for {len(LANGUAGES)} languages to {output}")
    if small:
        print("fewer than 1,000 items of some kind for: " + ", ".join(
            f"{lang} ({'/'.join(str(counts[(lang, k)]) for k in ('word', 'pair', 'sentence'))})" for lang in small))


if __name__ == "__main__":
    main()
