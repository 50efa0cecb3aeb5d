#!/bin/sh
# Builds the seed corpora in fuzz/corpus/<target>/ (not committed): the seed
# articles, some BBC articles, the fixture notes, sample LSP frames and edit
# scripts, plus every saved input in tests/data/fuzz/<target>/.
# Usage: fuzz/seed-corpus.sh [BBC corpus folder]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
bbc=${1:-${GROUNDED_BBC:-$root/../shared/corpora/bbc}}
cd "$here"
for t in fold_segment figure_parse quote_match quote_source lsp_frames edit_sequence; do
    mkdir -p "corpus/$t"
    [ -d "$root/tests/data/fuzz/$t" ] && cp "$root/tests/data/fuzz/$t"/* "corpus/$t/"
done
texts() {
    ls "$root"/seeds/*.txt "$root"/tests/fixtures/notes/*
    if [ -d "$bbc" ]; then
        for section in "$bbc"/*/; do ls "$section"*.txt | head -n 8; done
    fi
}
for f in $(texts); do
    name=$(basename "$f")
    for t in fold_segment figure_parse quote_match quote_source; do
        cp "$f" "corpus/$t/$name"
    done
done
python3 "$here/seed-frames.py" "$here/corpus"
