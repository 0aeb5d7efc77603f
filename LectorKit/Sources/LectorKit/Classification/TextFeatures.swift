/// Which features the classification engine reads from a text: hashed word n-grams and
/// character n-grams within white-space-separated chunks (padded with a space at each end, as
/// scikit-learn's `char_wb` does), over the text's lookup form (`WordForms.fold`: lower case,
/// Arabic letters and digits folded, points and tatweel dropped). Feature hashing keeps memory
/// bounded whatever the vocabulary: a feature is a bucket in 2^bits.
public struct TextFeatureConfig: Sendable, Hashable {
    /// The hash space is 2^bits buckets, shared by both blocks.
    public var bits: Int
    /// Word n-grams from 1 to this (0: no word features).
    public var wordNGrams: Int
    /// Character n-grams from `charMin` to `charMax` (`charMax` 0: none).
    public var charMin: Int
    public var charMax: Int

    public init(bits: Int = 18, wordNGrams: Int = 2, charMin: Int = 2, charMax: Int = 5) {
        self.bits = bits
        self.wordNGrams = wordNGrams
        self.charMin = charMin
        self.charMax = charMax
    }

    /// What is wrong with this configuration, if anything.
    public var problem: String? {
        if !(8...24).contains(bits) { return "bits must be 8 to 24, not \(bits)" }
        if !(0...3).contains(wordNGrams) { return "word n-grams must be 0 to 3, not \(wordNGrams)" }
        if !(0...5).contains(charMax) || charMax != 0 && !(1...charMax).contains(charMin) {
            return "character n-grams must be within 1 to 5, not \(charMin) to \(charMax)"
        }
        if wordNGrams == 0 && charMax == 0 { return "no features: neither word nor character n-grams" }
        return nil
    }

    /// Two blocks, each normalised on its own: words and characters.
    public static let blockCount = 2
}

/// Receives the features the scanner finds, one call per occurrence.
public protocol TextFeatureSink {
    /// Whether `add(block:bucket:name:)` needs the feature's text (for explanations).
    static var wantsNames: Bool { get }
    mutating func add(block: Int, bucket: Int, name: @autoclosure () -> String)
}

/// Finds the features of a text: one pass over its UTF-8, hashing as it goes (nothing is
/// allocated unless the sink wants names).
public struct TextFeatureScanner: Sendable {
    public let config: TextFeatureConfig
    @usableFromInline let mask: Int
    @usableFromInline let table: ScalarTable

    public init(_ config: TextFeatureConfig) {
        self.config = config
        mask = (1 << config.bits) - 1
        table = ScalarTable.shared
    }

    @usableFromInline static let prime: UInt64 = 0x100_0000_01B3
    @usableFromInline static let basis: UInt64 = 0xCBF2_9CE4_8422_2325

    /// A 64-bit mix (the MurmurHash3 finaliser) of a key and a salt, down to a bucket.
    @inlinable @inline(__always)
    func bucket(_ key: UInt64, salt: UInt64) -> Int {
        var x = key ^ (salt &* 0x9E37_79B9_7F4A_7C15)
        x ^= x >> 33
        x &*= 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        x &*= 0xC4CE_B9FE_1A85_EC53
        x ^= x >> 33
        return Int(truncatingIfNeeded: x) & mask
    }

    /// Scans `text` and reports every feature occurrence to `sink`.
    @inlinable
    public func scan<Sink: TextFeatureSink>(_ text: String, into sink: inout Sink) {
        var text = text
        text.withUTF8 { scan(utf8: $0, into: &sink) }
    }

