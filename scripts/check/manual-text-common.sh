# Shared by the agreement checks: repository root, the reference venv's python, a release build of seiren, and the
# Debian manuals as text lines. Sourced, not run.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
python="${SEIREN_PYTHON:-$("$root/scripts/venv" | tail -n 1)}"
manuals="${SEIREN_MANUALS:-$root/data/debian-manuals}"

seiren_release() {
    (cd "$root" && swift build -c release --product seiren >&2)
    echo "$root/.build/release/seiren"
}

manual_lines() {  # manual_lines OUT: the manuals' text lines (fetching the manuals first if needed)
    if [ ! -f "$manuals/.complete" ]; then "$root/scripts/fetch-debian-manuals" "$manuals" >&2; fi
    "$python" "$root/scripts/check/manual-text" "$1" "$manuals"
}
