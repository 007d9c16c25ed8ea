# What every script under scripts/ needs, written once. Sourced, not run: `source "$(dirname "$0")/../lib/common.sh"`
# (adjust the ../ to the script's folder). Sets:
#   root      the repository root
#   data      the data folder ($root/data, ignored by git)
#   manuals   the fetched Debian manuals ($SEIREN_MANUALS, default $data/debian-manuals)
# and gives the functions below. Nothing here changes the working directory.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
data="$root/data"
manuals="${SEIREN_MANUALS:-$data/debian-manuals}"

venv_python() {  # the reference venv's python: $SEIREN_PYTHON, else the venv scripts/venv makes (or reuses)
    if [ -n "${SEIREN_PYTHON:-}" ]; then echo "$SEIREN_PYTHON"; else "$root/scripts/venv" | tail -n 1; fi
}

seiren_release() {  # builds seiren in release mode and prints its path ($SEIREN_BIN instead, when set: no build)
    if [ -n "${SEIREN_BIN:-}" ]; then echo "$SEIREN_BIN"; return; fi
    swift_build -c release
    echo "$root/.build/release/seiren"
}

seiren_debug() {  # the debug seiren ($SEIREN_BIN instead, when set), built only when missing
    if [ -n "${SEIREN_BIN:-}" ]; then echo "$SEIREN_BIN"; return; fi
    [ -x "$root/.build/debug/seiren" ] || swift_build
    echo "$root/.build/debug/seiren"
}

swift_build() {  # swift build --product seiren [ARGS...], quiet unless it fails
    local log
    if ! log="$(cd "$root" && swift build --product seiren "$@" 2>&1)"; then
        printf '%s\n' "$log" >&2
        return 1
    fi
}

fetch_manuals() {  # fetches the manuals when not complete; exit status 3 when Debian is out of reach
    "$root/scripts/fetch-debian-manuals" "$manuals" >&2
}

manual_dataset() {  # SEIREN: prints the folder of the Seiren dataset `seiren extract` makes of the manuals
    # Extracted again on every call (a few seconds) so the text always follows the extractor, but replaced only when
    # its shards change: what is derived from it (scripts/lib/manuals.py) is then made again, and only then.
    local seiren="$1" dataset="$manuals/dataset" fresh
    fetch_manuals || return
    fresh="$(mktemp -d "$manuals/dataset.XXXXXX")"
    if ! "$seiren" extract "$manuals/manuals" -o "$fresh/dataset" --added 2026-01-01T00:00:00Z \
        >/dev/null 2>"$fresh/log"; then
        cat "$fresh/log" >&2
        rm -rf "$fresh"
        return 1
    fi
    if [ -d "$dataset" ] && [ "$(shard_sums "$fresh/dataset")" = "$(shard_sums "$dataset")" ]; then
        rm -rf "$fresh"
    else
        rm -rf "$dataset"
        mv "$fresh/dataset" "$dataset"
        rm -rf "$fresh"
    fi
    echo "$dataset"
}

shard_sums() {  # DATASET: the sha256 of each of its shards
    (cd "$1/documents" && sha256sum -- *.jsonl.zst)
}

manual_text() {  # SEIREN lines|documents|split OUT [OPTIONS...]: the manuals as text (scripts/lib/manuals.py)
    local seiren="$1" dataset
    shift
    dataset="$(manual_dataset "$seiren")" || return
    "$(venv_python)" "$root/scripts/lib/manuals.py" "$1" "$dataset" "${@:2}"
}

text_or_manual_lines() {  # FILE SEIREN: prints FILE, or when FILE is empty makes and prints data/manual-lines.txt
    if [ -n "$1" ]; then echo "$1"; return; fi
    manual_text "$2" lines "$data/manual-lines.txt" >&2 || return
    echo "$data/manual-lines.txt"
}

tokenizer_corpus() {  # SEIREN: makes (or finds up to date) and prints data/bench/tokenizer, with train.txt and
    # heldout.txt (every 100th line of the manuals held out), the tokenizer benchmarks' text
    manual_text "$1" split "$data/bench/tokenizer" >&2 || return
    echo "$data/bench/tokenizer"
}

work_folder() {  # sets work to a new temporary folder, removed when the script exits (kept with KEEP=1)
    work="$(mktemp -d)"
    [ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
}

mecab_dictionary_folder() {  # ipadic|unidic|FOLDER: the MeCab dictionary folder (Debian's packages' paths)
    case "$1" in
        ipadic) echo /var/lib/mecab/dic/ipadic-utf8 ;;
        unidic) echo /var/lib/mecab/dic/unidic ;;
        *) echo "$1" ;;
    esac
}
