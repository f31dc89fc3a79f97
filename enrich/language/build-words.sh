#!/bin/sh
# Rebuilds enrich/language/words.txt from the PyPI package wordfreq 3.1.1 (see build-words.py),
# in a throwaway virtual environment; the result is byte-identical from run to run.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
venv="$(mktemp -d)"
trap 'rm -rf "$venv"' EXIT
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check wordfreq==3.1.1
"$venv/bin/python" "$here/build-words.py" > "$here/words.txt.tmp"
mv "$here/words.txt.tmp" "$here/words.txt"
echo "wrote $here/words.txt ($(wc -c < "$here/words.txt") bytes)"
