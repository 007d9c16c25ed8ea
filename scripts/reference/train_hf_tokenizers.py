"""Trains small Hugging Face tokenizers on a text file with the `tokenizers` library and saves each as
NAME.tokenizer.json in an output folder: one per pipeline Seiren must read (byte-level BPE with the GPT-2 regex,
Llama-3-style regex split, BERT WordPiece, Metaspace BPE and Unigram, BPE with subword prefix/suffix and digit and
punctuation splits). Used by the compatibility tests; the tests compare ids with `hf_encode.py`.

usage: train_hf_tokenizers.py CORPUS.txt OUTPUT_DIR
"""
import sys

from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers

corpus, out = sys.argv[1], sys.argv[2]
lines = [line for line in open(corpus, encoding="utf-8").read().split("\n") if line]
LLAMA3 = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*"
          r"|\s*[\r\n]+|\s+(?!\S)|\s+")


def save(name, tokenizer, trainer):
    tokenizer.train_from_iterator(lines, trainer=trainer)
    tokenizer.add_tokens([AddedToken("データ", normalized=True), AddedToken(" lstrip", lstrip=True, normalized=False),
                          AddedToken("rs>", rstrip=True, normalized=False),
                          AddedToken("word", single_word=True, normalized=False)])
    tokenizer.save(f"{out}/{name}.tokenizer.json")


# GPT-2 style byte-level BPE.
t = Tokenizer(models.BPE())
t.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
t.decoder = decoders.ByteLevel()
save("bytelevel-bpe", t, trainers.BpeTrainer(vocab_size=800, special_tokens=["<|endoftext|>"],
                                             initial_alphabet=pre_tokenizers.ByteLevel.alphabet()))

# Llama-3 style: regex split, then byte level without its own regex; ignore_merges.
t = Tokenizer(models.BPE(ignore_merges=True))
t.normalizer = normalizers.NFC()
t.pre_tokenizer = pre_tokenizers.Sequence([
    pre_tokenizers.Split(Regex(LLAMA3), behavior="isolated"),
    pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)])
save("llama3-bpe", t, trainers.BpeTrainer(vocab_size=900, special_tokens=["<|begin_of_text|>", "<|end_of_text|>"],
                                          initial_alphabet=pre_tokenizers.ByteLevel.alphabet()))

# BERT WordPiece.
t = Tokenizer(models.WordPiece(unk_token="[UNK]", max_input_chars_per_word=12))
t.normalizer = normalizers.BertNormalizer(lowercase=True)
t.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
save("bert-wordpiece", t, trainers.WordPieceTrainer(vocab_size=700, special_tokens=["[UNK]", "[CLS]", "[SEP]"]))

# BERT-like without lowercasing, Chinese handling but accents kept.
t = Tokenizer(models.WordPiece(unk_token="[UNK]"))
t.normalizer = normalizers.BertNormalizer(lowercase=False, strip_accents=False)
t.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.WhitespaceSplit(), pre_tokenizers.Punctuation()])
save("cased-wordpiece", t, trainers.WordPieceTrainer(vocab_size=600, special_tokens=["[UNK]"]))

# Metaspace BPE with NFKC, unknown characters fused.
t = Tokenizer(models.BPE(unk_token="<unk>", fuse_unk=True))
t.normalizer = normalizers.Sequence([normalizers.NFKC(), normalizers.Replace(Regex(r"\s+"), " "), normalizers.Strip()])
t.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="first")
save("metaspace-bpe", t, trainers.BpeTrainer(vocab_size=700, special_tokens=["<unk>", "</s>"]))

# Unigram with Metaspace (always), lowercase, NFKD and digit splitting.
t = Tokenizer(models.Unigram())
t.normalizer = normalizers.Sequence([normalizers.NFKD(), normalizers.Lowercase(), normalizers.Prepend("▁"),
                                     normalizers.Replace(" ", "▁")])
t.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.Digits(individual_digits=True),
                                           pre_tokenizers.Metaspace(prepend_scheme="never", split=False)])
save("unigram", t, trainers.UnigramTrainer(vocab_size=3000, unk_token="<unk>", special_tokens=["<unk>", "</s>"]))

# BPE with a continuing-subword prefix and an end-of-word suffix, Whitespace and contiguous digits.
t = Tokenizer(models.BPE(unk_token="<unk>", continuing_subword_prefix="##", end_of_word_suffix="</w>"))
t.normalizer = normalizers.Sequence([normalizers.NFD(), normalizers.StripAccents(), normalizers.NFC()])
t.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.Whitespace(), pre_tokenizers.Digits()])
save("suffix-bpe", t, trainers.BpeTrainer(vocab_size=1500, special_tokens=["<unk>"], continuing_subword_prefix="##",
                                          end_of_word_suffix="</w>"))

# Split behaviours with a string and an inverted regex.
t = Tokenizer(models.BPE(unk_token="<unk>"))
t.pre_tokenizer = pre_tokenizers.Sequence([
    pre_tokenizers.Split("。", behavior="merged_with_previous"),
    pre_tokenizers.Split(Regex(r"\p{Han}+"), behavior="isolated", invert=False),
    pre_tokenizers.Split(Regex(r"[ 、]"), behavior="merged_with_next"),
    pre_tokenizers.Split(Regex(r"\d+"), behavior="contiguous"),
    pre_tokenizers.Split(Regex(r"[^a-z]+"), behavior="removed", invert=True)])
save("split-bpe", t, trainers.BpeTrainer(vocab_size=1500, special_tokens=["<unk>"]))
