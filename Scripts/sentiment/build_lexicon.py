#!/usr/bin/env python3
"""Builds Lector's sentiment lexicon: sentiment-lexicon.bin, read by the sentiment analyzer.

    pip install vaderSentiment textblob-de textblob-fr
    python3 Scripts/sentiment/build_lexicon.py [OUT_PATH] [--with-afinn] [--with-textblob-en]

OUT_PATH defaults to Sources/LectorAnalyzers/Models/sentiment-lexicon.bin (in this repository).

The file: 8 bytes of ASCII magic "LECTSLEX", the format version as a little-endian UInt32 (1),
then UTF-8 text, one entry a line, "LANG<TAB>KIND<TAB>TERM<TAB>VALUE\\n", sorted by
(LANG, KIND, TERM) as code-point strings, with no two lines for the same LANG+KIND+TERM.
  LANG   ISO 639-1 code, or "*" for entries that hold in every language (emoji, emoticons).
  KIND   word        TERM is a whole word; VALUE its valence in [-4, 4] (VADER's scale)
         stem        TERM is a prefix matching any word that begins with it; VALUE as for word
         negator     flips the polarity of the words after it; VALUE 0
         intensifier a degree word; VALUE multiplies the valence of the word it modifies
         contrast    the clause after it outweighs what came before (but, aber, но...); VALUE 0
  TERM   in Lector's lookup form (WordForms.lookupForm): NFC, lower case (str.lower(), with
         Turkish İ as i), no Arabic harakat or tatweel, no Hebrew points, no zero-width or bidi
         controls, Arabic alef forms folded (أ إ آ ٱ → ا, ى → ي, ة → ه), Arabic-Indic digits as
         ASCII; a single token (no spaces). Some terms are also listed in the other spellings
         texts use: ’ and (Ukrainian) ʼ for ', Persian words with the Arabic ي and ك, the older
         emoji with and without U+FE0F.
  VALUE  a decimal with at most 2 decimals.

Sources (each read from the installed package's own file, found with importlib):
  vaderSentiment  vaderSentiment/vader_lexicon.txt   English words (en); its emoticons (no letters,
                                                     or faces such as ":p", "xd") go to "*"
  textblob        textblob/en/en-sentiment.xml       only with --with-textblob-en: English
                                                     adjectives (Pattern), polarity x 4, for the
                                                     words VADER lacks; off by default, as it
                                                     scores common news words (due, past, first,
                                                     foreign, economic, main) as strongly polar
  textblob-de     textblob_de/data/de-sentiment.xml  German polarity lexicon (Klenner et al.),
                                                     polarity x 4; words with ss also with ß;
                                                     lemmas only (schön, not schöne), unless
                                                     --german-endings adds the adjective endings
  textblob-fr     textblob_fr/fr-sentiment.xml       French adjectives (Pattern), polarity x 4
                                                     (Pattern entries of polarity under 0.25, and
                                                     degree adverbs, are left out)
  afinn           afinn/data/AFINN-en-165.txt,       only with --with-afinn: the package says
                  afinn/data/AFINN-emoticon-8.txt    "GPL" and its data folder ships the ODbL,
                                                     whose share-alike terms would then cover the
                                                     whole lexicon file (see README.md)
  words/LANG.tsv  hand-written for Lector: "KIND<TAB>TERM<TAB>VALUE" lines, "#" comments;
                  words/any.tsv holds the "*" entries. KIND "drop" (no VALUE) removes a term's
                  word and stem entries that a package lexicon brought in.

Duplicates (same LANG+KIND+TERM after normalisation): a hand-written entry always wins over
the package lexicons (two hand-written lines for one key are an error), and a term the
hand-written lists make a negator, intensifier or contrast word is not also taken from a
package as a word (VADER's "no", textblob-de's "wirklich"). Among the packages the
first in SOURCE_PRIORITY that has the term wins (for English: VADER, then AFINN, then
TextBlob); several entries of that one source for the same term (word senses, spellings that
normalise alike) are averaged.
"""
import argparse
import collections
import importlib.metadata
import importlib.util
import os
import re
import struct
import sys
import unicodedata
import xml.etree.ElementTree as ET

