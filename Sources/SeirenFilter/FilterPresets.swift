/// The built-in rule sets, written as rules files so presets and `--rules` go through the same parser.
/// Sources and measurements behind each threshold: docs/filter.md.
public enum FilterPresets {
    /// The Swallow corpus filters (Okazaki et al. 2024) with Gopher's repetition thresholds (Rae et al. 2021)
    /// over characters.
    public static let swallow = """
    [
      {"rule": "characters", "params": {"min": 400}},
      {"rule": "hiragana_fraction", "params": {"min": 0.2}},
      {"rule": "katakana_fraction", "params": {"max": 0.5}},
      {"rule": "japanese_fraction", "params": {"min": 0.5}},
      {"rule": "mean_sentence_length", "params": {"min": 20, "max": 90}},
      {"rule": "max_sentence_length", "params": {"max": 200}},
      {"rule": "ellipsis_line_fraction", "params": {"max": 0.2}},
      {"rule": "duplicate_line_fraction", "params": {"max": 0.30}},
      {"rule": "duplicate_paragraph_fraction", "params": {"max": 0.30}},
      {"rule": "duplicate_line_character_fraction", "params": {"max": 0.20}},
      {"rule": "duplicate_paragraph_character_fraction", "params": {"max": 0.20}},
      {"rule": "top_n_gram_fraction", "params": {"n": 2, "max": 0.20}},
      {"rule": "top_n_gram_fraction", "params": {"n": 3, "max": 0.18}},
      {"rule": "top_n_gram_fraction", "params": {"n": 4, "max": 0.16}},
      {"rule": "duplicate_n_gram_fraction", "params": {"n": 5, "max": 0.15}},
      {"rule": "duplicate_n_gram_fraction", "params": {"n": 6, "max": 0.14}},
      {"rule": "duplicate_n_gram_fraction", "params": {"n": 7, "max": 0.13}},
      {"rule": "duplicate_n_gram_fraction", "params": {"n": 8, "max": 0.12}},
      {"rule": "duplicate_n_gram_fraction", "params": {"n": 9, "max": 0.11}},
      {"rule": "duplicate_n_gram_fraction", "params": {"n": 10, "max": 0.10}}
    ]
    """

    /// Technical manuals: short lines, tables, commands and katakana terms are normal there. Each threshold sits
    /// outside the range of the real Debian manuals (docs/filter.md), so the preset drops only pages that are
    /// not Japanese prose or are mostly repetition.
    public static let manuals = """
    [
      {"rule": "characters", "params": {"min": 50}},
      {"rule": "language", "params": {"min_japanese_letters": 0.3, "min_kana": 0.1}},
      {"rule": "hiragana_fraction", "params": {"min": 0.02}},
      {"rule": "katakana_fraction", "params": {"max": 0.6}},
      {"rule": "symbol_fraction", "params": {"max": 0.25}},
      {"rule": "mean_sentence_length", "params": {"min": 8, "max": 200}},
      {"rule": "max_sentence_length", "params": {"max": 1000}},
      {"rule": "ellipsis_line_fraction", "params": {"max": 0.3}},
      {"rule": "duplicate_line_fraction", "params": {"max": 0.5}},
      {"rule": "duplicate_paragraph_fraction", "params": {"max": 0.4}},
      {"rule": "duplicate_line_character_fraction", "params": {"max": 0.35}},
      {"rule": "duplicate_paragraph_character_fraction", "params": {"max": 0.3}},
      {"rule": "top_n_gram_fraction", "params": {"n": 2, "max": 0.3}},
      {"rule": "top_n_gram_fraction", "params": {"n": 3, "max": 0.35}},
      {"rule": "top_n_gram_fraction", "params": {"n": 4, "max": 0.4}},
      {"rule": "duplicate_n_gram_fraction", "params": {"n": 5, "max": 0.6}},
      {"rule": "duplicate_n_gram_fraction", "params": {"n": 10, "max": 0.4}}
    ]
    """

    public static let all: [String: String] = ["swallow": swallow, "manuals": manuals]
}
