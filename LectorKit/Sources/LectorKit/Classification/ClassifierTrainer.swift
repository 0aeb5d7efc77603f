import Dispatch
import Foundation
import Synchronization

/// One labelled text, with the dense features its source adds (none for a plain text model).
public struct TrainingExample: Sendable {
    public var text: String
    public var label: String
    public var extras: [Float]

    public init(text: String, label: String, extras: [Float] = []) {
        self.text = text
        self.label = label
        self.extras = extras
    }
}

/// How to train.
public struct TrainingOptions: Sendable {
    public var features = TextFeatureConfig()
    /// Inverse regularisation strength, as scikit-learn's `C`; nil: chosen from `grid` by
    /// macro-F1 on the validation set when there is one, else `defaultC`.
    public var c: Double?
    public var grid: [Double] = [0.3, 1, 3, 10]
    public static let defaultC = 3.0
    /// Weigh each class inversely to its frequency, so that a rare class counts as much (macro-F1).
    public var balanced = true
    public var maxIterations = 300
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    /// The names of the examples' extra features and where they come from (stored in the model).
    public var extraNames: [String] = []
    public var extraSource = ""
    /// Anything to keep in the model's header (the data's file names, say).
    public var info: JSONObject = [:]

    public init() {}
}

/// What training did: the chosen regularisation, the scores on the validation set.
public struct TrainingSummary: Sendable {
    public var examples: Int
    public var labels: [String]
    public var features: Int
    public var c: Double
    /// Macro-F1 on the validation set for each C tried.
    public var tried: [(c: Double, macroF1: Double)]
    public var temperature: Double
    public var validation: ClassificationReport?
    /// Mean log-loss on the validation set before and after calibration.
    public var logLoss: (raw: Double, calibrated: Double)?
    public var seconds: Double
}

