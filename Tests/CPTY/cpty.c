#include "CPTY.h"
#include <pty.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

pid_t cpty_spawn(const char *path, char *const argv[], char *const envp[], const char *directory,
                 unsigned short columns, unsigned short rows, int *master) {
    struct winsize size = {rows, columns, 0, 0};
    pid_t pid = forkpty(master, NULL, NULL, &size);
    if (pid == 0) {
        // The test runner may block signals; the program under test must start with none blocked.
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        signal(SIGINT, SIG_DFL);
        signal(SIGPIPE, SIG_DFL);
        if (directory && chdir(directory) != 0) _exit(126);
        execve(path, argv, envp);
        _exit(127);
    }
    return pid;
}
