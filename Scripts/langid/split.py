"""The train/dev splits for language identification, shared by the dev-set builder and training.

Two dev sets, so that a gain on the training genre is not taken for a gain in general:
- "dev" (same genre): held out by position from the sources the model trains on. NTREX lines
  are the same news sentences translated into every language, in the same order, so whole
  blocks of consecutive lines (about one short article) are held out, identically for all
  languages; so are blocks of the parallel FLORES sentences in langid-extra/. Other sources:
  one line in ten.
- "genre" (another genre): whole sources the model never trains on: the UDHR (legal prose) in
  every language, and for the languages of langid-extra/ one more source each, of a genre the
  training text lacks (GENRE_SOURCES).

Lines are cleaned on the way (`clean`): look-alike letters of another script inside Latin words
(the NTREX Yoruba writes ọ with the Greek koppa ϙ) are mapped to the Latin letter, and a line
whose letters are mostly in a script the language is not written in is dropped.
"""
import collections
import functools
import os
import unicodedata

# The 75 languages of the issue, ISO 639-1.
LANGUAGES = """af ar az be bg bn bs ca cs cy da de el en eo es et eu fa fi fr ga gu he hi hr hu hy id is it ja
ka kk ko la lg lt lv mi mk mn mr ms nb nl nn pa pl pt ro ru sk sl sn so sq sr st sv sw ta te th tl tn
tr ts uk ur vi xh yo zh zu""".split()

BLOCK = 20          # NTREX and FLORES lines per held-out block
HELD_OUT = 3        # the block (or line) index mod 10 that goes to the dev set
PARALLEL = {"ntrex", "flores-sib"}

# Whole sources held out as the second dev set, of another genre than what the model trains on:
# the UDHR everywhere, and one source of langid-extra/ per language there.
GENRE_SOURCES = {
    "la": "ud-llct",            # medieval legal charters (training: classical literature, the Vulgate)
    "lg": "africanstorybook",   # children's stories (training: everyday sentences, FLORES)
    "yo": "ud-ytb",             # Bible and Wikipedia (training: read-speech prompts, FLORES, news)
    "hr": "ud-set",             # SETimes news and web (training: novels, FLORES, NTREX)
    "bs": "tatoeba",            # short everyday sentences
    "sr": "ud-set",
    "ms": "commonvoice",
    "id": "ud-pud",
    "tr": "ud-pud",
    "zh": "ud-pud",
    "nn": "ud-nynorsk",
    "nb": "ud-bokmaal",
}


# Languages whose only sentences are the UDHR: it stays their training text (split by position).
UDHR_ONLY = {"eo"}