/// Trains a `TextClassifier`: multinomial logistic regression with L2 regularisation, fitted
/// by L-BFGS with the gradient summed over the examples on all cores, then calibrated by
/// temperature scaling on the validation set.
public enum ClassifierTrainer {
    public static func train(
        _ examples: [TrainingExample], validation: [TrainingExample] = [], options: TrainingOptions,
        cancellation: CancellationFlag? = nil, progress: (String) -> Void = { _ in }
    ) throws -> (model: TextClassifier, summary: TrainingSummary) {
        let started = Date()
        if let problem = options.features.problem { throw ClassifierError(problem) }
        guard options.maxIterations >= 1 else { throw ClassifierError("maxIterations must be at least 1, not \(options.maxIterations)") }
        guard options.c.map({ $0 > 0 }) ?? !options.grid.isEmpty, options.grid.allSatisfy({ $0 > 0 }) else {
            throw ClassifierError("C must be above 0, and the grid of C values must not be empty")
        }
        let labels = Array(Set(examples.map(\.label))).sorted()
        guard labels.count >= 2 else {
            throw ClassifierError(labels.isEmpty ? "no training examples" : "every training example has the label '\(labels[0])': a classifier needs two labels or more")
        }
        for example in examples + validation where example.extras.count != options.extraNames.count {
            throw ClassifierError("an example has \(example.extras.count) extra features, expected \(options.extraNames.count)")
        }
        let k = labels.count
        let labelIndex = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        let threads = max(1, options.threads)

        progress("features of \(examples.count) examples")
        let scanner = TextFeatureScanner(options.features)
        let counted = parallelMap(examples, threads: threads) { CountedText(scanner: scanner, text: $0.text) }
        // Document frequencies, idf, and a column for each bucket some example has.
        var documentFrequency: [Int32: Int32] = [:]
        for text in counted { for bucket in text.buckets { documentFrequency[bucket, default: 0] += 1 } }
        let buckets = documentFrequency.keys.sorted()
        let column = Dictionary(uniqueKeysWithValues: buckets.enumerated().map { ($1, Int32($0)) })
        let n = Double(examples.count)
        let idf = buckets.map { Float(Foundation.log((1 + n) / (1 + Double(documentFrequency[$0]!))) + 1) }
        let extraCount = options.extraNames.count
        let featureCount = buckets.count + extraCount
        let train = Matrix(counted.map { $0.vector(column: column, idf: idf) }, extras: examples.map(\.extras), columns: buckets.count)
        let targets = examples.map { labelIndex[$0.label]! }
        var classCounts = [Int](repeating: 0, count: k)
        for target in targets { classCounts[target] += 1 }
        let weights = (0..<k).map { options.balanced ? n / (Double(k) * Double(classCounts[$0])) : 1 }
        let heldOut: (matrix: Matrix, targets: [Int?])? = validation.isEmpty ? nil : (
            Matrix(parallelMap(validation, threads: threads) { CountedText(scanner: scanner, text: $0.text).vector(column: column, idf: idf) },
                   extras: validation.map(\.extras), columns: buckets.count),
            validation.map { labelIndex[$0.label] })

        let problem = Problem(matrix: train, targets: targets, classWeights: weights, labels: k, threads: threads)
        let grid = options.c.map { [$0] } ?? (heldOut == nil ? [TrainingOptions.defaultC] : options.grid)
        var parameters = [Float](repeating: 0, count: featureCount * k + k)
        var best: (c: Double, parameters: [Float], score: Double)?
        var tried: [(c: Double, macroF1: Double)] = []
        for c in grid {
            if cancellation?.isCancelled == true { throw ClassifierError.cancelled }
            progress("fitting C=\(JSONWriter.format(c)) (\(featureCount) features, \(k) labels)")
            parameters = try problem.minimize(from: parameters, c: c, maxIterations: options.maxIterations, cancellation: cancellation) { iteration, loss in
                if iteration % 25 == 0 { progress("  iteration \(iteration): loss \(String(format: "%.4f", loss))") }
            }
            guard let heldOut else {
                best = (c, parameters, 0)
                break
            }
            let predicted = heldOut.matrix.logits(parameters, labels: k).map { argmax($0) }
            let score = ClassificationReport(gold: heldOut.targets.map { $0.map { labels[$0] } ?? "(unknown)" }, predicted: predicted.map { labels[$0] }).macroF1
            tried.append((c, score))
            progress("  validation macro-F1 \(String(format: "%.3f", score))")
            if best == nil || score > best!.score { best = (c, parameters, score) }
        }
        parameters = best!.parameters

        // Temperature scaling on the validation set.
        var temperature = 1.0
        var logLoss: (Double, Double)?
        var report: ClassificationReport?
        if let heldOut {
            let logits = heldOut.matrix.logits(parameters, labels: k)
            let known = zip(logits, heldOut.targets).compactMap { pair in pair.1.map { (pair.0, $0) } }
            func loss(_ t: Double) -> Double {
                known.map { -Foundation.log(max(TextClassifier.softmax($0.0.map(Double.init), temperature: t)[$0.1], 1e-12)) }.reduce(0, +) / Double(max(known.count, 1))
            }
            let fitted = Foundation.exp(goldenSection(low: Foundation.log(0.05), high: Foundation.log(20)) { loss(Foundation.exp($0)) }!)
            // At a bound, the validation set is (nearly) separated and says nothing about how
            // sure to be: probabilities of 1.000 would be false confidence.
            if fitted > 0.06 && fitted < 19 {
                temperature = fitted
            } else {
                progress("calibration: the validation set is separated (best temperature \(String(format: "%.2f", fitted))); probabilities left uncalibrated")
            }
            logLoss = (loss(1), loss(temperature))
            report = ClassificationReport(gold: heldOut.targets.map { $0.map { labels[$0] } ?? "(unknown)" }, predicted: logits.map { labels[argmax($0)] })
        }

        // Rows of the model: weights times idf, and idf².
        let stride = k + 1
        var rows = [Float](repeating: 0, count: stride << options.features.bits)
        for (index, bucket) in buckets.enumerated() {
            let base = Int(bucket) * stride
            for label in 0..<k { rows[base + label] = parameters[index * k + label] * idf[index] }
            rows[base + k] = idf[index] * idf[index]
        }
        let extraWeights = Array(parameters[(buckets.count * k)..<(featureCount * k)])
        let bias = Array(parameters[(featureCount * k)...])
        var info = options.info
        info["trained"] = .object([
            "examples": .int(examples.count), "validation_examples": .int(validation.count), "c": .double(best!.c),
            "balanced": .bool(options.balanced), "features": .int(featureCount),
            "validation_macro_f1": report.map { .double(($0.macroF1 * 1000).rounded() / 1000) } ?? .null,
            "date": .string(ISO8601DateFormatter().string(from: Date())),
        ])
        let model = TextClassifier(
            labels: labels, config: options.features, extraNames: options.extraNames, extraSource: options.extraSource,
            temperature: temperature, info: info, bias: bias, extraWeights: extraWeights, rows: rows)
        let summary = TrainingSummary(
            examples: examples.count, labels: labels, features: featureCount, c: best!.c, tried: tried, temperature: temperature,
            validation: report, logLoss: logLoss, seconds: Date().timeIntervalSince(started))
        return (model, summary)
    }

