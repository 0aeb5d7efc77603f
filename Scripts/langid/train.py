#!/usr/bin/env python3
"""Trains Lector's language-identification model from ../shared/data (standard library only).

    python3 Scripts/langid/train.py ../shared/data Sources/LectorAnalyzers/Language/Resources/langid.bin

Sources, per language (the training part of split.py only; the dev set is never seen):
  - langid/<code>.{ntrex,udhr,vuk}.txt   news sentences, the UDHR, Vuk'uzenzele (CC BY-SA 4.0 / free)
  - langid-words/<code>.opensubtitles.tsv word frequencies from OpenSubtitles 2018 (CC BY-SA 4.0)
Serbian in Latin script is a model of its own ("srl"), trained on the Serbian Cyrillic text
transliterated to Latin, so both spellings are recognised; it is reported as sr.

The model: for each language, log probabilities of character n-grams (1 to 4 letters, words
padded with spaces, lower-cased) and of whole words, keeping the most frequent of each. The
file indexes 64-bit FNV-1a hashes of the keys in 65,536 buckets; each key points at a list of
(language, quantised log-probability) pairs. LanguageModel.swift reads it.
"""
import collections
import math
import os
import struct
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from split import LANGUAGES, lines, words  # noqa: E402

MAX_ORDER = 4
KEEP_NGRAMS = {1: 400, 2: 3000, 3: 6000, 4: 6000}
KEEP_WORDS = 12000
SUBTITLE_WORDS = 20000
SMOOTHING = 0.5
QUANT_MIN = -20.0  # log-probabilities are stored as UInt8 steps of QUANT_MIN/255
BUCKETS = 1 << 16

SERBIAN_LATIN = dict(zip("абвгдђежзијклљмнњопрстћуфхцчџш", ["a", "b", "v", "g", "d", "đ", "e", "ž", "z", "i", "j", "k", "l", "lj", "m", "n", "nj", "o", "p", "r", "s", "t", "ć", "u", "f", "h", "c", "č", "dž", "š"]))


def to_serbian_latin(text):
    out = []
    for char in text:
        lower = char.lower()
        latin = SERBIAN_LATIN.get(lower)
        if latin is None:
            out.append(char)
        else:
            out.append(latin.capitalize() if char != lower else latin)
    return "".join(out)


def normalize(text):
    return unicodedata.normalize("NFC", text).lower()


def ngrams(word):
    padded = f" {word} "
    for order in range(1, MAX_ORDER + 1):
        for start in range(len(padded) - order + 1):
            gram = padded[start:start + order]
            if gram != " " * order and not (order > 1 and gram.strip() == ""):
                yield order, gram


