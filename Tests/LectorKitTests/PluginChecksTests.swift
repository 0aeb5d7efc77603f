import Testing
@testable import LectorKit

@Suite("PluginChecks")
struct PluginChecksTests {
    @Test func aWellBehavedAnalyzerPasses() throws {
        #expect(try PluginChecks.run(ProducesAlpha.self).isEmpty)
        #expect(try PluginChecks.run(Shouts.self).isEmpty, "it rewrites the text and says so")
    }

    @Test func aTextRewriteTheDescriptorDoesNotAnnounceIsReported() throws {
        let problems = try PluginChecks.run(RewritesQuietly.self)
        #expect(problems.contains("blank text: it changed the text, but its descriptor does not say rewritesText: true"))
    }

    @Test func anUndeclaredAnnotationIsReported() throws {
        struct Sneaky: Analyzer {
            static let descriptor = AnalyzerDescriptor(name: "sneaky", summary: "Adds more than it says", produces: ["said"])
            init(options: AnalyzerOptions) {}
            func analyze(_ document: inout Document) {
                document.annotations["said"] = true
                document.annotations["unsaid"] = true
            }
        }
        #expect(try PluginChecks.run(Sneaky.self).contains("German text: it produced 'unsaid', which its descriptor does not declare"))
    }
}
