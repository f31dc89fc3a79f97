"""Builds words.txt, the word-frequency table of the language detector, from wordfreq.

Data: the PyPI package wordfreq 3.1.1 (code Apache-2.0, word lists CC-BY-SA 4.0, by Robyn
Speer), its 'small' lists: frequencies combined from Wikipedia, OpenSubtitles/SUBTLEX,
NewsCrawl/GlobalVoices, Google Books, OSCAR web text, Twitter and Reddit. None of that is the
Leipzig corpora the lingua test data (../shared/data/langid) comes from.

Kept: the TOP most frequent words of each language that are letters only, each with its Zipf
frequency (log10 of occurrences per billion words) in tenths. words.txt is derived from the
wordfreq lists and so is under CC-BY-SA 4.0 as they are.

    python3 -m venv /tmp/wf && /tmp/wf/bin/pip install wordfreq==3.1.1
    /tmp/wf/bin/python enrich/language/build-words.py > enrich/language/words.txt
"""

import importlib.metadata
import unicodedata
from collections import defaultdict

import wordfreq

VERSION = "3.1.1"
LANGUAGES = ["de", "en", "es", "fr", "it", "nl", "pt"]
TOP = 20000

assert importlib.metadata.version("wordfreq") == VERSION, "install wordfreq==" + VERSION

print(f"# Word frequencies for language identification: the {TOP} most frequent letter-only words of")
print(f"# each language in wordfreq {VERSION} ('small' lists, CC-BY-SA 4.0), made by build-words.py.")
print("# One line per language and Zipf frequency in tenths: <lang> <zipf x 10> <word> <word>...")
for lang in LANGUAGES:
    bands = defaultdict(list)
    kept = 0
    for word in wordfreq.top_n_list(lang, 10 * TOP, wordlist="small"):
        word = unicodedata.normalize("NFC", word)
        if not word.isalpha():
            continue
        bands[round(10 * wordfreq.zipf_frequency(word, lang, wordlist="small"))].append(word)
        kept += 1
        if kept == TOP:
            break
    for band in sorted(bands, reverse=True):
        print(lang, band, " ".join(bands[band]))
