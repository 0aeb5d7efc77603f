import Foundation
import LectorKit
#if canImport(Glibc)
import Glibc
#endif

/// Every plugin process running, so that no way out of Lector leaves one behind: a run's end,
/// an error, `exit`, or a second Ctrl-C (whose handler calls `endAll`).
public enum PluginProcesses {
    /// Set from a signal handler to stop waiting for a plugin's answer (the shell's Ctrl-C):
    /// the batch waiting is given up and the process stopped.
    public static let stopWaiting = CancellationFlag()
    /// The error a document gets when Ctrl-C came before the plugin answered for it.
    public static let interruptedMessage = "interrupted before the plugin answered"

    private static let capacity = 256
    /// Process ids, 0 for a free slot: a plain array a signal handler can read without a lock.
    private nonisolated(unsafe) static let slots: UnsafeMutablePointer<pid_t> = {
        let slots = UnsafeMutablePointer<pid_t>.allocate(capacity: capacity)
        slots.initialize(repeating: 0, count: capacity)
        return slots
    }()
    private static let lock = NSLock()
    private static let endAtExit: Void = { atexit { PluginProcesses.endAll() } }()

    static func started(_ pid: pid_t) {
        _ = endAtExit
        lock.withLock {
            if let free = (0..<capacity).first(where: { slots[$0] == 0 }) { slots[free] = pid }
        }
    }

    static func ended(_ pid: pid_t) {
        lock.withLock {
            for index in 0..<capacity where slots[index] == pid { slots[index] = 0 }
        }
    }

    /// Ends every plugin process still running: SIGTERM, a grace period of 200 ms, then
    /// SIGKILL for any still there. Safe in a signal handler (kill and nanosleep only).
    public static func endAll() {
        var any = false
        for index in 0..<capacity where slots[index] > 0 {
            kill(slots[index], SIGTERM)
            any = true
        }
        guard any else { return }
        var grace = timespec(tv_sec: 0, tv_nsec: 200_000_000)
        nanosleep(&grace, nil)
        for index in 0..<capacity where slots[index] > 0 { kill(slots[index], SIGKILL) }
    }
}
