import Foundation

/// A trained linear text classifier (multinomial logistic regression over hashed word and
/// character n-grams, plus any dense features its trainer supplied), as `lector train` and the
/// built-in analyzers' training scripts write it. It knows nothing of what its labels mean.
///
/// Prediction is one pass over the text: each feature occurrence adds its bucket's row to the
/// scores. A block's vector is `tf·idf` scaled by `1/sqrt(Σ idf²)` over the occurrences, so the
/// idf is folded into the stored weights and the norm is summed on the way.
///
/// File layout (little endian): "LECTCLSF", UInt32 version 1; UInt32 length of a JSON header
/// (labels, feature configuration, extra feature names and their source, temperature, and how it
/// was trained), the header, zero padding to a multiple of 4; then K Float32 biases; E×K Float32
/// extra-feature weights; 2^bits rows of K+1 Float16: the K label weights times the bucket's idf,
/// and the idf squared (0 for a bucket no training text had).
public final class TextClassifier: LoadableModel, Sendable {
    public static let format = ModelFormat(
        magic: "LECTCLSF", version: 1, name: "classifier model", rebuild: "lector train --data FILE.jsonl --out MODEL")

    public let labels: [String]
    public let config: TextFeatureConfig
    /// Names of the dense features the model expects beside the text, in order.
    public let extraNames: [String]
    /// Where those come from, such as "sentiment-lexicon:de"; empty when there are none.
    public let extraSource: String
    /// Logits are divided by this before the softmax (fitted on validation data).
    public let temperature: Double
    /// The rest of the header: how the model was trained (examples, regularisation, scores).
    public let info: JSONObject
    let bias: [Float]
    let extraWeights: [Float]
    /// 2^bits rows of `stride` floats: the K label weights, zeros, and idf² last. The stride is
    /// K+1 rounded up to 4, 8 or 16, so that a row of 15 labels or fewer is one SIMD vector.
    let rows: [Float]
    let stride: Int

    static func stride(labels k: Int) -> Int { k < 4 ? 4 : k < 8 ? 8 : k < 16 ? 16 : (k + 1 + 3) / 4 * 4 }

