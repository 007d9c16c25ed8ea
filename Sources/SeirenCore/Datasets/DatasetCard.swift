/// `README.md` of a dataset folder: a Hugging Face dataset card whose YAML header names the shards as the data files
/// of one `train` split, so `datasets.load_dataset(folder)` (also with `streaming=True`) reads the documents and not
/// `manifest.json` as data. It holds only what the manifest holds (no clock time), so reruns write the same file.
public enum DatasetCard {
    public static let fileName = "README.md"

    public static func markdown(_ manifest: DatasetManifest) -> String {
        let paths = manifest.shards.isEmpty ? ["*.jsonl.zst"] : manifest.shards.map(\.path)
        let files = paths.map { "          - " + JSONWriter.string(.string($0)) }.joined(separator: "\n")
        return """
        ---
        pretty_name: \(JSONWriter.string(.string(manifest.name)))
        configs:
          - config_name: default
            data_files:
              - split: train
                path:
        \(files)
        ---

        # \(manifest.name)

        A document dataset written by Seiren \(manifest.toolVersion): \(manifest.documents) documents, \(manifest.characters) characters in
        \(manifest.shards.count) zstd-compressed JSON Lines shards, one document per line with the fields `id`, `text`,
        `source`, `added`, `created` (when known) and `metadata` (Dolma's layout). `manifest.json` lists every shard
        with its SHA-256 and counts and the settings that made it: check them with `seiren inspect --verify .`.

        ```python
        import datasets
        documents = datasets.load_dataset("path/to/this/folder", split="train")  # or streaming=True
        ```

        """
    }

    public static func write(_ manifest: DatasetManifest, directory: String) throws {
        try AtomicFileWriter.write(Array(markdown(manifest).utf8), to: directory + "/" + fileName)
    }
}
