import Foundation
import LectorTestSupport
import LectorAnalyzers
import LectorKit
@testable import LectorShell

/// A session whose output is captured, over the bundled example articles.
final class SessionHarness: @unchecked Sendable {
    var output = ""
    var errors = ""
    lazy var session: Session = Session(
        registry: BuiltInAnalyzers.registry(), isTerminal: false, environment: ["COLUMNS": "120", "HOME": NSTemporaryDirectory()],
        write: { [unowned self] in self.output += $0 }, writeError: { [unowned self] in self.errors += $0 })

    static let repository = TestPaths.repository

    static let articles = repository + "/examples/articles"

    init(loadExamples: Bool = true) throws {
        if loadExamples { try run("load \(Self.articles)") }
        output = ""
    }

    @discardableResult
    func run(_ line: String) throws -> String {
        output = ""
        try session.run(line: line)
        return output
    }

    var ids: [String] { (try? session.documentsInView.map(\.id)) ?? [] }
}
