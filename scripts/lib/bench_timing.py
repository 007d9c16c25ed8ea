"""What the line-by-line benchmarks (scripts/bench/normalize, scripts/bench/segment) time with, written once: CPU
time of this process and its children, the best of several runs, and a text file's lines as JSON Lines documents
for the dataset commands. Imported with PYTHONPATH=scripts/lib."""
import json
import resource
import time


def cpu():
    """CPU seconds (user + system) of this process and its finished children: the per-core cost, which a busy
    machine disturbs less than wall time."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def best(fn, runs):
    """Best of `runs` calls of fn: (CPU seconds, wall seconds)."""
    measures = []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), cpu()
        fn()
        measures.append((cpu() - start_cpu, time.perf_counter() - start))
    return min(measures)


def write_documents(lines, path, per_document=50):
    """The same text as JSON Lines documents of 50 lines each, for the dataset commands."""
    with open(path, "w", encoding="utf-8") as f:
        for i in range(0, len(lines), per_document):
            f.write(json.dumps({"id": str(i), "text": "\n".join(lines[i:i + per_document]), "source": "bench"},
                               ensure_ascii=False) + "\n")
    return path
