# Shared by the tokenizer benchmarks (train, encode, encode-tokenizer-json, vocab-reestimate): the repository root,
# made the working directory, and tokenizer_bench_setup. Sourced, not run.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

# Sets python (the reference venv's), seiren and work (data/bench/tokenizer, holding train.txt and heldout.txt made
# from the real Debian manuals by tokenizer_corpus.py, fetched first if needed), and builds seiren in release mode
# (SEIREN_BIN=PATH: use that binary instead, for benchmarks that count tokens rather than time).
tokenizer_bench_setup() {
    python="$(scripts/venv | tail -n 1)"
    scripts/fetch-debian-manuals >&2
    seiren="${SEIREN_BIN:-$root/.build/release/seiren}"
    [ -n "${SEIREN_BIN:-}" ] || swift build -c release --product seiren >&2
    work="$root/data/bench/tokenizer"
    mkdir -p "$work"
    [ -f "$work/train.txt" ] || "$python" scripts/bench/tokenizer_corpus.py data/debian-manuals "$work"
}
