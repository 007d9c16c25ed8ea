"""The Debian manuals as text, one way for every script: read from the Seiren dataset that `seiren extract` makes of
the fetched manuals (DATASET/documents/*.jsonl.zst), never stripped from HTML here, so every benchmark and check
sees the text the extract stage gives and no corpus depends on which script made it.

Usage (scripts/manuals runs this with the venv's python after fetching and extracting; it is rarely run by hand):
  manuals.py lines DATASET OUT                   every non-empty line of every page, as found (agreement checks)
  manuals.py documents DATASET OUT [--megabytes N]
                                                 JSON Lines, one document per page as extracted; with --megabytes
                                                 the pages repeat with ids ID#COPY until N MB are written
  manuals.py split DATASET DEST [--held-out-every K]
                                                 the lines as DEST/train.txt and DEST/heldout.txt (every Kth line
                                                 held out, default 100)
Each output is written aside and renamed into place, with OUT.source beside it naming the dataset's shards and the
arguments: an output whose .source matches is left as it is (a second run is free); any other is made again.
"""
import argparse
import contextlib
import glob
import hashlib
import io
import json
import os
import sys

import zstandard


def shard_paths(dataset):
    paths = sorted(glob.glob(os.path.join(dataset, "documents", "*.jsonl.zst")))
    if not paths:
        raise SystemExit(f"manuals: no documents under {dataset}/documents: run `seiren extract` first")
    return paths


def documents(dataset):
    """The dataset's records (dicts with id and text), in shard order."""
    for path in shard_paths(dataset):
        with open(path, "rb") as f, zstandard.ZstdDecompressor().stream_reader(f) as reader:
            for line in io.TextIOWrapper(reader, encoding="utf-8"):
                yield json.loads(line)


def lines(dataset):
    """Every line of every page that holds more than whitespace, as extracted (not trimmed)."""
    for document in documents(dataset):
        yield from (line for line in document["text"].split("\n") if line.strip())


@contextlib.contextmanager
def written_aside(path):
    """A text file at PATH.partial, renamed to PATH only when the block ends without an error."""
    partial = path + ".partial"
    try:
        with open(partial, "w", encoding="utf-8", newline="\n") as f:
            yield f
        os.replace(partial, path)
    finally:
        if os.path.exists(partial):
            os.remove(partial)


def source_stamp(dataset, arguments):
    """What an output was made from: the shards' sha256 (names and bytes) and the arguments that shaped it."""
    digest = hashlib.sha256()
    for path in shard_paths(dataset):
        with open(path, "rb") as f:
            digest.update(os.path.basename(path).encode() + b"\0" + hashlib.sha256(f.read()).digest())
    return json.dumps({"shards_sha256": digest.hexdigest(), "arguments": arguments}, sort_keys=True) + "\n"


def up_to_date(stamp_path, stamp):
    try:
        with open(stamp_path, encoding="utf-8") as f:
            return f.read() == stamp
    except FileNotFoundError:
        return False


def write_lines(dataset, out):
    count = 0
    with written_aside(out) as f:
        for line in lines(dataset):
            f.write(line + "\n")
            count += 1
    return f"{count} lines, {os.path.getsize(out)} bytes -> {out}"


def write_documents(dataset, out, megabytes=None):
    pages = [(d["id"], d["text"]) for d in documents(dataset) if d["text"].strip()]
    target = megabytes * 1e6 if megabytes else 0
    written, copy = 0, 0
    with written_aside(out) as f:
        while copy == 0 or written < target:
            for doc_id, text in pages:
                record = {"id": f"{doc_id}#{copy}" if megabytes else doc_id, "text": text, "source": "debian-manuals"}
                line = json.dumps(record, ensure_ascii=False) + "\n"
                f.write(line)
                written += len(line.encode("utf-8"))
            copy += 1
    return f"{len(pages)} pages x {copy} copies, {written / 1e6:.1f} MB -> {out}"


def write_split(dataset, dest, every):
    os.makedirs(dest, exist_ok=True)
    train, held = os.path.join(dest, "train.txt"), os.path.join(dest, "heldout.txt")
    counts = [0, 0]
    with written_aside(train) as t, written_aside(held) as h:
        for number, line in enumerate(lines(dataset), 1):
            (h if number % every == 0 else t).write(line + "\n")
            counts[number % every == 0] += 1
    return f"{counts[0]} training lines ({os.path.getsize(train) / 1e6:.1f} MB), {counts[1]} held-out lines -> {dest}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("lines", "documents", "split"):
        command = commands.add_parser(name)
        command.add_argument("dataset")
        command.add_argument("out")
        if name == "documents":
            command.add_argument("--megabytes", type=float)
        if name == "split":
            command.add_argument("--held-out-every", type=int, default=100)
    args = parser.parse_args()
    arguments = {k: v for k, v in vars(args).items() if k not in ("dataset", "out")}
    stamp = source_stamp(args.dataset, arguments)
    stamp_path = os.path.join(args.out, ".source") if args.command == "split" else args.out + ".source"
    if up_to_date(stamp_path, stamp):
        print(f"manuals: {args.out} is up to date", file=sys.stderr)
        return
    if args.command == "lines":
        summary = write_lines(args.dataset, args.out)
    elif args.command == "documents":
        summary = write_documents(args.dataset, args.out, args.megabytes)
    else:
        summary = write_split(args.dataset, args.out, args.held_out_every)
    with written_aside(stamp_path) as f:
        f.write(stamp)
    print(f"manuals: {summary}", file=sys.stderr)


if __name__ == "__main__":
    main()
