"""The train/dev split for language identification, shared by the dev-set builder and training.

NTREX lines are the same news sentences translated into every language, in the same order, so
a held-out sentence must be held out in every language: whole blocks of consecutive lines
(about one short article) are held out by their position, identically for all languages.
UDHR and Vuk'uzenzele lines are held out by position too (one in ten).
"""
import os
import unicodedata

# The 75 languages of the issue, ISO 639-1.
LANGUAGES = """af ar az be bg bn bs ca cs cy da de el en eo es et eu fa fi fr ga gu he hi hr hu hy id is it ja
ka kk ko la lg lt lv mi mk mn mr ms nb nl nn pa pl pt ro ru sk sl sn so sq sr st sv sw ta te th tl tn
tr ts uk ur vi xh yo zh zu""".split()

BLOCK = 20          # NTREX lines per held-out block
HELD_OUT = 3        # the block (or line) index mod 10 that goes to the dev set


def is_dev(source, index):
    if source == "ntrex":
        return (index // BLOCK) % 10 == HELD_OUT
    return index % 10 == HELD_OUT


def source_files(data, language):
    folder = os.path.join(data, "langid")
    names = sorted(n for n in os.listdir(folder) if n.startswith(language + ".") and n.endswith(".txt"))
    return [(name.split(".")[1], os.path.join(folder, name)) for name in names]


def lines(data, language, part):
    """The training ('train') or held-out ('dev') lines of one language, from every source."""
    for source, path in source_files(data, language):
        with open(path, encoding="utf-8") as f:
            for index, line in enumerate(f):
                line = line.strip()
                if line and is_dev(source, index) == (part == "dev"):
                    yield source, line


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
