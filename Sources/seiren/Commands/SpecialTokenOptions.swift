import ArgumentParser
import SeirenTokenizer

/// Options of every command that writes a vocabulary folder: what its Hugging Face files (tokenizer.json's
/// post-processor, tokenizer_config.json) say about BOS/EOS and padding. The model's ids do not change.
struct SpecialTokenOptions: ParsableArguments {
    @Flag(help: "Hugging Face tokenizers add the BOS piece before each text (tokenizer.json post-processor, add_bos_token).")
    var addBos = false
    @Flag(help: "Hugging Face tokenizers add the EOS piece after each text.")
    var addEos = false
    @Option(help: "Control piece that pads a batch in transformers (default: the pad piece of --pad-id, else the EOS piece).")
    var padToken: String?

    var settings: SpecialTokenSettings { SpecialTokenSettings(addBos: addBos, addEos: addEos, padPiece: padToken) }
}