MAGIC = b"LECTSLEX"
VERSION = 1
KINDS = ("word", "stem", "negator", "intensifier", "contrast")
SHORT_STEM_LANGS = {"ar", "he", "fa"}  # stems of 3 letters are allowed there, 4 elsewhere
PATTERN_SCALE = 4.0  # Pattern/TextBlob polarity [-1, 1] to VADER's valence [-4, 4]
PATTERN_MIN = 0.25   # Pattern entries weaker than this are left out: mostly descriptive words
                     # (dernier, américain, passé, juste) that would tilt neutral news
MAX_BYTES = 1_000_000

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_OUT = os.path.join(REPO, "Sources", "LectorAnalyzers", "Models", "sentiment-lexicon.bin")
WORDS_DIR = os.path.join(HERE, "words")

# Which package lexicon wins for a language when several have the same term.
SOURCE_PRIORITY = ["vader", "afinn", "textblob-en", "textblob-de", "textblob-fr"]


# ---------------------------------------------------------------------------------------------
# Normalisation: the same lookup form as LectorKit's WordForms.lookupForm.

_DROP = set(range(0x064B, 0x0660)) | set(range(0x06D6, 0x06EE)) | {0x0640, 0x0670}
_DROP |= set(range(0x0591, 0x05BE)) | {0x05BF, 0x05C1, 0x05C2, 0x05C4, 0x05C5, 0x05C7}
_DROP |= set(range(0x200B, 0x2010)) | set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A)) | {0xFEFF}
_FOLD = {0x0622: "\u0627", 0x0623: "\u0627", 0x0625: "\u0627", 0x0671: "\u0627",
         0x0649: "\u064A", 0x0629: "\u0647", 0x0130: "i"}
_FOLD.update({0x0660 + d: str(d) for d in range(10)})
_FOLD.update({0x06F0 + d: str(d) for d in range(10)})


def lookup_form(text):
    text = unicodedata.normalize("NFC", text)
    out = []
    for char in text:
        code = ord(char)
        if code in _DROP:
            continue
        out.append(_FOLD.get(code, char))
    return unicodedata.normalize("NFC", "".join(out).lower())


def read_table(path):
    """(line number, TAB-separated fields) of a hand-written table, without comments and blank
    lines; the entities and topics build scripts read their tables with it."""
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            yield number, line.split("\t")


def apostrophe_variants(term, lang):
    """A term written with ' is also listed with ’ (and Ukrainian ʼ), as texts use all three."""
    if "'" not in term:
        return [term]
    variants = [term, term.replace("'", "\u2019")]
    if lang == "uk":
        variants.append(term.replace("'", "\u02BC"))
    return variants


def is_emoji_char(char):
    return unicodedata.category(char) in ("So", "Sk") or 0x1F000 <= ord(char) <= 0x1FAFF


def emoji_variants(term):
    """An emoji of the older symbol blocks (❤ ☺ ✌ ☹...) is written with or without U+FE0F."""
    base = term.replace("\uFE0F", "")
    if len(base) == 1 and ord(base) < 0x1F000 and is_emoji_char(base):
        return [base, base + "\uFE0F"]
    return [base]


def format_value(value):
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


# ---------------------------------------------------------------------------------------------
# Package sources.

def package_file(dist, module, *parts):
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.origin:
        sys.exit(f"error: the package {dist} is not installed: pip install {dist}")
    path = os.path.join(os.path.dirname(spec.origin), *parts)
    if not os.path.exists(path):
        sys.exit(f"error: {path} is missing from {dist}; reinstall it: pip install --force-reinstall {dist}")
    return path


def package_info(dist):
    """The installed version and what the package metadata says of the licence."""
    meta = importlib.metadata.metadata(dist)
    text = importlib.metadata.distribution(dist).read_text("METADATA") or ""
    licence = (meta.get("License-Expression") or meta.get("License") or "").strip()
    licence = licence.splitlines()[0].strip() if licence else ""
    # Classifiers are read from the raw text: a malformed METADATA (textblob-fr 0.2.0) puts them
    # in the body, after the MIT permission notice that its License field runs into.
    classifiers = sorted(set(re.findall(r"^Classifier: License :: (?:OSI Approved :: )?(.+)$", text, re.M)))
    notes = [f"License: {licence}" if licence else "no License field"]
    if classifiers:
        notes.append("classifier: " + ", ".join(classifiers))
    if "Permission is hereby granted, free of charge" in text:
        notes.append("MIT permission notice in METADATA")
    return meta["Version"], "; ".join(notes)


