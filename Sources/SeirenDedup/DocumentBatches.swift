import SeirenCore

/// Records of several input files in batches, each tagged with the input-order index of its first document
/// (bad records take no index), so the phases can address documents by index across passes.
final class DocumentBatches {
    struct Batch {
        var firstDocument: Int
        var records: [DocumentReader.Record]
    }

    private let inputs: [String]
    private let added: String
    private let batchSize: Int
    private var fileIndex = 0
    private var reader: DocumentReader?
    private var nextDocument = 0
    private(set) var bytesDone = 0
    /// Blank lines of the files read to the end.
    private(set) var blankLines = 0

    init(inputs: [String], added: String, batchSize: Int = 128) {
        self.inputs = inputs
        self.added = added
        self.batchSize = batchSize
    }

    var bytesRead: Int { bytesDone + (reader?.bytesRead ?? 0) }

    func next() throws -> Batch? {
        var batch = Batch(firstDocument: nextDocument, records: [])
        while batch.records.count < batchSize {
            if reader == nil {
                guard fileIndex < inputs.count else { break }
                reader = try DocumentReader(path: inputs[fileIndex], added: added)
                fileIndex += 1
            }
            guard let record = try reader!.next() else {
                bytesDone += reader!.bytesRead
                blankLines += reader!.blankLines
                reader = nil
                continue
            }
            if case .document = record { nextDocument += 1 }
            batch.records.append(record)
        }
        return batch.records.isEmpty ? nil : batch
    }
}
