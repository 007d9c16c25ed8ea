"""Megatron-LM's tools/preprocess_data.py, its logic written out without Megatron: megatron-core needs torch
(>= 2.6), which is not worth installing for a benchmark, so this does what that tool does with multiprocessing and
numpy alone. JSON Lines in; a pool of worker processes, each loading the tokenizer once (the pool initializer),
gets the lines 32 at a time (`pool.imap(encoder.encode, fin, 32)`), parses each with json.loads and tokenizes its
"text" with sentencepiece (`encode_as_ids`, as Megatron's SentencePiece tokenizer), appending the end-of-document
id; the main process writes every document as it arrives, in order, as IndexedDatasetBuilder does
(`numpy.array(ids, dtype).tobytes()` into .bin, lengths kept for the .idx, written by finalize with the same
layout: MMIDIDX header, int32 lengths, int64 pointers, int64 document indices).

Usage: megatron_preprocess.py MODEL INPUT.jsonl OUTPUT_PREFIX WORKERS
"""
import json
import multiprocessing
import struct
import sys

import numpy

DTYPE_CODES = {numpy.uint16: 8, numpy.int32: 4}


class Encoder:
    def __init__(self, model):
        self.model = model

    def initializer(self):
        import sentencepiece
        Encoder.tokenizer = sentencepiece.SentencePieceProcessor(model_file=self.model)
        Encoder.eod = Encoder.tokenizer.eos_id()

    def encode(self, json_line):
        text = json.loads(json_line)["text"]
        ids = Encoder.tokenizer.encode_as_ids(text)
        if ids:
            ids.append(Encoder.eod)
        return ids, len(json_line)


class IndexedDatasetBuilder:
    """Megatron's builder: ids stream into .bin, one sequence per document; the .idx is written at the end."""

    def __init__(self, prefix, dtype):
        self.prefix, self.dtype = prefix, dtype
        self.data_file = open(prefix + ".bin", "wb")
        self.sequence_lengths = []
        self.document_indices = [0]

    def add_document(self, ids):
        self.data_file.write(numpy.array(ids, dtype=self.dtype).tobytes(order="C"))
        self.sequence_lengths.append(len(ids))
        self.document_indices.append(len(self.sequence_lengths))

    def finalize(self):
        self.data_file.close()
        lengths = numpy.array(self.sequence_lengths, dtype=numpy.int32)
        itemsize = numpy.dtype(self.dtype).itemsize
        pointers = numpy.zeros(len(lengths), dtype=numpy.int64)
        numpy.cumsum(lengths[:-1].astype(numpy.int64) * itemsize, out=pointers[1:])
        with open(self.prefix + ".idx", "wb") as index:
            index.write(b"MMIDIDX\x00\x00")
            index.write(struct.pack("<Q", 1))
            index.write(struct.pack("<B", DTYPE_CODES[self.dtype]))
            index.write(struct.pack("<Q", len(lengths)))
            index.write(struct.pack("<Q", len(self.document_indices)))
            index.write(lengths.tobytes(order="C"))
            index.write(pointers.tobytes(order="C"))
            index.write(numpy.array(self.document_indices, dtype=numpy.int64).tobytes(order="C"))


def main():
    model, source, prefix, workers = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    import sentencepiece
    vocabulary = sentencepiece.SentencePieceProcessor(model_file=model).get_piece_size()
    # Megatron's DType.optimal_dtype: uint16 below 65,500 ids.
    builder = IndexedDatasetBuilder(prefix, numpy.uint16 if vocabulary < 65500 else numpy.int32)
    encoder = Encoder(model)
    with open(source, encoding="utf-8") as fin, multiprocessing.Pool(workers, initializer=encoder.initializer) as pool:
        for ids, _ in pool.imap(encoder.encode, fin, 32):
            builder.add_document(ids)
    builder.finalize()


if __name__ == "__main__":
    main()
