import Foundation
import LectorTestSupport
import Testing

/// The shell driven through a real pseudo-terminal: libedit, history, completion, signals.
@Suite("The shell at a terminal", .serialized)
struct ShellTerminalTests {
    func historyFile() -> String { NSTemporaryDirectory() + "lector-history-\(UUID().uuidString)" }

    @Test func promptAppearsAndAPipelinePrintsATable() throws {
        let shell = try TerminalSession(historyFile: historyFile())
        try shell.waitFor("lector> ")
        shell.send("load examples/articles" + TerminalSession.enter)
        var mark = try shell.waitFor("loaded 7 documents")
        mark = try shell.waitFor("lector> ", after: mark)
        shell.send("normalize | stats" + TerminalSession.enter)
        mark = try shell.waitFor("stats.words", after: mark)
        try shell.waitFor("ru-most", after: mark)
        try shell.waitFor("lector> ", after: mark)
        #expect(shell.leaveWithCtrlD() == 0)
    }

    /// Output longer than the screen (30 rows here) goes through the pager; shorter output does not.
    @Test func longOutputGoesThroughThePager() throws {
        let shell = try TerminalSession(historyFile: historyFile(), environment: ["LECTOR_PAGER=sed 's/^/PAGED /'"])
        try shell.waitFor("lector> ")
        shell.send("load examples/articles" + TerminalSession.enter)
        var mark = try shell.waitFor("loaded 7 documents")
        #expect(!shell.plainOutput.contains("PAGED loaded"))
        shell.send("help" + TerminalSession.enter)
        mark = try shell.waitFor("PAGED load PATH", after: mark)
        try shell.waitFor("PAGED quit", after: mark)
        try shell.waitFor("lector> ", after: mark)
        #expect(shell.leaveWithCtrlD() == 0)
    }

    /// A defect a user hit: Ctrl-C could not stop a run waiting on a hung plugin, and then said
    /// every document was analysed.
    @Test func ctrlCStopsTheWaitOnAHungPluginAtOnce() throws {
        let plugin = try SleepyPlugin()
        defer { plugin.remove() }
        let shell = try TerminalSession(historyFile: historyFile(), arguments: ["--plugin", plugin.manifest])
        var mark = try shell.waitFor("lector> ")
        shell.send("load examples/articles" + TerminalSession.enter)
        mark = try shell.waitFor("loaded 7 documents", after: mark)
        shell.send("sleepy" + TerminalSession.enter)
        usleep(1_500_000)
        let pressed = Date()
        shell.send(TerminalSession.ctrlC)
        mark = try shell.waitFor("interrupted: 0 of 7 documents analysed", after: mark, timeout: 5)
        #expect(Date().timeIntervalSince(pressed) < 5)
        try shell.waitFor("lector> ", after: mark)
        #expect(shell.leaveWithCtrlD() == 0)
        if let pid = plugin.pid { #expect(SleepyPlugin.isGone(pid)) }
    }

    @Test func upRecallsThePreviousLineAfterARestart() throws {
        let history = historyFile()
        defer { try? FileManager.default.removeItem(atPath: history) }
        do {
            let first = try TerminalSession(historyFile: history)
            try first.waitFor("lector> ")
            first.send("help quit" + TerminalSession.enter)
            // Type only at a prompt: keys sent while the shell is busy may be flushed when
            // libedit puts the terminal back in raw mode.
            try first.waitFor("lector> ", after: try first.waitFor("usage: quit"))
            #expect(first.leaveWithCtrlD() == 0)
        }
        let second = try TerminalSession(historyFile: history)
        let mark = try second.waitFor("lector> ")
        second.send(TerminalSession.up)
        try second.waitFor("help quit", after: mark)
        second.send(TerminalSession.enter)
        try second.waitFor("lector> ", after: try second.waitFor("usage: quit", after: mark))
        second.send("quit" + TerminalSession.enter)
        #expect(second.waitForExit() == 0)
    }

    @Test func tabCompletesAnAnalyzerAndAPath() throws {
        let shell = try TerminalSession(historyFile: historyFile())
        var mark = try shell.waitFor("lector> ")
        shell.send("load examples/articles/he" + TerminalSession.tab)
        mark = try shell.waitFor("he-rakevet.txt", after: mark)
        shell.send(TerminalSession.enter)
        mark = try shell.waitFor("loaded 1 document", after: mark)
        mark = try shell.waitFor("lector> ", after: mark)
        shell.send("normalize | stat" + TerminalSession.tab)
        mark = try shell.waitFor("stats", after: mark)
        shell.send(TerminalSession.enter)
        try shell.waitFor("lector> ", after: try shell.waitFor("stats.words", after: mark))
        #expect(shell.leaveWithCtrlD() == 0)
    }

    @Test func ctrlCClearsTheLineAndCancelsARunWithoutLeaving() throws {
        // A corpus big enough that `stats` takes a while in a debug build.
        let corpus = NSTemporaryDirectory() + "lector-long-\(UUID().uuidString).txt"
        defer { try? FileManager.default.removeItem(atPath: corpus) }
        let line = String(repeating: "Marokko und Frankreich unterzeichnen ein Abkommen über Seekarten. ", count: 20) + "\n"
        try String(repeating: line, count: 60_000).write(toFile: corpus, atomically: true, encoding: .utf8)

        let shell = try TerminalSession(historyFile: historyFile())
        var mark = try shell.waitFor("lector> ")
        shell.send("half-typed line" + TerminalSession.ctrlC)
        mark = try shell.waitFor("^C", after: mark)
        shell.send("load \(corpus) as lines" + TerminalSession.enter)
        mark = try shell.waitFor("loaded 60000 documents", after: mark, timeout: 60)
        mark = try shell.waitFor("lector> ", after: mark)
        shell.send("stats" + TerminalSession.enter)
        Thread.sleep(forTimeInterval: 1.0)
        shell.send(TerminalSession.ctrlC)
        mark = try shell.waitFor("interrupted: ", after: mark, timeout: 30)
        mark = try shell.waitFor("lector> ", after: mark)
        shell.send("help ls" + TerminalSession.enter)
        try shell.waitFor("lector> ", after: try shell.waitFor("usage: ls", after: mark))
        #expect(shell.leaveWithCtrlD() == 0)
    }

    @Test func arabicHebrewAndCyrillicInputRoundTrip() throws {
        let shell = try TerminalSession(historyFile: historyFile())
        var mark = try shell.waitFor("lector> ")
        shell.send("load examples/articles" + TerminalSession.enter)
        mark = try shell.waitFor("loaded 7 documents", after: mark)
        mark = try shell.waitFor("lector> ", after: mark)
        shell.send(#"where text contains "الزيتون" or text contains "מנכ\"ל" or text contains "Волгу""# + TerminalSession.enter)
        mark = try shell.waitFor("ar-mawsim", after: mark)
        mark = try shell.waitFor("lector> ", after: try shell.waitFor("ru-most", after: mark))
        shell.send("help مرحبا" + TerminalSession.enter)
        try shell.waitFor("lector> ", after: try shell.waitFor("no command or analyzer named 'مرحبا'", after: mark))
        #expect(shell.leaveWithCtrlD() == 0)
    }
}