    /// Rows in memory from rows as the file holds them (K+1 values each).
    static func padded(bits: Int, labels k: Int, _ value: (Int) -> Float) -> [Float] {
        let stride = Self.stride(labels: k)
        let count = stride << bits
        return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            buffer.initialize(repeating: 0)
            for bucket in 0..<(1 << bits) {
                for label in 0..<k { buffer[bucket * stride + label] = value(bucket * (k + 1) + label) }
                buffer[bucket * stride + stride - 1] = value(bucket * (k + 1) + k)
            }
            initialized = count
        }
    }

    /// Every Float16 as a Float: converting through a table is several times faster than the
    /// software conversion a baseline x86-64 build makes.
    static let halfToFloat: [Float] = (0..<65536).map { Float(Float16(bitPattern: UInt16($0))) }
    let scanner: TextFeatureScanner

    public var labelCount: Int { labels.count }

    public init(file: ModelFile) throws(ModelError) {
        let payload = file.payload
        func u32(_ offset: Int) -> Int { Int(UInt32(littleEndian: payload.loadUnaligned(fromByteOffset: offset, as: UInt32.self))) }
        guard payload.count >= 4 else { throw file.damaged("no header") }
        let headerLength = u32(0)
        guard headerLength <= payload.count - 4 else { throw file.damaged("header of \(headerLength) bytes in a payload of \(payload.count)") }
        let header: JSONValue
        do {
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: payload[4..<(4 + headerLength)]), as: UTF8.self)
            header = try JSONParser.parse(text)
        } catch {
            throw file.damaged("its header is not JSON: \(error.message)")
        }
        guard let labels = header["labels"]?.arrayValue?.compactMap(\.stringValue), labels.count >= 2,
              let bits = header["bits"]?.intValue, let words = header["word_ngrams"]?.intValue,
              let charMin = header["char_min"]?.intValue, let charMax = header["char_max"]?.intValue,
              let temperature = header["temperature"]?.doubleValue, temperature > 0
        else { throw file.damaged("its header lacks labels, features or temperature") }
        let config = TextFeatureConfig(bits: bits, wordNGrams: words, charMin: charMin, charMax: charMax)
        if let problem = config.problem { throw file.damaged(problem) }
        let extraNames = header["extras"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let k = labels.count, e = extraNames.count
        var offset = 4 + headerLength
        offset += (4 - offset % 4) % 4
        let expected = offset + 4 * (k + e * k) + 2 * (k + 1) << bits
        guard payload.count == expected else {
            throw file.damaged("\(payload.count) payload bytes, expected \(expected): truncated or written by another version")
        }
        func floats(_ count: Int) -> [Float] {
            defer { offset += 4 * count }
            return (0..<count).map { Float(bitPattern: UInt32(littleEndian: payload.loadUnaligned(fromByteOffset: offset + 4 * $0, as: UInt32.self))) }
        }
        bias = floats(k)
        extraWeights = floats(e * k)
        let start = offset
        let table = Self.halfToFloat
        rows = Self.padded(bits: bits, labels: k) { index in
            table[Int(UInt16(littleEndian: payload.loadUnaligned(fromByteOffset: start + 2 * index, as: UInt16.self)))]
        }
        self.labels = labels
        self.config = config
        self.extraNames = extraNames
        self.extraSource = header["extra_source"]?.stringValue ?? ""
        self.temperature = temperature
        var info = header.objectValue ?? [:]
        for key in ["labels", "bits", "word_ngrams", "char_min", "char_max", "extras", "extra_source", "temperature"] { info.removeValue(forKey: key) }
        self.info = info
        stride = Self.stride(labels: k)
        scanner = TextFeatureScanner(config)
    }

    /// A model from trained parameters (rows of K+1 values, as in the file) (the trainer's result, before it is written).
    init(labels: [String], config: TextFeatureConfig, extraNames: [String], extraSource: String, temperature: Double,
         info: JSONObject, bias: [Float], extraWeights: [Float], rows: [Float]) {
        self.labels = labels
        self.config = config
        self.extraNames = extraNames
        self.extraSource = extraSource
        self.temperature = temperature
        self.info = info
        self.bias = bias
        self.extraWeights = extraWeights
        self.rows = Self.padded(bits: config.bits, labels: labels.count) { rows[$0] }
        stride = Self.stride(labels: labels.count)
        scanner = TextFeatureScanner(config)
    }

    /// Sums a text's rows, block by block, in registers: a row is one SIMD vector of the stride's
    /// width (a pointer would make every add a load and a store the next add waits for). Buckets
    /// are gathered first and their rows summed in a loop of loads alone, so that the rows a
    /// text needs (most of them far from the cache) are fetched many at a time.
    struct VectorAccumulator<Vector: SIMD>: TextFeatureSink where Vector.Scalar == Float {
        static var wantsNames: Bool { false }
        static var batch: Int { 256 }
        let rows: UnsafeRawPointer
        /// Pending buckets: words in the first half, characters in the second.
        let pending: UnsafeMutablePointer<Int32>
        var pendingWords = 0, pendingChars = 0
        var words = Vector()
        var chars = Vector()

        @inline(__always)
        mutating func add(block: Int, bucket: Int, name: @autoclosure () -> String) {
            if block == 0 {
                pending[pendingWords] = Int32(truncatingIfNeeded: bucket)
                pendingWords += 1
                if pendingWords == Self.batch { flush() }
            } else {
                pending[Self.batch + pendingChars] = Int32(truncatingIfNeeded: bucket)
                pendingChars += 1
                if pendingChars == Self.batch { flush() }
            }
        }

        @inline(__always)
        func sum(_ buckets: UnsafeMutablePointer<Int32>, _ count: Int, into total: inout Vector) {
            for index in 0..<count {
                total += rows.loadUnaligned(fromByteOffset: Int(buckets[index]) * MemoryLayout<Vector>.size, as: Vector.self)
            }
        }

        mutating func flush() {
            sum(pending, pendingWords, into: &words)
            sum(pending + Self.batch, pendingChars, into: &chars)
            pendingWords = 0
            pendingChars = 0
        }
    }

    /// Sums a text's rows, block by block, through memory (strides wider than 16).
    struct Accumulator: TextFeatureSink {
        static var wantsNames: Bool { false }
        let rows: UnsafePointer<Float>
        let stride: Int
        /// Per block: K sums, then the sum of idf².
        let sums: UnsafeMutablePointer<Float>

        @inline(__always)
        mutating func add(block: Int, bucket: Int, name: @autoclosure () -> String) {
            let row = rows + bucket * stride
            let target = sums + block * stride
            for index in 0..<stride { target[index] += row[index] }
        }
    }

    /// The raw scores (logits before temperature) of `text` with its extra features.
    public func logits(_ text: String, extras: [Float] = []) -> [Double] {
        var text = text
        return text.withUTF8 { logits(FeatureInput.utf8($0), extras: extras) }
    }

    /// The raw scores of a text given as its scalar values (a caller that has them saves making a string).
    public func logits(values: UnsafeBufferPointer<UInt32>, extras: [Float] = []) -> [Double] {
        logits(FeatureInput.values(values), extras: extras)
    }

    /// A text as the scanner reads it.
    enum FeatureInput {
        case utf8(UnsafeBufferPointer<UInt8>)
        case values(UnsafeBufferPointer<UInt32>)

        @inline(__always)
        func scan<Sink: TextFeatureSink>(_ scanner: TextFeatureScanner, into sink: inout Sink) {
            switch self {
            case .utf8(let bytes): scanner.scan(utf8: bytes, into: &sink)
            case .values(let values): scanner.scan(values: values, into: &sink)
            }
        }
    }

    func logits(_ input: FeatureInput, extras: [Float]) -> [Double] {
        precondition(extras.count == extraNames.count, "the model expects \(extraNames.count) extra features")
        let k = labels.count
        var sums = [Float](repeating: 0, count: stride * TextFeatureConfig.blockCount)
        func vectors<Vector: SIMD>(_: Vector.Type, _ rows: UnsafeBufferPointer<Float>) where Vector.Scalar == Float {
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: 2 * VectorAccumulator<Vector>.batch) { pending in
                var accumulator = VectorAccumulator<Vector>(rows: UnsafeRawPointer(rows.baseAddress!), pending: pending.baseAddress!)
                input.scan(scanner, into: &accumulator)
                accumulator.flush()
                for lane in 0..<stride {
                    sums[lane] = accumulator.words[lane]
                    sums[stride + lane] = accumulator.chars[lane]
                }
            }
        }
        rows.withUnsafeBufferPointer { rows in
            switch stride {
            case 4: vectors(SIMD4<Float>.self, rows)
            case 8: vectors(SIMD8<Float>.self, rows)
            case 16: vectors(SIMD16<Float>.self, rows)
            default:
                sums.withUnsafeMutableBufferPointer { sums in
                    var accumulator = Accumulator(rows: rows.baseAddress!, stride: stride, sums: sums.baseAddress!)
                    input.scan(scanner, into: &accumulator)
                }
            }
        }
        var logits = bias.map(Double.init)
        for block in 0..<TextFeatureConfig.blockCount {
            let norm = sums[block * stride + stride - 1]
            guard norm > 0 else { continue }
            let scale = 1 / Double(norm).squareRoot()
            for label in 0..<k { logits[label] += Double(sums[block * stride + label]) * scale }
        }
        for (index, value) in extras.enumerated() where value != 0 {
            for label in 0..<k { logits[label] += Double(value * extraWeights[index * k + label]) }
        }
        return logits
    }

    /// The share of the text's word n-gram occurrences that the training texts had: how well
    /// the model knows the text's vocabulary (to choose between models for a text in doubt).
    public func coverage(_ text: String) -> Double {
        struct Counter: TextFeatureSink {
            static var wantsNames: Bool { false }
            let rows: [Float]
            let stride: Int
            var known = 0, total = 0
            mutating func add(block: Int, bucket: Int, name: @autoclosure () -> String) {
                guard block == 0 else { return }
                total += 1
                if rows[bucket * stride + stride - 1] > 0 { known += 1 }
            }
        }
        var counter = Counter(rows: rows, stride: stride)
        scanner.scan(text, into: &counter)
        return counter.total == 0 ? 0 : Double(counter.known) / Double(counter.total)
    }

    /// Calibrated probabilities, in label order.
    public func probabilities(_ text: String, extras: [Float] = []) -> [Double] {
        Self.softmax(logits(text, extras: extras), temperature: temperature)
    }

    /// Calibrated probabilities of a text given as its scalar values.
    public func probabilities(values: UnsafeBufferPointer<UInt32>, extras: [Float] = []) -> [Double] {
        Self.softmax(logits(values: values, extras: extras), temperature: temperature)
    }

    /// Labels with their probabilities, best first.
    public func classify(_ text: String, extras: [Float] = []) -> [(label: String, probability: Double)] {
        zip(labels, probabilities(text, extras: extras)).map { ($0, $1) }.sorted { $0.probability > $1.probability }
    }

    static func softmax(_ logits: [Double], temperature: Double) -> [Double] {
        let top = logits.max() ?? 0
        let exps = logits.map { Foundation.exp(($0 - top) / temperature) }
        let total = exps.reduce(0, +)
        return exps.map { $0 / total }
    }

    /// A feature behind a prediction: its text ("w:good", "c:goo", "x:lexicon.positive"), its
    /// value in the text's vector, and what it adds to the label's score against the others'
    /// mean (positive: towards the label).
    public struct Evidence: Sendable, Hashable {
        public var feature: String
        public var weight: Double

        public init(feature: String, weight: Double) {
            self.feature = feature
            self.weight = weight
        }

        /// Evidence from weights summed by feature: the `top` strongest either way, ties by name;
        /// features that add nothing are left out.
        public static func strongest(_ totals: [String: Double], top: Int) -> [Evidence] {
            let evidence = totals.compactMap { key, value in value == 0 ? nil : Evidence(feature: key, weight: value) }
            let sorted = evidence.sorted { (a: Evidence, b: Evidence) -> Bool in
                abs(a.weight) != abs(b.weight) ? abs(a.weight) > abs(b.weight) : a.feature < b.feature
            }
            return Array(sorted.prefix(top))
        }
    }

    /// The features that pushed `text` towards `label` (or away, with negative weights), the
    /// strongest first: word n-grams ("w:"), character n-grams ("c:") and extras ("x:").
    public func explain(_ text: String, extras: [Float] = [], label: Int, top: Int = 10) -> [Evidence] {
        struct Collector: TextFeatureSink {
            static var wantsNames: Bool { true }
            var found: [(block: Int, bucket: Int, name: String)] = []
            mutating func add(block: Int, bucket: Int, name: @autoclosure () -> String) { found.append((block, bucket, name())) }
        }
        var collector = Collector()
        scanner.scan(text, into: &collector)
        let k = labels.count
        var norms = [Double](repeating: 0, count: TextFeatureConfig.blockCount)
        for item in collector.found { norms[item.block] += Double(rows[item.bucket * stride + stride - 1]) }
        /// What one unit of a feature adds to `label` against the other labels' mean.
        func margin(_ weights: (Int) -> Double) -> Double {
            let own = weights(label)
            let others = (0..<k).filter { $0 != label }.map(weights).reduce(0, +) / Double(k - 1)
            return own - others
        }
        var totals: [String: Double] = [:]
        for item in collector.found where norms[item.block] > 0 {
            let scale = 1 / norms[item.block].squareRoot()
            let value = margin { Double(self.rows[item.bucket * self.stride + $0]) } * scale
            totals[(item.block == 0 ? "w:" : "c:") + item.name, default: 0] += value
        }
        for (index, value) in extras.enumerated() where value != 0 {
            totals["x:" + extraNames[index], default: 0] += margin { Double(self.extraWeights[index * k + $0]) } * Double(value)
        }
        return Evidence.strongest(totals.mapValues { $0 / temperature }, top: top)
    }

    /// The model file's bytes: header, parameters.
    public func fileBytes() -> [UInt8] {
        var header: JSONObject = [:]
        header["labels"] = .array(labels.map { JSONValue.string($0) })
        header["bits"] = .int(config.bits)
        header["word_ngrams"] = .int(config.wordNGrams)
        header["char_min"] = .int(config.charMin)
        header["char_max"] = .int(config.charMax)
        header["extras"] = .array(extraNames.map { JSONValue.string($0) })
        header["extra_source"] = .string(extraSource)
        header["temperature"] = .double(temperature)
        for (key, value) in info { header[key] = value }
        var writer = JSONWriter()
        writer.write(.object(header))
        var bytes = Array(Self.format.magic.utf8)
        func u32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
        u32(Self.format.version)
        u32(UInt32(writer.bytes.count))
        bytes.append(contentsOf: writer.bytes)
        while (bytes.count - ModelFile.headerSize) % 4 != 0 { bytes.append(0) }
        for value in bias + extraWeights { u32(value.bitPattern) }
        let k = labels.count
        bytes.reserveCapacity(bytes.count + (k + 1) << config.bits * 2)
        for bucket in 0..<(1 << config.bits) {
            for index in Array(0..<k) + [stride - 1] {
                withUnsafeBytes(of: Float16(rows[bucket * stride + index]).bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
            }
        }
        return bytes
    }

    /// Writes the model to exactly `path`: to a temporary file beside it, then renamed into
    /// place, so that a process that has the old file mapped keeps reading it whole.
    public func write(to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        do {
            try Data(fileBytes()).write(to: temporary)
            if rename(temporary.path, url.path) != 0 {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(at: temporary)
                throw ClassifierError("cannot write \(path): \(reason)")
            }
        } catch let error as ClassifierError {
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw ClassifierError("cannot write \(path): \((error as NSError).localizedDescription)")
        }
    }
}

/// A training or evaluation problem a user can act on.
public struct ClassifierError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
    /// Interrupted by the user (Ctrl-C).
    public static let cancelled = ClassifierError("training interrupted")
}