    /// The index of the largest value.
    static func argmax<T: Comparable>(_ values: [T]) -> Int {
        var best = 0
        for index in values.indices where values[index] > values[best] { best = index }
        return best
    }

    /// The minimum of a unimodal function on [low, high].
    static func goldenSection(low: Double, high: Double, _ f: (Double) -> Double) -> Double? {
        var a = low, b = high
        let ratio = (5.0.squareRoot() - 1) / 2
        var c = b - ratio * (b - a), d = a + ratio * (b - a)
        var fc = f(c), fd = f(d)
        for _ in 0..<60 {
            if fc < fd { b = d; d = c; fd = fc; c = b - ratio * (b - a); fc = f(c) } else { a = c; c = d; fc = fd; d = a + ratio * (b - a); fd = f(d) }
        }
        return (a + b) / 2
    }

    static func parallelMap<T: Sendable, R: Sendable>(_ items: [T], threads: Int, _ transform: @Sendable (T) -> R) -> [R] {
        let results = Mutex<[R?]>(Array(repeating: nil, count: items.count))
        // One strided part per thread: --threads bounds the work as it says.
        DispatchQueue.concurrentPerform(iterations: min(threads, max(1, items.count))) { part in
            let indices = Array(Swift.stride(from: part, to: items.count, by: threads))
            let mapped = indices.map { transform(items[$0]) }
            results.withLock { results in for (offset, value) in zip(indices, mapped) { results[offset] = value } }
        }
        return results.withLock { $0.map { $0! } }
    }
}

/// A text's feature occurrences, counted per block.
struct CountedText: Sendable {
    /// Distinct buckets per block, sorted, with their counts.
    var blocks: [[(bucket: Int32, count: Float)]]

    init(scanner: TextFeatureScanner, text: String) {
        struct Collector: TextFeatureSink {
            static var wantsNames: Bool { false }
            var found: [[Int32]] = Array(repeating: [], count: TextFeatureConfig.blockCount)
            mutating func add(block: Int, bucket: Int, name: @autoclosure () -> String) { found[block].append(Int32(bucket)) }
        }
        var collector = Collector()
        scanner.scan(text, into: &collector)
        blocks = collector.found.map { occurrences in
            var counted: [(bucket: Int32, count: Float)] = []
            for bucket in occurrences.sorted() {
                if counted.last?.bucket == bucket { counted[counted.count - 1].count += 1 } else { counted.append((bucket, 1)) }
            }
            return counted
        }
    }

    var buckets: Set<Int32> { Set(blocks.flatMap { $0.map(\.bucket) }) }

    /// The sparse vector: per block, tf·idf over the square root of Σ idf² of the occurrences;
    /// buckets without a column (unseen in training) are left out.
    func vector(column: [Int32: Int32], idf: [Float]) -> [(column: Int32, value: Float)] {
        var vector: [(column: Int32, value: Float)] = []
        for block in blocks {
            let known = block.compactMap { item in column[item.bucket].map { (column: $0, count: item.count) } }
            let norm = known.reduce(Float(0)) { $0 + $1.count * idf[Int($1.column)] * idf[Int($1.column)] }
            guard norm > 0 else { continue }
            let scale = 1 / norm.squareRoot()
            vector += known.map { ($0.column, $0.count * idf[Int($0.column)] * scale) }
        }
        return vector
    }
}

