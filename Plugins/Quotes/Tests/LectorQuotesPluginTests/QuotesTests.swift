import LectorKit
import Testing
@testable import LectorQuotesPlugin

func quotes(_ text: String) throws -> [JSONValue] {
    var document = Document(id: "t", text: text)
    try QuotesAnalyzer.configured().analyze(&document)
    return document.annotations["quotes"]?.arrayValue ?? []
}

@Test func passesTheChecksLectorReliesOn() throws {
    #expect(try PluginChecks.run(QuotesAnalyzer.self).isEmpty)
}

@Test(arguments: [
    ("„Wir sind bereit“, sagte die Ministerin am Mittwoch.", "Wir sind bereit", "die Ministerin am"),
    ("\"We are ready,\" said the minister.", "We are ready,", "the minister"),
    ("Die Ministerin sagte: „Wir sind bereit für Gespräche.“", "Wir sind bereit für Gespräche.", "Die Ministerin"),
    ("«Мы готовы», — заявил министр.", "Мы готовы", "министр"),
    ("השר אמר: ״אנחנו מוכנים לשיחות״.", "אנחנו מוכנים לשיחות", "השר"),
    ("قال الوزير «نحن مستعدون للحوار».", "نحن مستعدون للحوار", "الوزير"),
])
func findsQuotesAndSpeakers(text: String, quote: String, speaker: String) throws {
    let found = try quotes(text)
    #expect(found.count == 1)
    #expect(found.first?["text"]?.stringValue == quote)
    #expect(found.first?["speaker"]?.stringValue == speaker)
}

@Test func shortQuotationsAndUnclosedMarksAreNotSpeech() throws {
    #expect(try quotes("Das Schiff „Aida“ lief aus.").isEmpty)
    #expect(try quotes("Ein „offenes Zitat ohne Ende").isEmpty)
    #expect(try quotes("מנכ\"ל רכבת ישראל אמר שהעבודות יתחילו, ודובר מל\"ט הוסיף").isEmpty)
}