def fnv1a(text):
    value = 0xCBF29CE484222325
    for byte in text.encode("utf-8"):
        value ^= byte
        value = (value * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return value


# Serbian in Latin script is trained as a model of its own ("srl", reported as sr/Latn):
# mixing both spellings in one model would halve the weight of each.
MODELS = LANGUAGES + ["srl"]


def train_language(data, model_name):
    grams = {order: collections.Counter() for order in range(1, MAX_ORDER + 1)}
    vocabulary = collections.Counter()
    latin_serbian = model_name == "srl"
    language = "sr" if latin_serbian else model_name
    texts = [line for _, line in lines(data, language, "train")]
    if latin_serbian:
        texts = [to_serbian_latin(t) for t in texts]
    for text in texts:
        for word in words(normalize(text)):
            vocabulary[word] += 1
            for order, gram in ngrams(word):
                grams[order][gram] += 1
    subtitles = os.path.join(data, "langid-words", f"{language}.opensubtitles.tsv")
    if os.path.exists(subtitles):
        with open(subtitles, encoding="utf-8") as f:
            for rank, line in enumerate(f):
                if rank >= SUBTITLE_WORDS:
                    break
                word, _, count = line.rstrip("\n").partition("\t")
                word = normalize(word)
                if not word or not all(unicodedata.category(c)[0] in "LM" or c in "'’-" for c in word):
                    continue
                if language == "sr":
                    # The subtitle list mixes both spellings: keep the one this model is for.
                    is_latin = all(ord(c) < 0x400 for c in word)
                    if is_latin != latin_serbian:
                        word = to_serbian_latin(word) if latin_serbian else None
                    if word is None:
                        continue
                # Subtitle counts are huge; a logarithmic weight keeps them from drowning the news text.
                weight = max(1, int(math.log(int(count or 1) + 1)))
                vocabulary[word] += weight
                for order, gram in ngrams(word):
                    grams[order][gram] += weight
    model = {}
    floors = []
    for order in range(1, MAX_ORDER + 1):
        counter = grams[order]
        total = sum(counter.values())
        kinds = len(counter) + 1
        denominator = total + SMOOTHING * kinds
        for gram, count in counter.most_common(KEEP_NGRAMS[order]):
            model[("g", gram)] = math.log((count + SMOOTHING) / denominator)
        floors.append(math.log(SMOOTHING / denominator))
    total = sum(vocabulary.values())
    denominator = total + SMOOTHING * (len(vocabulary) + 1)
    for word, count in vocabulary.most_common(KEEP_WORDS):
        model[("w", word)] = math.log((count + SMOOTHING) / denominator)
    floors.append(math.log(SMOOTHING / denominator))
    return model, floors


def quantise(logp):
    return max(0, min(255, round(logp / QUANT_MIN * 255)))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    data, output = sys.argv[1], sys.argv[2]
    postings = collections.defaultdict(list)
    floors = []
    models = []
    for index, language in enumerate(MODELS):
        model, language_floors = train_language(data, language)
        models.append(model)
        floors.append(language_floors)
        print(f"{language}: {len(model)} entries", file=sys.stderr)
    # One floor per order for every language: a language trained on little text would otherwise
    # pay less for unseen n-grams and win on names and rare words.
    shared_floors = [min(f[order] for f in floors) for order in range(MAX_ORDER + 1)]
    floors = [shared_floors for _ in MODELS]
    for index, model in enumerate(models):
        for (kind, key), logp in model.items():
            postings[(kind, key)].append((index, quantise(max(logp, shared_floors[MAX_ORDER if kind == "w" else len(key) - 1]))))
    # Index: 2^16 buckets by the top 16 bits of each key's 64-bit hash; in each bucket, keys
    # sorted by a 32-bit fingerprint (the low bits), each with the start of its postings.
    # Words and n-grams share the index; a word is hashed with a leading tab to keep them apart.
    entries = []
    for (kind, key), pairs in postings.items():
        hashed = fnv1a(("\t" + key) if kind == "w" else key)
        entries.append((hashed >> 48, hashed & 0xFFFFFFFF, sorted(pairs)))
    entries.sort(key=lambda e: (e[0], e[1]))
    buckets = [0] * (BUCKETS + 1)
    for bucket, _, _ in entries:
        buckets[bucket + 1] += 1
    for index in range(BUCKETS):
        buckets[index + 1] += buckets[index]
    fingerprints, offsets, posting_bytes = [], [0], bytearray()
    for _, fingerprint, pairs in entries:
        fingerprints.append(fingerprint)
        for language, value in pairs:
            posting_bytes += bytes((language, value))
        offsets.append(len(posting_bytes) // 2)
    with open(output, "wb") as f:
        # Header: magic, version, languages, keys, posting pairs, quantisation step.
        f.write(b"LECTORLI")
        f.write(struct.pack("<IIIIf", 2, len(MODELS), len(entries), len(posting_bytes) // 2, QUANT_MIN))
        for language in MODELS:
            f.write(language.encode("ascii").ljust(4, b"\0"))
        for language_floors in floors:
            f.write(struct.pack("<" + "f" * (MAX_ORDER + 1), *language_floors))
        f.write(struct.pack(f"<{BUCKETS + 1}I", *buckets))
        f.write(struct.pack(f"<{len(fingerprints)}I", *fingerprints))
        f.write(struct.pack(f"<{len(offsets)}I", *offsets))
        f.write(posting_bytes)
    keys = entries
    print(f"wrote {output}: {len(keys)} keys, {os.path.getsize(output) / 1e6:.1f} MB", file=sys.stderr)


if __name__ == "__main__":
    main()