/// Examples as compressed sparse rows, the extra features after the hashed ones.
struct Matrix: Sendable {
    var starts: [Int]
    var columns: [Int32]
    var values: [Float]
    var rowCount: Int { starts.count - 1 }

    init(_ rows: [[(column: Int32, value: Float)]], extras: [[Float]], columns hashed: Int) {
        starts = [0]
        columns = []
        values = []
        for (row, extra) in zip(rows, extras) {
            for item in row { columns.append(item.column); values.append(item.value) }
            for (index, value) in extra.enumerated() where value != 0 { columns.append(Int32(hashed + index)); values.append(value) }
            starts.append(columns.count)
        }
    }

    /// Each row's logits under `parameters` (features×K weights, then K biases).
    func logits(_ parameters: [Float], labels k: Int) -> [[Float]] {
        let biasStart = parameters.count - k
        return (0..<rowCount).map { row in
            var z = Array(parameters[biasStart...])
            for index in starts[row]..<starts[row + 1] {
                let base = Int(columns[index]) * k
                for label in 0..<k { z[label] += values[index] * parameters[base + label] }
            }
            return z
        }
    }
}

/// The regularised, class-weighted multinomial log-loss and its gradient.
struct Problem: Sendable {
    let matrix: Matrix
    let targets: [Int]
    let classWeights: [Double]
    let labels: Int
    let threads: Int

