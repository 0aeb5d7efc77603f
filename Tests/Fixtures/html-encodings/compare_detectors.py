#!/usr/bin/env python3
"""Compares uchardet (libuchardet0) with ICU's charset detector (libicu) on the pages without a
declaration (pages/*.none.html and *.short.html), each given what HTMLDecoding gives uchardet:
the words of the page's text that have non-ASCII bytes in them (tags, comments, scripts and
style sheets left out), up to 256 such bytes or 1 KB; an all-ASCII page with escape bytes from
its first escape on. ICU is also run as its own input filter would have it (the raw page, tags
filtered by ICU). A page counts as read when decoding it in the detector's answer (as browsers
would read that name) gives every line of its text exactly. The answers are the detectors' own,
without HTMLDecoding's corrections (KOI8-U, windows-1253, MS-DOS code pages refused).

Run from this folder: python3 compare_detectors.py
"""
import collections
import ctypes
import ctypes.util
import glob
import os
import re
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))

uchardet_lib = ctypes.CDLL(ctypes.util.find_library("uchardet") or "libuchardet.so.0")
uchardet_lib.uchardet_new.restype = ctypes.c_void_p
uchardet_lib.uchardet_delete.argtypes = [ctypes.c_void_p]
uchardet_lib.uchardet_handle_data.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t]
uchardet_lib.uchardet_data_end.argtypes = [ctypes.c_void_p]
uchardet_lib.uchardet_get_charset.argtypes = [ctypes.c_void_p]
uchardet_lib.uchardet_get_charset.restype = ctypes.c_char_p

icu_lib = ctypes.CDLL(ctypes.util.find_library("icui18n") or "libicui18n.so")
# ICU's C functions carry its major version (ucsdet_open_72).
suffix = next(f"_{v}" for v in range(50, 100) if hasattr(icu_lib, f"ucsdet_open_{v}"))


def icu_function(name, restype, argtypes):
    function = getattr(icu_lib, name + suffix)
    function.restype, function.argtypes = restype, argtypes
    return function


status_type = ctypes.POINTER(ctypes.c_int)
ucsdet_open = icu_function("ucsdet_open", ctypes.c_void_p, [status_type])
ucsdet_set_text = icu_function("ucsdet_setText", None, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int32, status_type])
ucsdet_detect = icu_function("ucsdet_detect", ctypes.c_void_p, [ctypes.c_void_p, status_type])
ucsdet_get_name = icu_function("ucsdet_getName", ctypes.c_char_p, [ctypes.c_void_p, status_type])
ucsdet_enable_input_filter = icu_function("ucsdet_enableInputFilter", ctypes.c_int8, [ctypes.c_void_p, ctypes.c_int8])
status = ctypes.c_int(0)
icu_detector = ucsdet_open(ctypes.byref(status))


def uchardet(data):
    detector = uchardet_lib.uchardet_new()
    uchardet_lib.uchardet_handle_data(detector, data, len(data))
    uchardet_lib.uchardet_data_end(detector)
    name = uchardet_lib.uchardet_get_charset(detector).decode()
    uchardet_lib.uchardet_delete(detector)
    return name


def icu(data, input_filter=False):
    ucsdet_enable_input_filter(icu_detector, 1 if input_filter else 0)
    ucsdet_set_text(icu_detector, data, len(data), ctypes.byref(status))
    match = ucsdet_detect(icu_detector, ctypes.byref(status))
    return ucsdet_get_name(match, ctypes.byref(status)).decode() if match else ""


def text_content(page):
    """The page without tags, comments, scripts and style sheets (as HTMLDecoding.textSample)."""
    out, index, lower = bytearray(), 0, page.lower()
    while index < len(page):
        if page[index] == 0x3C and index + 1 < len(page) and (chr(page[index + 1]).isalpha() or page[index + 1] in b"/!?"):
            if page.startswith(b"<!--", index):
                end = page.find(b"-->", index + 4)
                index = len(page) if end < 0 else end + 3
                out += b" "
                continue
            for element in (b"script", b"style"):
                after = index + 1 + len(element)
                if lower.startswith(b"<" + element, index) and after < len(page) and not chr(page[after]).isalpha():
                    end = lower.find(b"</" + element, after)
                    index = len(page) if end < 0 else end
                    break
            end = page.find(b">", index)
            index = len(page) if end < 0 else end + 1
            out += b" "
            continue
        out.append(page[index])
        index += 1
    return bytes(out)


