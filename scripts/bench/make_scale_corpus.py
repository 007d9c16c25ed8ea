#!/usr/bin/env python3
"""Generates a large JSON Lines corpus from real Japanese manual text, for scale benchmarks.

Input: a Seiren dataset of extracted manual pages (`seiren extract data/debian-manuals/manuals -o DIR`; its
documents/*.jsonl.zst). Each generated document is a run of consecutive lines of one real page, with small random
edits (a character replaced by another of the same page, a clause number inserted, two clauses swapped) so that
lines and documents are nearly unique, as in a web crawl; one document in 200 is a near copy of a recent one and
one in 500 an exact copy, so dedup has work. Deterministic for a seed. Output: DIR/corpus-NNNNN.jsonl files of
about --file-megabytes each, until --megabytes are written.
Usage: make_scale_corpus.py MANUAL_DATASET OUT_DIR --megabytes N [--seed S] [--file-megabytes M]
"""
import argparse
import json
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import manuals  # noqa: E402


def pages(dataset):
    """Lines of each extracted page (non-empty, stripped)."""
    result = []
    for document in manuals.documents(dataset):
        lines = [l.strip() for l in document["text"].split("\n") if len(l.strip()) >= 8]
        if len(lines) >= 5:
            result.append(lines)
    if not result:
        raise SystemExit(f"no pages of 5 lines or more under {dataset}/documents")
    return result


def edit(line, rng, page_chars):
    """A small random change, or none."""
    roll = rng.random()
    if roll < 0.35 and len(line) > 4:
        i = rng.randrange(len(line))
        return line[:i] + rng.choice(page_chars) + line[i + 1:]
    if roll < 0.55:
        i = rng.randrange(len(line) + 1)
        return line[:i] + f"（{rng.randrange(1, 10000)}）" + line[i:]
    if roll < 0.65 and "、" in line:
        head, _, tail = line.partition("、")
        return tail + "、" + head
    return line


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dataset")
    parser.add_argument("out")
    parser.add_argument("--megabytes", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--file-megabytes", type=int, default=64)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    source = pages(args.dataset)
    chars = [sorted(set("".join(lines))) for lines in source]
    os.makedirs(args.out, exist_ok=True)
    target, per_file = args.megabytes * 1_000_000, args.file_megabytes * 1_000_000
    written, file_bytes, file_index, n = 0, 0, 0, 0
    recent = []
    out = open(os.path.join(args.out, f"corpus-{file_index:05d}.jsonl"), "w", encoding="utf-8")
    while written < target:
        if n % 500 == 499 and recent:
            text = rng.choice(recent)
        elif n % 200 == 199 and recent:
            lines = rng.choice(recent).split("\n")
            i = rng.randrange(len(lines))
            lines[i] = edit(lines[i], rng, lines[i])
            text = "\n".join(lines)
        else:
            p = rng.randrange(len(source))
            lines = source[p]
            start = rng.randrange(max(1, len(lines) - 5))
            run = lines[start:start + rng.randrange(5, 40)]
            text = "\n".join(edit(line, rng, chars[p]) for line in run)
        recent = (recent + [text])[-50:]
        record = json.dumps({"id": f"scale-{args.seed}-{n:09d}", "text": text, "source": "debian-manuals-scaled"},
                            ensure_ascii=False) + "\n"
        size = len(record.encode("utf-8"))
        if file_bytes + size > per_file and file_bytes > 0:
            out.close()
            file_index += 1
            file_bytes = 0
            out = open(os.path.join(args.out, f"corpus-{file_index:05d}.jsonl"), "w", encoding="utf-8")
        out.write(record)
        file_bytes += size
        written += size
        n += 1
    out.close()
    print(f"{n} documents, {written / 1e6:.1f} MB in {file_index + 1} files under {args.out}")


if __name__ == "__main__":
    main()