def data_licence(path):
    """What the lexicon file itself says of its licence, if anything."""
    with open(path, encoding="utf-8", errors="replace") as handle:
        head = handle.read(6000)
    found = re.search(r'<sentiment[^>]*\blicense="([^"]+)"', head) or re.search(r"Licensed under the ([^;\n(]+)", head)
    if found:
        return found.group(1).strip()
    beside = os.path.join(os.path.dirname(path), "LICENSE")  # afinn/data/LICENSE
    if os.path.exists(beside):
        with open(beside, encoding="utf-8", errors="replace") as handle:
            return f"{beside}: " + handle.readline().strip("# \n")
    return None


EMOTICON_FACES = {"xd", "x-d", "x-p", "8d", "8-d", "8-o", "d8", "0-8", "o-8", "o.o", "o_o",
                  "o_0", "0_o", "v.v", "b^d", "d:", "d=", "d;"}  # not "xp": also Windows XP, experience points


def vader_language(term):
    """Where a VADER entry goes: '*' for emoticons, 'en' for words, None to leave it out."""
    if re.search(r"[a-z]{3,}", term):
        return "en"  # a word, even with an emoticon attached (sweet<3)
    if term.isdigit():
        return None  # 143, 187...: numbers would score in every text
    if term in EMOTICON_FACES or re.search(r"[:;=()\[\]{}<>|\\^_*@$%#~]", term):
        return "*"
    return "en"  # gr8, h8, j/k, 4q...


def load_vader():
    path = package_file("vaderSentiment", "vaderSentiment", "vader_lexicon.txt")
    entries = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            if len(fields) < 2:
                continue
            term, value = fields[0].strip(), float(fields[1])
            lang = vader_language(term.lower())
            if lang:
                entries.append((lang, "word", term, value))
    return path, entries


def load_pattern(dist, module, parts, lang, inflect_adjectives=False):
    path = package_file(dist, module, *parts)
    entries = []
    for node in ET.parse(path).getroot().iter("word"):
        form = (node.get("form") or "").strip()
        polarity = float(node.get("polarity") or 0)
        intensity = float(node.get("intensity") or 1)
        if not form or "_" in form or intensity != 1.0 or abs(polarity) < PATTERN_MIN:
            continue  # multi-word entries, degree adverbs (very, sehr: intensity != 1), near-neutral
        value = polarity * PATTERN_SCALE
        forms = [form]
        if inflect_adjectives and node.get("pos") == "JJ" and form.islower() and len(form) >= 4:
            forms += german_adjective_forms(form)
        if lang == "de":
            # The German lexicon writes ss for ß (Swiss spelling: grossartig, äusserst); texts
            # from Germany and Austria write großartig, so both are listed.
            forms += [f.replace("ss", "ß") for f in forms if "ss" in f]
        entries.extend((lang, "word", f, value) for f in forms)
    return path, entries


def german_adjective_forms(adjective):
    """The attributive endings of a German adjective: schön → schöne schönen schöner schönes schönem."""
    if adjective.endswith(("e",)):
        return [adjective + ending for ending in ("n", "r", "s", "m")]
    stem = adjective
    if adjective.endswith("el") or (adjective.endswith("er") and adjective[-3:-2] in "aeiouäöü"):
        stem = adjective[:-2] + adjective[-1]  # dunkel → dunkle, teuer → teure
    return [stem + ending for ending in ("e", "en", "er", "es", "em")]


def load_afinn():
    words = package_file("afinn", "afinn", "data", "AFINN-en-165.txt")
    emoticons = package_file("afinn", "afinn", "data", "AFINN-emoticon-8.txt")
    entries = []
    for path, lang in ((words, "en"), (emoticons, "*")):
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if "\t" in line:
                    term, value = line.rstrip("\n").rsplit("\t", 1)
                    entries.append((lang, "word", term, float(value)))
    return f"{words}, {emoticons}", entries


# ---------------------------------------------------------------------------------------------
# Hand-written lists.

