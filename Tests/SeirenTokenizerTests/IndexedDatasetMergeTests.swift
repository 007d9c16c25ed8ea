import Foundation
import SeirenCore
@testable import SeirenTokenizer
import XCTest

/// Appending indexed datasets: the merge of encoded parts gives the bytes of writing every sequence into one, and a
/// part that is not of the same kind or is damaged is refused, never half-appended silently.
final class IndexedDatasetMergeTests: XCTestCase {
    private let sequences: [[Int32]] = [[5, 6, 7, 2], [2], [300, 1, 65_000, 9, 2], [8, 2]]

    private func write(_ sequences: [[Int32]], _ directory: String, _ name: String,
                       dtype: IndexedDatasetWriter.DType = .uint16) throws {
        let writer = try IndexedDatasetWriter(directory: directory, name: name, dtype: dtype)
        for ids in sequences { try writer.append(ids) }
        try writer.finish()
    }

    private func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    func testAppendedPartsEqualOneWriter() throws {
        let dir = try temporaryDirectory()
        try write(sequences, dir, "whole")
        try write(Array(sequences[0..<1]), dir, "a")
        try write([], dir, "b")
        try write(Array(sequences[1...]), dir, "c")
        let merged = try IndexedDatasetWriter(directory: dir, name: "merged", dtype: .uint16)
        for part in ["a", "b", "c"] { try merged.append(datasetAt: "\(dir)/\(part)") }
        try merged.finish()
        XCTAssertEqual(merged.documents, 4)
        XCTAssertEqual(merged.tokens, sequences.map(\.count).reduce(0, +))
        XCTAssertEqual(try bytes("\(dir)/merged.bin"), try bytes("\(dir)/whole.bin"))
        XCTAssertEqual(try bytes("\(dir)/merged.idx"), try bytes("\(dir)/whole.idx"))
    }

    func testOtherDTypeAndShortBinAreRefused() throws {
        let dir = try temporaryDirectory()
        try write(sequences, dir, "wide", dtype: .int32)
        let writer = try IndexedDatasetWriter(directory: dir, name: "merged", dtype: .uint16)
        XCTAssertThrowsError(try writer.append(datasetAt: "\(dir)/wide")) {
            XCTAssertTrue("\($0)".contains("dtype"), "\($0)")
        }
        try write(sequences, dir, "short")
        let bin = try bytes("\(dir)/short.bin")
        try bin.prefix(bin.count - 2).write(to: URL(fileURLWithPath: "\(dir)/short.bin"))
        XCTAssertThrowsError(try writer.append(datasetAt: "\(dir)/short")) {
            XCTAssertTrue("\($0)".contains("its .idx says"), "\($0)")
        }
    }
}
