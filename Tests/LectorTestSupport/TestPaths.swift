import Foundation

/// Where the tests find the repository, the built `lector`, and `../shared` beside the checkout.
public enum TestPaths {
    /// The repository root (this file is Tests/LectorTestSupport/TestPaths.swift).
    public static let repository: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The `lector` built beside the running test bundle, in the debug or release folder.
    public static let lectorBinary: String = {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var folder = URL(fileURLWithPath: executable).deletingLastPathComponent()
        while !folder.path.hasSuffix("/debug") && !folder.path.hasSuffix("/release") && folder.path != "/" {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("lector").path
    }()

    /// `../shared` beside the checkout when it holds the seeds (CI has it; a user's fresh clone does not).
    public static let shared: String? = {
        let path = URL(fileURLWithPath: repository).deletingLastPathComponent().appendingPathComponent("shared").path
        return FileManager.default.fileExists(atPath: path + "/seeds") ? path : nil
    }()
}
