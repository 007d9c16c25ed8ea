#!/usr/bin/env python3
"""Reads a Megatron-LM indexed dataset (PREFIX.idx + PREFIX.bin), written from the format description alone.

.idx, little-endian: magic b"MMIDIDX\\x00\\x00", uint64 version (1), uint8 dtype code, uint64 sequence count,
uint64 document-index count, int32 sequence lengths, int64 sequence pointers (byte offsets into .bin),
int64 document indices. .bin: the token ids of every sequence, back to back, in the dtype.

Usage: read_indexed_dataset.py PREFIX            prints one JSON array of ids per sequence
       read_indexed_dataset.py PREFIX --summary  prints counts as JSON
"""
import json
import struct
import sys

import numpy as np

MAGIC = b"MMIDIDX\x00\x00"
DTYPES = {1: np.uint8, 2: np.int8, 3: np.int16, 4: np.int32, 5: np.int64, 6: np.float64, 7: np.float32, 8: np.uint16}


def read_index(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:9] != MAGIC:
        raise SystemExit(f"{path}: not an MMIDIDX index (magic {data[:9]!r})")
    (version,) = struct.unpack_from("<Q", data, 9)
    if version != 1:
        raise SystemExit(f"{path}: unsupported version {version}")
    (code,) = struct.unpack_from("<B", data, 17)
    if code not in DTYPES:
        raise SystemExit(f"{path}: unknown dtype code {code}")
    sequences, doc_index_count = struct.unpack_from("<QQ", data, 18)
    offset = 34
    lengths = np.frombuffer(data, dtype="<i4", count=sequences, offset=offset)
    offset += 4 * sequences
    pointers = np.frombuffer(data, dtype="<i8", count=sequences, offset=offset)
    offset += 8 * sequences
    doc_indices = np.frombuffer(data, dtype="<i8", count=doc_index_count, offset=offset)
    offset += 8 * doc_index_count
    if offset != len(data):
        raise SystemExit(f"{path}: {len(data) - offset} trailing bytes")
    return np.dtype(DTYPES[code]).newbyteorder("<"), lengths, pointers, doc_indices


def main():
    prefix = sys.argv[1]
    dtype, lengths, pointers, doc_indices = read_index(prefix + ".idx")
    tokens = np.fromfile(prefix + ".bin", dtype=dtype)
    if int(lengths.sum()) != len(tokens):
        raise SystemExit(f"{prefix}.bin holds {len(tokens)} ids, the index says {int(lengths.sum())}")
    if "--summary" in sys.argv[2:]:
        print(json.dumps({"dtype": dtype.name, "sequences": len(lengths), "documents": len(doc_indices) - 1,
                          "tokens": len(tokens), "document_indices": doc_indices.tolist()}))
        return
    for length, pointer in zip(lengths, pointers):
        start = int(pointer) // dtype.itemsize
        print(json.dumps(tokens[start:start + int(length)].tolist()))


if __name__ == "__main__":
    main()