    /// f = Σ wᵢ·CEᵢ / N + ‖W‖² / (2·C·N), as scikit-learn's C·Σ CE + ½‖W‖² scaled by 1/(C·N); the
    /// biases are not regularised.
    func lossAndGradient(_ parameters: [Float], c: Double) -> (Double, [Float]) {
        let k = labels
        let count = parameters.count
        let biasStart = count - k
        let parts = max(1, min(threads, matrix.rowCount / 256))
        let n = Double(matrix.rowCount)
        let results = Mutex<[(part: Int, loss: Double, gradient: [Float])]>([])
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            var gradient = [Float](repeating: 0, count: count)
            var loss = 0.0
            let rows = (matrix.rowCount * part / parts)..<(matrix.rowCount * (part + 1) / parts)
            var z = [Double](repeating: 0, count: k)
            parameters.withUnsafeBufferPointer { w in
              gradient.withUnsafeMutableBufferPointer { g in
                matrix.columns.withUnsafeBufferPointer { columns in
                  matrix.values.withUnsafeBufferPointer { values in
                    for row in rows {
                        for label in 0..<k { z[label] = Double(w[biasStart + label]) }
                        let span = matrix.starts[row]..<matrix.starts[row + 1]
                        if k == 3 {
                            // The common case, three labels, unrolled and in Float.
                            var z0: Float = 0, z1: Float = 0, z2: Float = 0
                            for index in span {
                                let base = Int(columns[index]) * 3
                                let value = values[index]
                                z0 += value * w[base]
                                z1 += value * w[base + 1]
                                z2 += value * w[base + 2]
                            }
                            z[0] += Double(z0); z[1] += Double(z1); z[2] += Double(z2)
                        } else {
                            for index in span {
                                let base = Int(columns[index]) * k
                                let value = Double(values[index])
                                for label in 0..<k { z[label] += value * Double(w[base + label]) }
                            }
                        }
                        let top = z.max()!
                        var total = 0.0
                        for label in 0..<k { z[label] = Foundation.exp(z[label] - top); total += z[label] }
                        let target = targets[row]
                        let weight = classWeights[target] / n
                        loss -= weight * Foundation.log(max(z[target] / total, 1e-300))
                        for label in 0..<k { z[label] = weight * (z[label] / total - (label == target ? 1 : 0)) }
                        let dz = z.map(Float.init)
                        for index in span {
                            let base = Int(columns[index]) * k
                            let value = values[index]
                            for label in 0..<k { g[base + label] += value * dz[label] }
                        }
                        for label in 0..<k { g[biasStart + label] += dz[label] }
                    }
                  }
                }
              }
            }
            results.withLock { $0.append((part, loss, gradient)) }
        }
        // Summed in part order, whichever finished first: the same data gives the same model.
        let collected = results.withLock { $0 }.sorted { $0.part < $1.part }
        var loss = collected.map(\.loss).reduce(0, +)
        var gradient = collected[0].gradient
        for other in collected.dropFirst() {
            gradient.withUnsafeMutableBufferPointer { g in for index in 0..<count { g[index] += other.gradient[index] } }
        }
        let lambda = 1 / (c * n)
        var squares = 0.0
        for index in 0..<biasStart {
            let w = Double(parameters[index])
            squares += w * w
            gradient[index] += Float(lambda * w)
        }
        loss += lambda * squares / 2
        return (loss, gradient)
    }

    /// L-BFGS (seven pairs of history) with a backtracking line search; stops when an
    /// iteration improves the loss by less than a hundred-thousandth of it, or after
    /// `maxIterations`.
    func minimize(
        from start: [Float], c: Double, maxIterations: Int, cancellation: CancellationFlag?, report: (Int, Double) -> Void
    ) throws -> [Float] {
        let count = start.count
        var x = start
        var (f, g) = lossAndGradient(x, c: c)
        var history: [(s: [Float], y: [Float], rho: Double)] = []
        let memory = 7
        var q = [Double](repeating: 0, count: count)
        var direction = [Float](repeating: 0, count: count)
        var candidate = x
        for iteration in 1...maxIterations {
            if cancellation?.isCancelled == true { throw ClassifierError.cancelled }
            // Direction: −H·g by the two-loop recursion.
            for index in 0..<count { q[index] = Double(g[index]) }
            var alphas: [Double] = []
            for pair in history.reversed() {
                let alpha = pair.rho * Self.dot(pair.s, q)
                alphas.append(alpha)
                Self.addScaled(&q, pair.y, -alpha)
            }
            if let last = history.last {
                let scale = 1 / (last.rho * Self.dot(last.y, last.y))
                for index in 0..<count { q[index] *= scale }
            } else {
                let norm = Self.dot(g, q).squareRoot()
                if norm > 0 { for index in 0..<count { q[index] /= norm } }
            }
            for (pair, alpha) in zip(history, alphas.reversed()) {
                let beta = pair.rho * Self.dot(pair.y, q)
                Self.addScaled(&q, pair.s, alpha - beta)
            }
            for index in 0..<count { direction[index] = Float(-q[index]) }
            let slope = Self.dot(g, direction)
            guard slope < 0 else { break }
            var step: Float = 1
            var next: (Double, [Float]) = (f, g)
            var accepted = false
            for _ in 0..<30 {
                for index in 0..<count { candidate[index] = x[index] + step * direction[index] }
                next = lossAndGradient(candidate, c: c)
                if next.0 <= f + 1e-4 * Double(step) * slope { accepted = true; break }
                step /= 2
            }
            guard accepted else { break }
            var s = [Float](repeating: 0, count: count), y = s
            for index in 0..<count {
                s[index] = candidate[index] - x[index]
                y[index] = next.1[index] - g[index]
            }
            let sy = Self.dot(s, y)
            if sy > 1e-12 {
                history.append((s, y, 1 / sy))
                if history.count > memory { history.removeFirst() }
            }
            let improvement = f - next.0
            swap(&x, &candidate)
            (f, g) = next
            report(iteration, f)
            if improvement < 5e-5 * max(1, abs(f)) { break }
        }
        return x
    }

    static func dot(_ a: [Float], _ b: [Double]) -> Double {
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                var total = 0.0
                for index in 0..<a.count { total += Double(a[index]) * b[index] }
                return total
            }
        }
    }

    static func dot(_ a: [Float], _ b: [Float]) -> Double {
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                var total = 0.0
                for index in 0..<a.count { total += Double(a[index]) * Double(b[index]) }
                return total
            }
        }
    }

    static func addScaled(_ q: inout [Double], _ v: [Float], _ scale: Double) {
        q.withUnsafeMutableBufferPointer { q in
            v.withUnsafeBufferPointer { v in
                for index in 0..<q.count { q[index] += scale * Double(v[index]) }
            }
        }
    }
}
