import Foundation
import LectorAnalyzers
import LectorKit
import Testing
@testable import LectorShell

@Suite("Completion")
struct CompleterTests {
    let completer = Completer(
        registry: BuiltInAnalyzers.registry(), documentIDs: { ["de-hafen", "he-rakevet", "stdin:3"] },
        fields: { ["id", "stats", "stats.words", "stats.scripts.code", "language.code"] },
        currentDirectory: SessionHarness.repository)

    func candidates(_ line: String) -> [String] { completer.complete(line).candidates }

    @Test func firstWordOffersCommandsAndAnalyzers() {
        #expect(candidates("sh") == ["show"])
        #expect(candidates("st") == ["stats", "structure", "stance"])
        #expect(candidates("") .contains("load") && candidates("").contains("normalize"))
    }

    @Test func pluginLoadIsCompletedThenAPath() {
        #expect(candidates("plugin l") == ["load"])
        #expect(candidates("plugin load Packa").contains("Package.swift"))
    }

    @Test func afterAPipeOffersAnalyzersAndFilters() {
        #expect(candidates("normalize | st") == ["stats", "structure", "stance"])
        #expect(candidates("stats | wh") == ["where"])
        #expect(!candidates("stats | ").contains("load"))
    }

    @Test func optionsAndTheirValues() {
        let options = completer.complete("normalize ")
        #expect(options.candidates == ["form=", "line-endings=", "zero-width=", "bidi=", "tatweel="])
        #expect(options.appendSpace == false)
        #expect(candidates("normalize form=nf") == ["nfc", "nfkc"])
        #expect(candidates("normalize tatweel=") == ["true", "false"])
        #expect(candidates("normalize form=nfc ") .contains("form=") == false)
    }

    @Test func pathsAfterLoadExportAndSource() {
        let folder = completer.complete("load exam")
        #expect(folder.candidates == ["examples/"])
        #expect(folder.appendSpace == false)
        #expect(candidates("load examples/articles/he") == ["examples/articles/he-rakevet.txt"])
        #expect(candidates("source examples/articles/ru") == ["examples/articles/ru-most.txt"])
        #expect(candidates("load examples/articles/x as j") == ["jsonl"])
    }

    @Test func aPathOptionIsCompletedLikeLoad() {
        #expect(candidates("langid model=Sources/LectorAnalyzers/Models/lang") == ["Sources/LectorAnalyzers/Models/langid.bin"])
        #expect(candidates("stats | langid top=2 model=exam") == ["examples/"])
    }

    @Test func documentIdsAfterShowAndFieldsAfterFilters() {
        #expect(candidates("show he") == ["he-rakevet"])
        #expect(candidates("show de-hafen stats.w") == ["stats.words"])
        #expect(candidates("where stats.sc") == ["stats.scripts.code"])
        #expect(candidates("stats | sort stats.words d") == ["desc"])
        #expect(candidates("table id lang") == ["language.code"])
        #expect(candidates("count b") == ["by"])
        #expect(candidates("count by st") == ["stats", "stats.words", "stats.scripts.code"])
        #expect(candidates("where stats.words ").contains("=="))
    }

    @Test func helpAndSet() {
        #expect(candidates("help norm") == ["normalize"])
        #expect(candidates("set out") == ["output"])
        #expect(candidates("set output t") == ["table"])
    }

    @Test func onlyTheLastCommandOfALineCounts() {
        #expect(candidates("ls; sh") == ["show"])
    }
}
