#!/usr/bin/env python3
"""Trains Lector's language-identification model from ../shared/data (standard library only).

    python3 Scripts/langid/train.py ../shared/data Sources/LectorAnalyzers/Models/langid.bin

Sources, per language (the training part of split.py only; neither dev set is ever seen, and
the UDHR and one source per language of langid-extra/ are held out whole as the other-genre one):
  - langid/<code>.{ntrex,udhr,vuk}.txt   news sentences, the UDHR, Vuk'uzenzele (CC BY-SA 4.0 / free)
  - langid-extra/<code>.<source>.txt     more varied text for 13 weak languages (FLORES/SIB-200,
    Universal Dependencies, Perseus, ELTeC, public-domain Bibles, Common Voice, African Storybook,
    OpenSLR 86, Tatoeba; licences in its README), cleaned by split.clean
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
from split import LANGUAGES, PARALLEL, lines, words  # noqa: E402

MAX_ORDER = 4
KEEP_NGRAMS = {1: 0, 2: 3000, 3: 6000, 4: 6000}  # unigrams are not scored
KEEP_WORDS = 12000
SUBTITLE_WORDS = 20000
SMOOTHING = 0.5
MAX_LOAD = 0.7  # of the open-addressing tables
DENSE = 16  # keys known to this many languages get a dense row
ROW = 80  # bytes in a dense row: one per language, padded for SIMD

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


def training_texts(data, model_name, sources=None):
    """The training lines of a model (from `sources` only, when given); for srl, the Serbian
    ones transliterated to Latin."""
    language = "sr" if model_name == "srl" else model_name
    texts = [line for source, line in lines(data, language, "train") if sources is None or source in sources]
    if model_name == "srl":
        latin = [line for source, line in lines(data, "sr-Latn", "train") if sources is None or source in sources]
        return [to_serbian_latin(t) for t in texts] + latin
    return texts


def subtitle_entries(data, model_name, limit):
    """(word, count) for the first `limit` entries of the subtitle list of a model's language,
    words normalised, or None when there is no list. The Serbian list mixes both spellings: sr
    keeps its Cyrillic words, srl its Latin ones and the Cyrillic ones transliterated."""
    language = "sr" if model_name == "srl" else model_name
    path = os.path.join(data, "langid-words", f"{language}.opensubtitles.tsv")
    if not os.path.exists(path):
        return None
    entries = []
    with open(path, encoding="utf-8") as f:
        for rank, line in enumerate(f):
            if rank >= limit:
                break
            word, _, count = line.rstrip("\n").partition("\t")
            word = normalize(word)
            if language == "sr":
                is_latin = all(ord(c) < 0x400 for c in word)
                if is_latin != (model_name == "srl"):
                    word = to_serbian_latin(word) if model_name == "srl" else None
            if word:
                entries.append((word, int(count or 1)))
    return entries


def train_language(data, model_name):
    grams = {order: collections.Counter() for order in range(1, MAX_ORDER + 1)}
    vocabulary = collections.Counter()
    for text in training_texts(data, model_name):
        for word in words(normalize(text)):
            vocabulary[word] += 1
            for order, gram in ngrams(word):
                grams[order][gram] += 1
    for word, count in subtitle_entries(data, model_name, SUBTITLE_WORDS) or []:
        if not all(unicodedata.category(c)[0] in "LM" or c in "'’-" for c in word):
            continue
        # Subtitle counts are huge; a logarithmic weight keeps them from drowning the news text.
        weight = max(1, int(math.log(count + 1)))
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


def train_models(data):
    """Every language's model, and the floors (per order, then words) they share."""
    models, floors = [], []
    for language in MODELS:
        model, language_floors = train_language(data, language)
        models.append(model)
        floors.append(language_floors)
        print(f"{language}: {len(model)} entries", file=sys.stderr)
    # One floor per order for every language: a language trained on little text would otherwise
    # pay less for unseen n-grams and win on names and rare words.
    shared_floors = [min(f[order] for f in floors) for order in range(MAX_ORDER + 1)]
    return models, shared_floors


