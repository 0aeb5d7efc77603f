#include <stdio.h>
#include <stdlib.h>
#include <locale.h>
#include <langinfo.h>
// libedit's readline-compatible API. Use this path, not <readline/readline.h>, which is GNU readline's.
#include <editline/readline.h>
