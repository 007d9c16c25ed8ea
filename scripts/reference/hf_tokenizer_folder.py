"""Loads a tokenizer folder the way a model team does, `transformers.AutoTokenizer.from_pretrained(FOLDER)`, and
encodes whole documents with it and with the reference libraries, printing one JSON object:
- transformers' version, the class it loaded, and its bos/eos/unk/pad tokens and ids;
- per document: AutoTokenizer ids without and with special tokens, `tokenizers` ids (Tokenizer.from_file of
  tokenizer.json, add_special_tokens=False), sentencepiece ids (tokenizer.model), the slow `LlamaTokenizer` ids
  where transformers has it (4.x: it reads tokenizer.model with sentencepiece; null elsewhere), and
  AutoTokenizer's decoding of its own ids;
- a padded batch of all documents (ids and attention masks);
- with SAVE_TO: the folder `save_pretrained(SAVE_TO)` writes.

usage: hf_tokenizer_folder.py FOLDER DOCUMENTS.json [SAVE_TO]   (DOCUMENTS.json: a JSON array of strings)
"""
import json
import os
import sys

import sentencepiece
import transformers
from tokenizers import Tokenizer
from transformers import AutoTokenizer

folder, documents_path = sys.argv[1], sys.argv[2]
documents = json.load(open(documents_path, encoding="utf-8"))
auto = AutoTokenizer.from_pretrained(folder)
fast = Tokenizer.from_file(os.path.join(folder, "tokenizer.json"))
sp = sentencepiece.SentencePieceProcessor(model_file=os.path.join(folder, "tokenizer.model"))
slow = None
if transformers.__version__.startswith("4."):
    slow = transformers.LlamaTokenizer.from_pretrained(folder)

out = {
    "version": transformers.__version__,
    "class": type(auto).__name__,
    "tokens": {name: [getattr(auto, name + "_token"), getattr(auto, name + "_token_id")]
               for name in ["bos", "eos", "unk", "pad"]},
    "documents": [],
}
for text in documents:
    plain = auto(text, add_special_tokens=False)["input_ids"]
    out["documents"].append({
        "auto": plain,
        "auto_special": auto(text)["input_ids"],
        "tokenizers": fast.encode(text, add_special_tokens=False).ids,
        "sentencepiece": sp.encode(text),
        "slow": slow(text, add_special_tokens=False)["input_ids"] if slow is not None else None,
        "decoded": auto.decode(plain),
    })
batch = auto(documents, padding=True)
out["batch"] = {"input_ids": batch["input_ids"], "attention_mask": batch["attention_mask"], "keys": sorted(batch.keys())}
if len(sys.argv) > 3:
    auto.save_pretrained(sys.argv[3])
print(json.dumps(out, ensure_ascii=False))
