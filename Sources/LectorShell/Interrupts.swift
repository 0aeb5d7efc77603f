#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import LectorKit
import LectorPlugins

/// Set by Ctrl-C (SIGINT): cancels a running pipeline, or clears the line at the prompt.
/// A C signal handler cannot capture context, so the flag is global.
public let interruptFlag = CancellationFlag()

/// Installs the Ctrl-C handler, without SA_RESTART so that a read waiting on a pipe or at the
/// prompt returns and sees the flag (libedit restores the terminal, then calls it).
/// In `batch` mode SIGTERM is handled too, and a second Ctrl-C ends the process at once.
public func installInterruptHandler(batch: Bool = false) {
    signal(SIGPIPE, SIG_IGN)
    // A file size limit (ulimit -f) is a write error to report, not a reason to die mid-record.
    signal(SIGXFSZ, SIG_IGN)
    var action = sigaction()
    if batch {
        action.__sigaction_handler.sa_handler = { _ in
            if interruptFlag.isCancelled {
                // No plugin process outlives the run that started it.
                PluginProcesses.endAll()
                _exit(130)
            }
            interruptFlag.cancel()
            let message: StaticString = "\nlector: interrupting: finishing the documents in progress (Ctrl-C again to stop at once)\n"
            _ = write(2, message.utf8Start, message.utf8CodeUnitCount)
        }
    } else {
        action.__sigaction_handler.sa_handler = { _ in
            interruptFlag.cancel()
            PluginProcesses.stopWaiting.cancel()
        }
    }
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0
    sigaction(SIGINT, &action, nil)
    if batch { sigaction(SIGTERM, &action, nil) }
    // A parent may have started us with these signals blocked (Foundation's Process passes its mask on).
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, SIGINT)
    sigaddset(&set, SIGTERM)
    pthread_sigmask(SIG_UNBLOCK, &set, nil)
}