def open_addressing(keys):
    """Slots for (hash, payload) pairs: a table of 2^bits, filled by linear probing from the low
    bits of the hash; a slot holds the hash's high 32 bits and the 32-bit payload."""
    bits = 1
    while len(keys) > MAX_LOAD * (1 << bits):
        bits += 1
    mask = (1 << bits) - 1
    slots = [0] * (1 << bits)
    for hashed, payload in keys:
        slot = hashed & mask
        while slots[slot]:
            slot = (slot + 1) & mask
        slots[slot] = ((hashed >> 32) << 32) | payload
    return bits, slots


# Close languages that the main model confuses: when the two best candidates are in one group,
# a second model for the group decides between them: for each word whose frequency differs
# within the group, how much more likely each member makes it. Two sources add up: word counts
# in the news text and the UDHR, and, for groups where every member has one, the subtitle
# frequency lists (which say that hr prefers tisuća and točno, bs hiljada and tačno).
# Chinese and Japanese share Han characters: their group's "words" are single Han characters,
# so that a text of Han alone (a word or two, with no kana to say Japanese) is decided by how
# common each of its characters is in each language (LanguageIdentifier looks them up).
TWINS = [["bs", "hr", "srl"], ["ms", "id"], ["nb", "nn", "da"], ["zh", "ja"]]
HAN_GROUP = ["zh", "ja"]
TWIN_MIN_COUNT = 2
TWIN_MIN_RATIO = 0.7  # nats
TWIN_SUBTITLE_WORDS = 30000
TWIN_SUBTITLE_WEIGHT = 1.0


def subtitle_counts(data, model_name):
    """Word counts from the subtitle list of a model's language (srl: its Latin spellings), or None."""
    entries = subtitle_entries(data, model_name, TWIN_SUBTITLE_WORDS)
    if entries is None:
        return None
    counts = collections.Counter()
    for word, count in entries:
        if all(unicodedata.category(c)[0] in "LM" for c in word):
            counts[word] += count
    return counts


def relative_log_frequencies(counts, smoothing):
    """{word: log p(word) - min over the group} for each member, from {member: Counter}."""
    vocabulary = set().union(*counts.values())
    logp = {}
    for member, counter in counts.items():
        total = sum(counter.values())
        floor = smoothing(counter)
        logp[member] = {word: math.log(max(counter[word], floor) / total) for word in vocabulary}
    return {word: {m: logp[m][word] - min(logp[n][word] for n in counts) for m in counts} for word in vocabulary}


def is_han(char):
    return "CJK UNIFIED IDEOGRAPH" in unicodedata.name(char, "")


def train_twins(data):
    """{(language, word): what the word adds to the language within its group} for TWINS."""
    gains = {}
    for group in TWINS:
        if group == HAN_GROUP:
            news = {m: collections.Counter(c for t in training_texts(data, m) for c in t if is_han(c)) for m in group}
            terms = relative_log_frequencies(news, lambda counter: SMOOTHING)
            for char, values in terms.items():
                if sum(news[m][char] for m in group) >= TWIN_MIN_COUNT:
                    for model_name, value in values.items():
                        if value > 0:
                            gains[(model_name, char)] = value
            continue
        # Parallel text only (the same sentences in each language): what differs between the
        # members is then the language, not the genre (Croatian has novels of 1900, Bosnian none).
        news = {m: collections.Counter(w for t in training_texts(data, m, PARALLEL) for w in words(normalize(t))) for m in group}
        news_terms = relative_log_frequencies(news, lambda counter: SMOOTHING)
        news_terms = {w: v for w, v in news_terms.items() if sum(news[m][w] for m in group) >= TWIN_MIN_COUNT}
        subtitles = {m: subtitle_counts(data, m) for m in group}
        subtitle_terms = {}
        if all(c is not None for c in subtitles.values()):
            # A word missing from a list is rarer than its last entry: half that count.
            subtitle_terms = relative_log_frequencies(subtitles, lambda counter: min(counter.values()) / 2)
        for word in set(news_terms) | set(subtitle_terms):
            values = {m: news_terms.get(word, {}).get(m, 0.0) + TWIN_SUBTITLE_WEIGHT * subtitle_terms.get(word, {}).get(m, 0.0)
                      for m in group}
            low = min(values.values())
            if max(values.values()) - low >= TWIN_MIN_RATIO:
                for model_name, value in values.items():
                    if value > low:
                        gains[(model_name, word)] = value - low
    return gains