WORD = re.compile(rb"[^ \t\r\n\f]*[\x80-\xff][^ \t\r\n\f]*")


def sample(text, high_bytes=256, limit=1024):
    out, high = bytearray(), 0
    for match in WORD.finditer(text):
        word = match.group()
        out += word[: limit - len(out)] + b" "
        high += sum(1 for byte in word if byte >= 0x80)
        if high >= high_bytes or len(out) >= limit:
            break
    return bytes(out)


# A detector's answer -> the Python codec that decodes it as a browser would read that name.
CODECS = {
    "shift_jis": "cp932", "euc-jp": "euc_jp", "iso-2022-jp": "iso2022_jp", "gb18030": "gb18030", "gbk": "gbk", "gb2312": "gbk",
    "big5": "big5", "euc-kr": "cp949", "uhc": "cp949", "windows-1251": "cp1251", "koi8-r": "koi8_r", "koi8-u": "koi8_u",
    "iso-8859-5": "iso8859_5", "ibm866": "cp866", "mac-cyrillic": "mac_cyrillic", "windows-1253": "cp1253",
    "iso-8859-7": "iso8859_7", "windows-1255": "cp1255", "iso-8859-8": "iso8859_8", "iso-8859-8-i": "iso8859_8",
    "windows-1256": "cp1256", "iso-8859-6": "iso8859_6", "windows-1254": "cp1254", "iso-8859-9": "cp1254",
    "windows-1250": "cp1250", "iso-8859-2": "iso8859_2", "windows-874": "cp874", "tis-620": "cp874", "iso-8859-11": "cp874",
    "windows-1258": "cp1258", "windows-1257": "cp1257", "iso-8859-13": "iso8859_13", "windows-1252": "cp1252",
    "iso-8859-1": "cp1252", "iso-8859-15": "iso8859_15", "iso-8859-16": "iso8859_16", "iso-8859-4": "iso8859_4",
    "iso-8859-3": "iso8859_3", "iso-8859-10": "iso8859_10", "": "cp1252",
}


def reads(page, answer, lines):
    codec = CODECS.get(answer.lower())
    if codec is None:
        return False
    text = unicodedata.normalize("NFC", page.decode(codec, "replace"))
    return all(line in text for line in lines)


def main():
    os.chdir(HERE)
    tally = collections.defaultdict(lambda: [0, 0])
    misses = collections.defaultdict(list)
    for path in sorted(glob.glob("pages/*.html")):
        lang, encoding, variant, _ = os.path.basename(path).split(".")
        if variant not in ("none", "short") or encoding == "utf-8":
            continue
        page = open(path, "rb").read()
        text = text_content(page)
        if any(byte >= 0x80 for byte in text):
            data = sample(text)
        elif b"\x1b" in page:
            data = page[page.index(b"\x1b"):][:4096]
        else:
            continue  # an ASCII title: nothing to detect
        lines = open(f"texts/{lang}.txt", encoding="utf-8").read().split("\n")
        lines = [line for line in lines if line][: 1 if variant == "short" else None]
        for detector, answer in (("uchardet", uchardet(data)), ("icu", icu(data)), ("icu, own filter, raw page", icu(page, True))):
            read = reads(page, answer, lines)
            tally[(detector, variant)][0] += read
            tally[(detector, variant)][1] += 1
            if not read:
                misses[detector].append(f"{lang}.{encoding}.{variant} -> {answer or 'nothing'}")
    for (detector, variant), (read, pages) in sorted(tally.items()):
        print(f"{detector:28} {variant:6} {read}/{pages} read exactly")
    for detector, names in misses.items():
        print(f"\n{detector} misses:\n  " + "\n  ".join(names))


if __name__ == "__main__":
    main()
