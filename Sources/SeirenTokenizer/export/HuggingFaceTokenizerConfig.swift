import SeirenCore

/// The two files beside `tokenizer.json` that make a vocabulary folder load with
/// `transformers.AutoTokenizer.from_pretrained(folder)` on transformers 4.x and 5.x:
/// - `tokenizer_config.json`: the generic fast class `PreTrainedTokenizerFast` (it takes `tokenizer.json` as written,
///   normalizer, model, decoder and post-processor included; a model-specific class such as `LlamaTokenizerFast`
///   rebuilds some of them on transformers 5.x), the special tokens, whether BOS/EOS are added (the post-processor
///   of `tokenizer.json` does the adding; the flags say so to readers such as `LlamaTokenizer`), and
///   `clean_up_tokenization_spaces: false` so decoding gives back the text (the clean-up deletes spaces before
///   punctuation), and `model_input_names` without `token_type_ids`;
/// - `special_tokens_map.json`: the special tokens again, as `save_pretrained` writes them for transformers 4.x.
enum HuggingFaceTokenizerConfig {
    static func config(_ tokens: SpecialTokens) -> JSONValue {
        var config: JSONValue = [
            "tokenizer_class": "PreTrainedTokenizerFast",
            "add_bos_token": .bool(tokens.addBos),
            "add_eos_token": .bool(tokens.addEos),
            "clean_up_tokenization_spaces": false,
            // A decoder-only model takes no token_type_ids (transformers 4.x would return them by default).
            "model_input_names": ["input_ids", "attention_mask"],
            // LlamaTokenizer (the slow class reading tokenizer.model): encode with the model as it is.
            "legacy": true,
            "added_tokens_decoder": .object(tokens.all.map { token in
                (String(token.id), [
                    "content": .string(token.piece), "lstrip": false, "normalized": false, "rstrip": false,
                    "single_word": false, "special": true,
                ])
            }),
        ]
        for (key, token) in named(tokens) { config.set(key, .string(token.piece)) }
        return config
    }

    static func specialTokensMap(_ tokens: SpecialTokens) -> JSONValue {
        .object(named(tokens).map { key, token in
            (key, ["content": .string(token.piece), "lstrip": false, "normalized": false, "rstrip": false, "single_word": false])
        })
    }

    private static func named(_ tokens: SpecialTokens) -> [(String, SpecialTokens.Token)] {
        [("bos_token", tokens.bos), ("eos_token", tokens.eos), ("unk_token", tokens.unk), ("pad_token", tokens.pad)]
            .compactMap { key, token in token.map { (key, $0) } }
    }
}