    /// Scans valid UTF-8.
    @inlinable
    public func scan<Sink: TextFeatureSink>(utf8 bytes: UnsafeBufferPointer<UInt8>, into sink: inout Sink) {
        var state = ScanState()
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            if lead < 0x80 {
                // ASCII, the most of many texts: lower-cased here, without the general fold.
                index += 1
                step(lead >= 0x41 && lead <= 0x5A ? UInt32(lead | 0x20) : UInt32(lead), &state, &sink)
                continue
            }
            let value = UTF8Text.decode(bytes, &index)
            WordForms.fold(Unicode.Scalar(value) ?? " ") { folded in
                step(folded.value, &state, &sink)
            }
        }
        endChunk(&state, &sink)
    }

    /// Scans a text given as scalar values: the same features as its UTF-8.
    @inlinable
    public func scan<Sink: TextFeatureSink>(values: UnsafeBufferPointer<UInt32>, into sink: inout Sink) {
        var state = ScanState()
        for value in values {
            if value < 0x80 {
                step(value >= 0x41 && value <= 0x5A ? value | 0x20 : value, &state, &sink)
                continue
            }
            WordForms.fold(Unicode.Scalar(value) ?? " ") { folded in
                step(folded.value, &state, &sink)
            }
        }
        endChunk(&state, &sink)
    }

    /// What the scanner remembers between scalars.
    @usableFromInline
    struct ScanState {
        /// The last five scalars of the chunk, most recent first, and how many the chunk has.
        @usableFromInline var recent: (UInt32, UInt32, UInt32, UInt32, UInt32) = (0, 0, 0, 0, 0)
        @usableFromInline var chunkLength = 0
        @usableFromInline var wordHash = TextFeatureScanner.basis
        @usableFromInline var inWord = false
        /// The previous two word tokens' hashes (0: none).
        @usableFromInline var previous: UInt64 = 0
        @usableFromInline var beforePrevious: UInt64 = 0
        /// Only when the sink wants names: the chunk's scalars, the current word's, the previous words.
        @usableFromInline var chunkText: [UInt32] = []
        @usableFromInline var wordText: [UInt32] = []
        @usableFromInline var previousName = ""
        @usableFromInline var beforePreviousName = ""

        @usableFromInline init() {}
    }

    @inlinable @inline(__always)
    func step<Sink: TextFeatureSink>(_ value: UInt32, _ state: inout ScanState, _ sink: inout Sink) {
        if ScalarTable.isSpace(value) {
            endWord(&state, &sink)
            endChunk(&state, &sink)
            return
        }
        if value == 0xFE0F || value == 0x200D { return }  // emoji presentation and joiner: part of the emoji
        if state.chunkLength == 0 { pushChar(0x20, &state, &sink) }
        pushChar(value, &state, &sink)
        let kind = table.classify(value)
        if kind >= ScalarTable.neutralLetter || kind == ScalarTable.mark || (value >= 0x30 && value <= 0x39)
            || (kind == ScalarTable.joiner && state.inWord) {
            state.wordHash = (state.wordHash ^ UInt64(value)) &* Self.prime
            state.inWord = true
            if Sink.wantsNames { state.wordText.append(value) }
            return
        }
        endWord(&state, &sink)
        // Emoji, symbols and ! ? are tokens of their own; other punctuation only separates words.
        if value >= 0x2000 || value == 0x21 || value == 0x3F || value == 0x061F {
            state.wordHash = (Self.basis ^ UInt64(value)) &* Self.prime
            if Sink.wantsNames { state.wordText = [value] }
            state.inWord = true
            endWord(&state, &sink)
        }
    }

    @inlinable @inline(__always)
    func endWord<Sink: TextFeatureSink>(_ state: inout ScanState, _ sink: inout Sink) {
        guard state.inWord else { return }
        let hash = state.wordHash | 1
        state.inWord = false
        state.wordHash = Self.basis
        let name = Sink.wantsNames ? Self.string(state.wordText) : ""
        if Sink.wantsNames { state.wordText.removeAll(keepingCapacity: true) }
        guard config.wordNGrams > 0 else { return }
        sink.add(block: 0, bucket: bucket(hash, salt: 1), name: name)
        if config.wordNGrams >= 2, state.previous != 0 {
            sink.add(block: 0, bucket: bucket(state.previous &* Self.prime ^ hash, salt: 2), name: state.previousName + " " + name)
            if config.wordNGrams >= 3, state.beforePrevious != 0 {
                sink.add(
                    block: 0, bucket: bucket((state.beforePrevious &* Self.prime ^ state.previous) &* Self.prime ^ hash, salt: 3),
                    name: state.beforePreviousName + " " + state.previousName + " " + name)
            }
        }
        state.beforePrevious = state.previous
        state.previous = hash
        if Sink.wantsNames {
            state.beforePreviousName = state.previousName
            state.previousName = name
        }
    }

    @inlinable @inline(__always)
    func endChunk<Sink: TextFeatureSink>(_ state: inout ScanState, _ sink: inout Sink) {
        endWord(&state, &sink)
        guard state.chunkLength > 0 else { return }
        pushChar(0x20, &state, &sink)
        state.chunkLength = 0
        if Sink.wantsNames { state.chunkText.removeAll(keepingCapacity: true) }
    }

    /// Adds a scalar to the chunk and reports the character n-grams that end with it.
    @inlinable @inline(__always)
    func pushChar<Sink: TextFeatureSink>(_ value: UInt32, _ state: inout ScanState, _ sink: inout Sink) {
        state.recent = (value, state.recent.0, state.recent.1, state.recent.2, state.recent.3)
        state.chunkLength += 1
        if Sink.wantsNames { state.chunkText.append(value) }
        let longest = min(config.charMax, state.chunkLength)
        guard config.charMax > 0, longest >= config.charMin else { return }
        var hash = UInt64(value) | 0x1_0000_0000
        for length in 1...longest {
            if length > 1 {
                let earlier: UInt32
                switch length {
                case 2: earlier = state.recent.1
                case 3: earlier = state.recent.2
                case 4: earlier = state.recent.3
                default: earlier = state.recent.4
                }
                hash = (hash &* Self.prime) ^ UInt64(earlier)
            }
            // A lone pad is no feature.
            if length >= config.charMin, !(length == 1 && value == 0x20) {
                sink.add(
                    block: 1, bucket: bucket(hash, salt: 10 &+ UInt64(length)),
                    name: Sink.wantsNames ? Self.string(state.chunkText.suffix(length)) : "")
            }
        }
    }

    @usableFromInline
    static func string(_ values: some Collection<UInt32>) -> String {
        UTF8Text.string(values.compactMap(Unicode.Scalar.init))
    }
}