def load_handwritten():
    entries, drops, problems = [], set(), []
    for name in sorted(os.listdir(WORDS_DIR)):
        if not name.endswith(".tsv"):
            continue
        lang = "*" if name == "any.tsv" else name[:-4]
        path = os.path.join(WORDS_DIR, name)
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                line = line.rstrip("\n")
                if not line.strip() or line.lstrip().startswith("#"):
                    continue
                fields = line.split("\t")
                where = f"{name}:{number}"
                if fields[0] == "drop" and len(fields) == 2:
                    drops.add((lang, lookup_form(fields[1])))
                    continue
                if len(fields) != 3 or fields[0] not in KINDS:
                    problems.append(f"{where}: expected KIND<TAB>TERM<TAB>VALUE, got {line!r}")
                    continue
                try:
                    value = float(fields[2])
                except ValueError:
                    problems.append(f"{where}: the value {fields[2]!r} is not a number")
                    continue
                entries.append((lang, fields[0], fields[1], value, where))
    return entries, drops, problems


# ---------------------------------------------------------------------------------------------
# Merging and checks.

def check_entry(lang, kind, term, value):
    """The problem with an entry, or None."""
    if not term or re.search(r"\s", term):
        return "the term is empty or has a space"
    if lang != "*" and not re.fullmatch(r"[a-z]{2}", lang):
        return f"the language {lang!r} is not an ISO 639-1 code"
    if kind in ("word", "stem") and not -4 <= value <= 4:
        return f"the valence {value} is outside [-4, 4]"
    if kind in ("word", "stem") and round(value, 2) == 0:
        return "the valence is 0"
    if kind == "stem" and len(term) < (3 if lang in SHORT_STEM_LANGS else 4):
        return "a stem needs 4 letters (3 in Arabic, Hebrew, Persian)"
    if kind == "intensifier" and not 0 < value < 3:
        return f"an intensifier's multiplier {value} is not in (0, 3)"
    if kind in ("negator", "contrast") and value != 0:
        return "negators and contrast words have the value 0"
    return None


def spelling_variants(term, lang):
    """Other spellings texts use for the same word: Persian written with the Arabic ي and ك."""
    variants = [term]
    if lang == "fa":
        arabic = term.replace("\u06CC", "\u064A").replace("\u06A9", "\u0643")
        if arabic != term:
            variants.append(arabic)
    return variants


def normalised(lang, kind, term):
    term = lookup_form(term)
    forms = emoji_variants(term) if lang == "*" else spelling_variants(term, lang)
    return [variant for form in forms for variant in apostrophe_variants(form, lang)]


def merge(package_entries, hand_entries, drops):
    problems = []
    hand = {}
    for lang, kind, term, value, where in hand_entries:
        problem = check_entry(lang, kind, term.strip(), value)
        if problem:
            problems.append(f"{where}: {term}: {problem}")
            continue
        for form in normalised(lang, kind, term.strip()):
            key = (lang, kind, form)
            if key in hand and hand[key][1] != where:
                problems.append(f"{where}: {lang} {kind} {form} is listed twice (also {hand[key][1]})")
            hand[key] = (value, where)

    by_source = collections.defaultdict(lambda: collections.defaultdict(list))
    for source, entries in package_entries:
        for lang, kind, term, value in entries:
            for form in normalised(lang, kind, term):
                if form and not re.search(r"\s", form):
                    by_source[(lang, kind, form)][source].append(value)

    function_words = {(lang, term) for lang, kind, term in hand if kind in ("negator", "intensifier", "contrast")}
    merged, origin = {}, collections.Counter()
    for key, sources in by_source.items():
        lang, kind, term = key
        if key in hand or (lang, term) in drops or (lang, term) in function_words:
            continue
        source = min(sources, key=SOURCE_PRIORITY.index)
        value = max(-4.0, min(4.0, sum(sources[source]) / len(sources[source])))
        if round(value, 2) != 0:
            merged[key] = round(value, 2)
            origin[(lang, source)] += 1
    for key, (value, _) in hand.items():
        merged[key] = round(value, 2)
        origin[(key[0], "hand-written")] += 1
    return merged, origin, problems


def write_lexicon(path, merged):
    lines = [f"{lang}\t{kind}\t{term}\t{format_value(value)}\n" for (lang, kind, term), value in sorted(merged.items())]
    payload = "".join(lines).encode("utf-8")
    data = MAGIC + struct.pack("<I", VERSION) + payload
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    temporary = path + ".tmp"
    with open(temporary, "wb") as handle:
        handle.write(data)
    os.replace(temporary, path)
    return len(data)


