import Foundation
import LectorKit
import Synchronization

/// The shipped models of one kind, a file a language (`Models/PREFIX-LANG.bin`), each loaded
/// on first use and kept, with what its user makes of it (the source of its extra features,
/// how its labels map onto a taxonomy): a run over one language loads one.
final class ShippedModels<Made: Sendable>: Sendable {
    let prefix: String
    let languages: Set<String>
    let make: @Sendable (TextClassifier) throws -> Made
    private let loaded = Mutex<[String: (TextClassifier, Made)]>([:])

    init(prefix: String, languages: Set<String>, make: @escaping @Sendable (TextClassifier) throws -> Made) {
        self.prefix = prefix
        self.languages = languages
        self.make = make
    }

    /// The model for a language and what was made of it, if the language has one.
    func model(_ code: String) throws -> (TextClassifier, Made)? {
        guard languages.contains(code) else { return nil }
        if let found = loaded.withLock({ $0[code] }) { return found }
        let model = try ModelLoader.load(TextClassifier.self, resource: "Models/\(prefix)-\(code).bin", in: Bundle.module)
        let found = (model, try make(model))
        loaded.withLock { $0[code] = found }
        return found
    }
}
