#ifndef CPTY_H
#define CPTY_H
#include <sys/types.h>

/// Starts `path` on a new pseudo-terminal of the given size, in `directory`.
/// Returns the child's pid (or -1) and puts the terminal's controlling side in `*master`.
pid_t cpty_spawn(const char *path, char *const argv[], char *const envp[], const char *directory,
                 unsigned short columns, unsigned short rows, int *master);

#endif
