import Foundation
import Testing

/// `lector analyze` over the broken pages (Tests/Fixtures/html-broken; HTMLBrokenPagesTests in
/// LectorKitTests says what each must give): every page a record, analyzers and all, in bounded
/// time; the damaged gzip file the one input refused, and --skip-bad goes on past it.
@Suite("lector analyze on broken web pages, end to end")
struct HTMLBrokenPagesEndToEndTests {
    static let folder = "Tests/Fixtures/html-broken"

    @Test func everyBrokenPageIsARecordWithSkipBad() throws {
        let pages = try FileManager.default.contentsOfDirectory(atPath: LectorBinary.repository + "/" + Self.folder)
            .filter { $0.hasSuffix(".html") || $0.hasSuffix(".html.gz") }
        let start = Date()
        let result = try LectorBinary.run(["analyze", "--skip-bad", "--no-text", "-p", "normalize | langid | stats | structure", Self.folder])
        #expect(Date().timeIntervalSince(start) < 60)
        #expect(result.status == 0, "\(result.stderr)")
        let records = result.lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        // Every page but the damaged gzip, and the folder's README.md (read as text).
        #expect(records.count == pages.count, "\(records.count) records for \(pages.count) pages")
        #expect(!records.contains { $0["errors"] != nil })
        #expect(result.stderr.contains("corrupt.html.gz: not a valid gzip file (skipped)"))
        #expect(!result.stderr.contains("truncated.html.gz"))
    }

    @Test func theDamagedGzipStopsARunWithoutSkipBad() throws {
        let result = try LectorBinary.run(["analyze", "-p", "stats", Self.folder + "/truncated.html.gz", Self.folder + "/corrupt.html.gz"])
        #expect(result.status != 0)
        #expect(result.lines.count == 1)
        #expect(result.stderr.contains("not a valid gzip file (--skip-bad reports such a file and goes on with the others)"))
    }
}