def part_of(language, source, index):
    """'train', 'dev' or 'genre' for line `index` (0-based) of a language's source."""
    if (source == "udhr" and language not in UDHR_ONLY) or GENRE_SOURCES.get(language) == source:
        return "genre"
    if source in PARALLEL:
        return "dev" if (index // BLOCK) % 10 == HELD_OUT else "train"
    return "dev" if index % 10 == HELD_OUT else "train"


def source_files(data, language):
    """(source, path) of every file of a language in langid/ and langid-extra/ (Serbian in Latin
    script, `sr-Latn.*`, is not Serbian's: see `latin_serbian_files`)."""
    found = []
    for folder in ("langid", "langid-extra"):
        path = os.path.join(data, folder)
        if not os.path.isdir(path):
            continue
        names = sorted(n for n in os.listdir(path) if n.startswith(language + ".") and n.endswith(".txt"))
        found += [(name.split(".")[1], os.path.join(path, name)) for name in names]
    return found


def latin_serbian_files(data):
    path = os.path.join(data, "langid-extra")
    if not os.path.isdir(path):
        return []
    return [(n.split(".")[1], os.path.join(path, n)) for n in sorted(os.listdir(path)) if n.startswith("sr-Latn.") and n.endswith(".txt")]


def lines(data, language, part):
    """The 'train', 'dev' or 'genre' lines of one language, from every source, cleaned:
    (source, line) pairs. `language` "sr-Latn" gives the Serbian text written in Latin script."""
    files = latin_serbian_files(data) if language == "sr-Latn" else source_files(data, language)
    # Serbian in Latin is held out wherever the same sentences are held out in Cyrillic.
    owner = "sr" if language == "sr-Latn" else language
    for source, path in files:
        with open(path, encoding="utf-8") as f:
            for index, line in enumerate(f):
                line = line.strip()
                if not line or part_of(owner, source, index) != part:
                    continue
                line = clean(data, language, line)
                if line:
                    yield source, line


def script_of(char):
    """The script of a letter, as the first word of its Unicode name (LATIN, CYRILLIC, CJK...);
    kana and Han are one script here, as Japanese mixes them."""
    try:
        name = unicodedata.name(char).split()[0]
    except ValueError:
        return None
    return "CJK" if name in ("HIRAGANA", "KATAKANA") else name


# Letters of Greek and Cyrillic that look like Latin ones (after taking diacritics off), as found
# inside Latin-script words of the training text.
LOOK_ALIKES = {
    "ο": "o", "Ο": "O", "ϙ": "ọ", "Ϙ": "Ọ", "υ": "u", "α": "a", "ε": "e", "ι": "i", "ν": "v", "κ": "k", "τ": "t", "ρ": "p",
    "а": "a", "А": "A", "е": "e", "Е": "E", "о": "o", "О": "O", "р": "p", "Р": "P", "с": "c", "С": "C", "х": "x",
    "Х": "X", "у": "y", "і": "i", "І": "I", "ј": "j", "Ј": "J", "ѕ": "s", "һ": "h", "ԁ": "d",
}


@functools.lru_cache(maxsize=None)
def expected_scripts(data, language):
    """The scripts a language is written in, from the language's own text: the most common
    script of its letters, and any other with a fifth of them or more."""
    counts = collections.Counter()
    files = latin_serbian_files(data) if language == "sr-Latn" else source_files(data, language)
    for _, path in files:
        with open(path, encoding="utf-8") as f:
            for line in f:
                counts.update(script_of(c) for c in line if c.isalpha())
    counts.pop(None, None)
    if not counts:
        return frozenset()
    total = sum(counts.values())
    top = counts.most_common(1)[0][0]
    return frozenset([top] + [s for s, n in counts.items() if n * 5 >= total])


def clean(data, language, line):
    """The line with look-alike letters repaired (in words that also have Latin letters), or
    None when most of its letters are in a script the language is not written in."""
    scripts = expected_scripts(data, language)
    if "LATIN" in scripts and any(c in LOOK_ALIKES for c in unicodedata.normalize("NFD", line)):
        line = " ".join(repaired(word) for word in line.split(" "))
    letters = [script_of(c) for c in line if c.isalpha()]
    if not letters:
        return line
    if scripts and 2 * sum(s in scripts for s in letters) < len(letters):
        return None
    return line


def repaired(word):
    decomposed = unicodedata.normalize("NFD", word)
    if not any(c in LOOK_ALIKES for c in decomposed) or not any(script_of(c) == "LATIN" for c in word if c.isalpha()):
        return word
    return unicodedata.normalize("NFC", "".join(LOOK_ALIKES.get(c, c) for c in decomposed))


def words(text):
    """Words: runs of letters and the marks that go with them (Indic vowel signs, Arabic
    harakat), with inner apostrophes and hyphens."""
    text = unicodedata.normalize("NFC", text)
    found, current = [], []
    for index, char in enumerate(text):
        category = unicodedata.category(char)
        if category[0] in "LM":
            current.append(char)
        elif char in "'’-" and current and index + 1 < len(text) and unicodedata.category(text[index + 1])[0] == "L":
            current.append(char)
        elif current:
            found.append("".join(current))
            current = []
    if current:
        found.append("".join(current))
    return found
