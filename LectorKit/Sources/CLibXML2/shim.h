// libxml2's HTML parser (libxml2-dev) for reading web pages, and zlib (zlib1g-dev) for
// gzip-compressed pages; both installed by scripts/install-deps.
#include <libxml/xmlversion.h>
// Debian's libxml2 is built with ICU, whose headers clash with the copy inside Swift's
// Foundation; nothing here uses libxml2's ICU converters, so leave their declarations out.
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <zlib.h>
