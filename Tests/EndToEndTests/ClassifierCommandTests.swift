import Foundation
import Testing

@Suite("lector train, evaluate and classify, end to end")
struct ClassifierCommandTests {
    let folder = NSTemporaryDirectory() + "lector-train-\(UUID().uuidString)"

    func write(_ name: String, _ lines: [String]) throws -> String {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/" + name
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func labelled(_ count: Int, offset: Int = 0) -> [String] {
        (0..<count).map { index in
            let (text, label) = [("Der Zug kam pünktlich, alles bestens \(index + offset)", "gut"), ("Der Zug fiel aus, eine Katastrophe \(index + offset)", "schlecht"),
                                 ("Der Fahrplan gilt ab Montag \(index + offset)", "sachlich")][index % 3]
            return #"{"body": "\#(text)", "meta": {"tag": "\#(label)"}}"#
        }
    }

    @Test func trainsEvaluatesAndClassifies() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let train = try write("train.jsonl", labelled(60))
        let val = try write("val.jsonl", labelled(15, offset: 100))
        let model = folder + "/model.bin"
        let trained = try LectorBinary.run(["train", "--data", train, "--val", val, "--text-field", "body", "--label-field", "meta.tag", "--out", model, "--bits", "12"])
        #expect(trained.status == 0, "\(trained.stderr)")
        #expect(trained.stdout.contains("labels gut, sachlich, schlecht") && trained.stdout.contains("macro-F1 1.000"))
        #expect(FileManager.default.fileExists(atPath: model))

        let evaluated = try LectorBinary.run(["evaluate", "-p", "classify model=\(model)", "--data", val, "--text-field", "body", "--label-field", "meta.tag",
                                              "--field", "classes.0.label", "--output", "json"])
        #expect(evaluated.status == 0, "\(evaluated.stderr)")
        let report = try #require(JSONSerialization.jsonObject(with: Data(evaluated.stdout.utf8)) as? [String: Any])
        #expect(report["accuracy"] as? Double == 1 && report["macro_f1"] as? Double == 1 && report["documents"] as? Int == 15)
        #expect((report["classes"] as? [[String: Any]])?.count == 3)

        let classified = try LectorBinary.run(["analyze", "-p", "classify model=\(model) explain=true", "--no-text"], stdin: "Der Zug fiel heute wieder aus\n")
        let record = try #require(JSONSerialization.jsonObject(with: Data(classified.stdout.utf8)) as? [String: Any])
        let classes = try #require(record["classes"] as? [[String: Any]])
        #expect(classes.first?["label"] as? String == "schlecht")
        #expect(classes.map { $0["probability"] as? Double ?? 0 }.reduce(0, +) > 0.99)
        #expect((classes.first?["evidence"] as? [[String: Any]])?.isEmpty == false)
    }

    @Test func badDataIsAnErrorWithFileAndLine() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let data = try write("bad.jsonl", [#"{"text": "a", "label": "x"}"#, #"{"text": "b"}"#])
        let notJSON = try write("broken.jsonl", [#"{"text": "a", "label": "x"}"#, #"{"text": "b", "#])
        let broken = try LectorBinary.run(["train", "--data", notJSON, "--out", folder + "/m.bin"])
        #expect(broken.status == 1 && broken.stderr.contains("broken.jsonl:2: not JSON"))
        let result = try LectorBinary.run(["train", "--data", data, "--out", folder + "/m.bin"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("bad.jsonl:2: no \"label\" label"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/m.bin"))
        // A model that could not be written is found out before training.
        let good = try write("good.jsonl", labelled(9))
        let nowhere = try LectorBinary.run(["train", "--data", good, "--text-field", "body", "--label-field", "meta.tag", "--out", folder + "/no/such/folder/m.bin"])
        #expect(nowhere.status == 1 && nowhere.stderr.contains("there is no folder \(folder)/no/such/folder"))
        #expect(!nowhere.stderr.contains("fitting"))
        let missing = try LectorBinary.run(["evaluate", "-p", "classify model=\(folder)/none.bin", "--data", data, "--field", "classes.0.label"])
        #expect(missing.status == 2 && missing.stderr.contains("none.bin"))
    }
}
