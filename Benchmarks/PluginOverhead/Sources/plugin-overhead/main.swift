import BuiltInQuotes
import Foundation
import LectorKit
import LectorPlugins

// usage: plugin-overhead LIBRARY TEXTFILE [ROUNDS]
// Runs the quotes analyzer built in and as a plugin over the lines of TEXTFILE (one document
// each, batches of 256, one thread), alternating, and prints documents per second for each.
let arguments = CommandLine.arguments
guard arguments.count >= 3, let text = try? String(contentsOfFile: arguments[2], encoding: .utf8) else {
    print("usage: plugin-overhead LIBRARY TEXTFILE [ROUNDS]")
    exit(2)
}
let rounds = arguments.count > 3 ? Int(arguments[3]) ?? 5 : 5
let lines = text.split(separator: "\n").map(String.init)
let batches = stride(from: 0, to: lines.count, by: 256).map { start in
    lines[start..<min(start + 256, lines.count)].enumerated().map { Document(id: "\(start + $0.offset)", text: $0.element) }
}
var registry = AnalyzerRegistry()
do {
    _ = try PluginLoader.load(arguments[1], into: &registry, diagnostics: { print($0) })
} catch {
    print(error)
    exit(1)
}
let plugin = try registry.entry(named: "quotes")!.factory.configure([]).step
let builtIn = try AnalyzerFactory(QuotesAnalyzer.self).configure([]).step

func measure(_ step: AnalysisStep) -> Double {
    let start = Date()
    for batch in batches {
        var documents = batch
        step.run(&documents)
    }
    return Double(lines.count) / Date().timeIntervalSince(start)
}

var best = (builtIn: 0.0, plugin: 0.0)
for _ in 0..<rounds {
    best.builtIn = max(best.builtIn, measure(builtIn))
    best.plugin = max(best.plugin, measure(plugin))
}
print(String(format: "quotes built in      %10.0f documents/s", best.builtIn))
print(String(format: "quotes as a plugin   %10.0f documents/s", best.plugin))
print(String(format: "plugin overhead      %9.1f%%", 100 * (best.builtIn / best.plugin - 1)))
