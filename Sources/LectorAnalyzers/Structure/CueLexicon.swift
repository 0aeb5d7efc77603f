import Foundation
import LectorKit

/// Cue phrases of page furniture in every language `langid` knows (comment counters, read-more
/// and related headers, share, follow-us and newsletter prompts, menus, bylines), as lists of
/// word hashes keyed by their first word's: a line is matched whatever its language, with no
/// language identified first. Built by Scripts/structure/build_cues.py, which documents the file.
final class CueLexicon: LoadableModel, Sendable {
    static let format = ModelFormat(
        magic: "LECTCUES", version: 1, name: "page-cue lexicon", rebuild: "python3 Scripts/structure/build_cues.py --data ../shared/data")

    struct Phrase: Sendable {
        var words: [UInt64]
        var cue: Cue
        /// Scalars of the phrase in lookup form, to look for what follows it in the line.
        var length: Int
        /// A byline start written with its colon ("Autor:"): the colon must follow.
        var needsColon: Bool
    }

    /// A phrase found in a line, where its first word stands.
    struct Match {
        var phrase: Phrase
        var position: Int
    }

    private let phrases: KeyTable<[Phrase]>
    /// Words that make a line of share buttons when it has nothing else: the share phrases of
    /// one word and the platforms' names.
    let shareWords: KeyTable<Bool>
    private let languages: [Cue: Set<String>]

    /// The lexicon shipped with Lector.
    static func shipped() throws(ModelError) -> CueLexicon {
        try ModelLoader.load(CueLexicon.self, resource: "Models/structure-cues.bin", in: Bundle.module)
    }

    init(file: ModelFile) throws(ModelError) {
        var phrases: [UInt64: [Phrase]] = [:]
        var shareWords: [UInt64: Bool] = [:]
        var languages: [Cue: Set<String>] = [:]
        try WordKeys.forEachLine(of: file) { (lineNumber, fields, bytes) throws(ModelError) in
            guard fields.count == 3, let cue = Cue(rawValue: WordKeys.text(bytes, fields[1])) else {
                throw file.damaged("line \(lineNumber) is not LANG, KIND, PHRASE")
            }
            languages[cue, default: []].insert(WordKeys.text(bytes, fields[0]))
            let text = WordKeys.text(bytes, fields[2])
            let words = Cue.words(of: text)
            guard let first = words.first else { throw file.damaged("line \(lineNumber) has no word") }
            if (cue == .share || cue == .platform) && words.count == 1 { shareWords[first] = true }
            guard cue != .platform else { return }
            let phrase = Phrase(words: words, cue: cue, length: text.unicodeScalars.count, needsColon: cue == .byline && text.hasSuffix(":"))
            // The same words under one kind in several languages are one phrase.
            if phrases[first]?.contains(where: { $0.words == words && $0.cue == cue }) != true { phrases[first, default: []].append(phrase) }
        }
        self.phrases = KeyTable(phrases)
        self.shareWords = KeyTable(shareWords)
        self.languages = languages
    }

    /// The languages with phrases of a kind.
    func languages(of cue: Cue) -> Set<String> { languages[cue] ?? [] }

    /// Every phrase the words contain, in the order they start.
    func matches(in words: [UInt64]) -> [Match] {
        var found: [Match] = []
        for start in words.indices {
            guard let candidates = phrases[words[start]] else { continue }
            for candidate in candidates where words.count - start >= candidate.words.count {
                if candidate.words.indices.allSatisfy({ candidate.words[$0] == words[start + $0] }) {
                    found.append(Match(phrase: candidate, position: start))
                }
            }
        }
        return found
    }
}