def self_check(path):
    """Reads the written file back and asserts the format the Swift loader relies on."""
    with open(path, "rb") as handle:
        data = handle.read()
    assert data[:8] == MAGIC, "bad magic"
    assert struct.unpack("<I", data[8:12])[0] == VERSION, "bad version"
    assert len(data) < MAX_BYTES, f"the file has {len(data)} bytes, over {MAX_BYTES}"
    text = data[12:].decode("utf-8")
    assert text.endswith("\n") and "\r" not in text
    keys = []
    for line in text[:-1].split("\n"):
        fields = line.split("\t")
        assert len(fields) == 4, f"not 4 fields: {line!r}"
        lang, kind, term, value = fields
        assert lang == "*" or re.fullmatch(r"[a-z]{2}", lang), line
        assert kind in KINDS, line
        assert term and not re.search(r"\s", term), f"space in {line!r}"
        assert term == term.lower(), f"not lower case: {line!r}"
        assert term == unicodedata.normalize("NFC", term), f"not NFC: {line!r}"
        assert term == lookup_form(term), f"not in lookup form: {line!r}"
        assert re.fullmatch(r"-?\d+(\.\d{1,2})?", value), f"bad value: {line!r}"
        assert check_entry(lang, kind, term, float(value)) is None, f"{check_entry(lang, kind, term, float(value))}: {line!r}"
        keys.append((lang, kind, term))
    assert keys == sorted(keys), "not sorted"
    assert len(keys) == len(set(keys)), "duplicate entries"
    return len(keys)


def summary(merged, origin, size, sources):
    counts = collections.defaultdict(collections.Counter)
    for lang, kind, _ in merged:
        counts[lang][kind] += 1
    header = f"{'lang':<5}" + "".join(f"{kind:>12}" for kind in KINDS) + f"{'total':>9}   from"
    print(header)
    for lang in sorted(counts):
        row = counts[lang]
        where = ", ".join(f"{source} {n}" for (l, source), n in sorted(origin.items()) if l == lang)
        print(f"{lang:<5}" + "".join(f"{row[kind]:>12}" for kind in KINDS) + f"{sum(row.values()):>9}   {where}")
    totals = collections.Counter()
    for row in counts.values():
        totals.update(row)
    print(f"{'all':<5}" + "".join(f"{totals[kind]:>12}" for kind in KINDS) + f"{sum(totals.values()):>9}")
    for name, version, licence, path in sources:
        print(f"source: {name} {version} ({licence}): {path}")
        for inside in sorted({data_licence(one) for one in path.split(", ")} - {None}):
            print(f"        the data's own licence: {inside}")
    print(f"wrote {size:,} bytes")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", nargs="?", default=DEFAULT_OUT, help="the lexicon file to write")
    parser.add_argument("--with-afinn", action="store_true",
                        help="add AFINN-en-165 and its emoticons (ODbL data: see README.md)")
    parser.add_argument("--with-textblob-en", action="store_true",
                        help="add TextBlob's English adjectives for the words VADER lacks")
    parser.add_argument("--german-endings", action="store_true",
                        help="also list German adjectives with the endings -e -en -er -es -em "
                             "(about 13,700 more lines, 0.82 MB in all)")
    args = parser.parse_args()

    loaded, sources = [], []
    plan = [("vader", "vaderSentiment", load_vader),
            ("textblob-de", "textblob-de", lambda: load_pattern("textblob-de", "textblob_de", ["data", "de-sentiment.xml"], "de", inflect_adjectives=args.german_endings)),
            ("textblob-fr", "textblob-fr", lambda: load_pattern("textblob-fr", "textblob_fr", ["fr-sentiment.xml"], "fr"))]
    if args.with_afinn:
        plan.append(("afinn", "afinn", load_afinn))
    if args.with_textblob_en:
        plan.append(("textblob-en", "textblob", lambda: load_pattern("textblob", "textblob", ["en", "en-sentiment.xml"], "en")))
    for source, dist, load in plan:
        path, entries = load()
        version, licence = package_info(dist)
        loaded.append((source, entries))
        sources.append((dist, version, licence, path))

    hand_entries, drops, problems = load_handwritten()
    merged, origin, merge_problems = merge(loaded, hand_entries, drops)
    problems += merge_problems
    if problems:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        sys.exit(1)

    size = write_lexicon(args.out, merged)
    count = self_check(args.out)
    assert count == len(merged)
    summary(merged, origin, size, sources)


if __name__ == "__main__":
    main()