def write_model(output, models, shared_floors, twins):
    """The file LanguageModel.swift reads; its layout is documented there.

    Each stored value is what a key adds over the floor of its kind (the floors are shared, so
    only these differences rank languages), quantised to a byte in steps of `step` nats. A key
    known to one language keeps (language, value) in its slot; a key known to many (the common
    n-grams, looked up most often) has a dense row of one byte per language, added with SIMD;
    the others point at a list of (language, value) pairs. N-grams and words are in tables of
    their own, so the n-gram table, hit for every character, stays small enough to be cached."""
    assert len(models) <= ROW
    gains = collections.defaultdict(list)
    for index, model in enumerate(models):
        for (kind, key), logp in model.items():
            floor = shared_floors[MAX_ORDER if kind == "w" else len(key) - 1]
            gains[(kind, key)].append((index, max(0.0, logp - floor)))
    step = max(g for pairs in gains.values() for _, g in pairs) / 255
    gains = collections.defaultdict(list, gains)
    pairs_bytes, rows = bytearray(), bytearray()
    tables = {"g": [], "w": [], "t": []}
    twin_step = max(twins.values()) / 255
    for (language, word), gain in twins.items():
        gains[("t", word)].append((MODELS.index(language), gain))
    for (kind, key), pairs in sorted(gains.items()):
        pairs = [(language, round(g / (twin_step if kind == "t" else step))) for language, g in sorted(pairs)]
        pairs = [(language, value) for language, value in pairs if value > 0]
        if not pairs:
            continue
        if len(pairs) == 1:
            payload = 0x80000000 | (pairs[0][0] << 8) | pairs[0][1]
        elif len(pairs) >= DENSE:
            payload = 0x40000000 | (len(rows) // ROW)
            row = bytearray(ROW)
            for language, value in pairs:
                row[language] = value
            rows += row
        else:
            payload = ((len(pairs_bytes) // 2) << 8) | len(pairs)
            for language, value in pairs:
                pairs_bytes += bytes((language, value))
        tables[kind].append((fnv1a(key), payload))
    assert len(pairs_bytes) // 2 < (1 << 22) and len(rows) // ROW < (1 << 30)
    # Written beside the target and renamed into place: a running lector maps the old file, and
    # rewriting it in place would pull its pages from under it.
    partial = f"{output}.partial"
    with open(partial, "wb") as f:
        grams_bits, grams = open_addressing(tables["g"])
        words_bits, word_slots = open_addressing(tables["w"])
        twins_bits, twin_slots = open_addressing(tables["t"])
        header = struct.pack("<IIIIIIIff", 5, len(models), grams_bits, words_bits, twins_bits, len(rows) // ROW,
                             len(pairs_bytes) // 2, step, twin_step)
        codes = b"".join(language.encode("ascii").ljust(4, b"\0") for language in MODELS)
        codes += bytes(next((number + 1 for number, group in enumerate(TWINS) if language in group), 0) for language in MODELS)
        f.write(b"LECTORLI" + header + codes + bytes(-(8 + len(header) + len(codes)) % 8))
        f.write(struct.pack(f"<{len(grams)}Q", *grams))
        f.write(struct.pack(f"<{len(word_slots)}Q", *word_slots))
        f.write(struct.pack(f"<{len(twin_slots)}Q", *twin_slots))
        f.write(rows)
        f.write(pairs_bytes)
    os.replace(partial, output)
    print(f"wrote {output}: {len(tables['g'])} n-grams, {len(tables['w'])} words, {len(tables['t'])} twin words, "
          f"{len(rows) // ROW} dense rows, "
          f"{os.path.getsize(output) / 1e6:.1f} MB", file=sys.stderr)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    data, output = sys.argv[1], sys.argv[2]
    write_model(output, *train_models(data), train_twins(data))


if __name__ == "__main__":
    main()
