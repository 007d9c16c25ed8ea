"""The repository's places for the Python scripts, as scripts/lib/common.sh gives them to the bash ones: the root,
the data folder, the seiren binary and the manuals as JSON Lines. Imported after
`sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))` (adjust the ../)."""
import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "data")
MANUAL_DOCUMENTS = os.path.join(DATA, "manuals.jsonl")


def seiren():
    """$SEIREN_BIN, else the release build, else the debug build; builds nothing."""
    builds = [os.path.join(ROOT, ".build", configuration, "seiren") for configuration in ("release", "debug")]
    candidates = [os.environ.get("SEIREN_BIN")] + builds
    for path in candidates:
        if path and os.path.exists(path):
            return path
    raise SystemExit("no seiren binary: run `swift build -c release --product seiren` (or set SEIREN_BIN)")


def manual_documents():
    """data/manuals.jsonl, a document per page of the Debian manuals, made (or found up to date) by scripts/manuals
    with the seiren binary above, so it is the text `seiren extract` gives."""
    env = {**os.environ, "SEIREN_BIN": seiren()}
    subprocess.run([os.path.join(ROOT, "scripts", "manuals"), "documents", MANUAL_DOCUMENTS], check=True, env=env)
    return MANUAL_DOCUMENTS
