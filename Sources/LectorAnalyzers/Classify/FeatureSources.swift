import LectorKit

/// Dense features a classifier reads beside a text's n-grams, named in the model file so that
/// whoever loads the model can compute them again: `sentiment-lexicon:LANG` is the sentiment
/// lexicon's score of the text in language LANG.
public struct FeatureSource: Sendable {
    public let spec: String
    public let names: [String]
    let compute: @Sendable (String) -> [Float]
    /// The lexicon scorer behind a sentiment-lexicon source.
    let scorer: LexiconScorer?

    public func features(_ text: String) -> [Float] { compute(text) }

    /// The sources there are, for help and errors.
    public static let known = ["sentiment-lexicon:LANG"]

    /// The source a spec names, or nil for "" (no extra features).
    public static func named(_ spec: String) throws -> FeatureSource? {
        if spec.isEmpty { return nil }
        let parts = spec.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        switch parts[0] {
        case "sentiment-lexicon":
            let lexicon = try SentimentLexicon.shipped()
            guard parts.count == 2, let scorer = LexiconScorer(lexicon: lexicon, language: parts[1]) else {
                let languages = lexicon.languages.keys.sorted().joined(separator: ", ")
                throw ClassifierError("'\(spec)': the sentiment lexicon has the languages \(languages); write sentiment-lexicon:LANG")
            }
            return FeatureSource(spec: spec, names: LexiconScore.featureNames.map { "lexicon." + $0 }, compute: { scorer.score($0).features }, scorer: scorer)
        default:
            throw ClassifierError("unknown feature source '\(spec)'; there is \(known.joined(separator: ", "))")
        }
    }

    /// The source of a model's extra features, checked against the names the model was trained
    /// with (a model whose features this Lector cannot compute is refused, not run wrong).
    public static func of(_ model: TextClassifier) throws -> FeatureSource? {
        let source = try named(model.extraSource)
        let names = source?.names ?? []
        guard names == model.extraNames else {
            throw ClassifierError("the model expects the extra features \(model.extraNames) from '\(model.extraSource)', which gives \(names); train it again with this Lector")
        }
        return source
    }
}
