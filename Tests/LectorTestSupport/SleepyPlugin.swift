import Foundation

/// A process plugin that answers the handshake, then never answers a batch; it writes its
/// process id to `pid` beside itself, so that a test can see whether it outlived Lector.
public struct SleepyPlugin {
    public let directory: String
    public var manifest: String { directory + "/sleepy.lector-plugin" }

    public init() throws {
        directory = NSTemporaryDirectory() + "lector-sleepy-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try """
            import json, os, sys, time
            with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "pid"), "w") as f:
                f.write(str(os.getpid()))
            for line in sys.stdin:
                message = json.loads(line)
                if message["type"] == "hello":
                    print(json.dumps({"type": "descriptor", "protocol": 1, "descriptor": {"name": "sleepy", "summary": "never answers", "produces": ["sleepy"]}}), flush=True)
                else:
                    time.sleep(600)
            """.write(toFile: directory + "/sleepy.py", atomically: true, encoding: .utf8)
        try #"{"name": "sleepy", "command": "python3", "arguments": ["sleepy.py"], "timeout": 300}"#
            .write(toFile: manifest, atomically: true, encoding: .utf8)
    }

    /// The plugin's process id, once it has started.
    public var pid: pid_t? { (try? String(contentsOfFile: directory + "/pid", encoding: .utf8)).flatMap { pid_t($0) } }

    /// Whether the process `pid` is gone (waiting up to `timeout` seconds for it to go).
    public static func isGone(_ pid: pid_t, timeout: TimeInterval = 3) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if kill(pid, 0) != 0 && errno == ESRCH { return true }
            usleep(50_000)
        }
        return false
    }

    public func remove() { try? FileManager.default.removeItem(atPath: directory) }
}
