import Foundation
import Testing

@Suite("entities and stance, end to end")
struct EntitiesCommandTests {
    @Test func batchRecordsCarryEntitiesAndStance() throws {
        let input = #"{"id": "a", "text": "Азербайджан и Марокко ратифицировали соглашение о сотрудничестве. Минобороны Азербайджана приветствовало шаг."}"# + "\n"
        let result = try LectorBinary.run(["analyze", "--input", "jsonl", "--no-text", "-p", "entities | stance targets=MA,AZ"], stdin: input)
        #expect(result.status == 0, "\(result.stderr)")
        let record = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let entities = try #require(record["entities"] as? [[String: Any]])
        #expect(entities.contains { $0["id"] as? String == "AZ" && $0["text"] as? String == "Азербайджана" && $0["name"] as? String == "Azerbaijan" })
        let stance = try #require(record["stance"] as? [[String: Any]])
        #expect(stance.map { $0["target"] as? String } == ["MA", "AZ"])
        #expect(stance.allSatisfy { $0["label"] as? String == "favor" && ($0["evidence"] as? [[String: Any]])?.isEmpty == false })
    }

    @Test func theShellCountsAndFiltersByEntity() throws {
        let folder = NSTemporaryDirectory() + "lector-entities-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "Morocco and France signed a deal.".write(toFile: folder + "/a.txt", atomically: true, encoding: .utf8)
        try "وقعت المغرب وأذربيجان اتفاقية.".write(toFile: folder + "/b.txt", atomically: true, encoding: .utf8)
        let script = "load \(folder)\nentities\ncount by entities.id\nwhere entities.id == \"AZ\"\nls\n"
        let result = try LectorBinary.run([], stdin: script)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        // count by: MA in both documents, AZ and FR in one each.
        #expect(lines.contains("MA 2") && lines.contains("AZ 1") && lines.contains("FR 1"), "\(lines)")
        // After the filter only b is in view.
        let listing = lines.suffix(1).joined()
        #expect(listing.hasPrefix("#1 b "), "\(lines)")
    }

    @Test func aRecordWithoutItsTargetFieldGetsAnErrorAndTheRunGoesOn() throws {
        let input = #"{"text": "Morocco welcomed the deal.", "who": "MA"}"# + "\n" + #"{"text": "No target here."}"# + "\n"
        let result = try LectorBinary.run(["analyze", "--input", "jsonl", "--no-text", "-p", "stance target-field=who"], stdin: input)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].contains(#""label":"favor""#))
        #expect(lines[1].contains("no who field"))
    }
}
