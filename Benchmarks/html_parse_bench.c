// libxml2's HTML parser beside gumbo on the same pages: the figures behind the README's choice
// of parser. Not part of the build.
//
//   apt-get install libxml2-dev libgumbo-dev zlib1g-dev
//   cc -O2 -o /tmp/html_parse_bench Benchmarks/html_parse_bench.c $(pkg-config --cflags --libs libxml-2.0 gumbo zlib)
//
//   /tmp/html_parse_bench ../shared/data/html-articles/html/*.html.gz
//       speed: parsing alone (the pages already in memory, gunzipped; CPU seconds, three rounds),
//       and the elements in each tree
//   /tmp/html_parse_bench --text ../shared/data/html-articles/html/*.html.gz
//       what each tree holds: visible text (text nodes outside script, style, noscript, template
//       and head, white space not counted) in total, and the pages where the two differ most
//   python3 Scripts/html/make_broken_pages.py --big --out /tmp/broken
//   /tmp/html_parse_bench --broken /tmp/broken/*
//       each broken page parsed in a child process (a crash or a hang is that page's result, with
//       a 120 s limit): seconds, tree depth, elements, visible text, whether the marker paragraph
//       ("survives the damage") is in the tree; libxml2 with Lector's options, and with
//       XML_PARSE_HUGE (no depth limit)
//   /tmp/html_parse_bench --dump FILE
//       the visible text of one page, a line per text node, from each parser
//
// libxml2 runs with Lector's options (HTMLPage.parseOptions): recover, no errors, no network,
// compact, the bytes taken as UTF-8; gumbo with its defaults (HTML5 tree construction; it
// replaces bytes that are not UTF-8 with U+FFFD). Both get the bytes as they are: for the
// comparison of text, pages that are not valid UTF-8 are left out (Lector decodes a page to
// UTF-8 before parsing).
#define _GNU_SOURCE  // memmem
#include <gumbo.h>
#include <libxml/HTMLparser.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

static const int LECTOR_OPTIONS = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                                  HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC;
static const int HUGE_OPTION = 1 << 19;  // XML_PARSE_HUGE: htmlCtxtUseOptions takes it too
static const char *MARKER = "survives the damage";

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);  // CPU time: the figures hold on a busy machine
    return t.tv_sec + t.tv_nsec / 1e9;
}

static char *read_page(const char *path, size_t *size) {
    gzFile file = gzopen(path, "rb");  // reads plain files as they are
    if (!file) return NULL;
    size_t capacity = 1 << 20, used = 0;
    char *buffer = malloc(capacity + 1);
    int n;
    while ((n = gzread(file, buffer + used, (unsigned)(capacity - used))) > 0) {
        used += n;
        if (used == capacity) buffer = realloc(buffer, (capacity *= 2) + 1);
    }
    gzclose(file);
    buffer[used] = 0;
    *size = used;
    return buffer;
}

static int valid_utf8(const unsigned char *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (!len || i + len > n) return 0;
        for (int k = 1; k < len; k++)
            if ((s[i + k] & 0xC0) != 0x80) return 0;
        i += len;
    }
    return 1;
}

// What a tree holds, walked without recursion (trees can be 100,000 deep).
typedef struct {
    long elements, depth, text;  // text: visible non-space bytes
    int marker;
    FILE *dump;                   // --dump: each visible text node on a line
} Stats;

static int skipped_name(const char *name) {
    return !strcmp(name, "script") || !strcmp(name, "style") || !strcmp(name, "noscript") || !strcmp(name, "template") ||
           !strcmp(name, "head");
}

static void count_text(Stats *stats, const char *text, size_t length) {
    long visible = 0;
    for (size_t i = 0; i < length; i++)
        if (!strchr(" \t\n\r\f", text[i])) visible++;
    stats->text += visible;
    if (memmem(text, length, MARKER, strlen(MARKER))) stats->marker = 1;
    if (stats->dump && visible) {
        fputs("  | ", stats->dump);
        for (size_t i = 0; i < length; i++) fputc(strchr("\t\n\r\f", text[i]) ? ' ' : text[i], stats->dump);
        fputc('\n', stats->dump);
    }
}

static void walk_xml(xmlNodePtr root, Stats *stats) {
    long depth = 0;
    xmlNodePtr node = root;
    while (node) {
        int descend = 0;
        if (node->type == XML_ELEMENT_NODE) {
            stats->elements++;
            depth++;
            if (depth > stats->depth) stats->depth = depth;
            descend = node->children && !skipped_name((const char *)node->name);
            if (!descend) depth--;
        } else if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
            if (node->content) count_text(stats, (const char *)node->content, strlen((const char *)node->content));
        }
        if (descend) { node = node->children; continue; }
        while (node && !node->next) {
            node = node->parent;
            if (!node || node == root->parent || node->type != XML_ELEMENT_NODE) { node = NULL; break; }
            depth--;
            if (node == root) { node = NULL; break; }
        }
        if (node) node = node->next;
    }
}

static void walk_gumbo(GumboNode *root, Stats *stats) {
    // An explicit stack of (node, next child index).
    size_t capacity = 1024, top = 0;
    GumboNode **nodes = malloc(capacity * sizeof *nodes);
    unsigned *next = malloc(capacity * sizeof *next);
    nodes[0] = root; next[0] = 0; top = 1;
    stats->elements++;
    stats->depth = 1;
    while (top) {
        GumboNode *node = nodes[top - 1];
        GumboVector *children = &node->v.element.children;
        if (next[top - 1] >= children->length) { top--; continue; }
        GumboNode *child = children->data[next[top - 1]++];
        if (child->type == GUMBO_NODE_ELEMENT || child->type == GUMBO_NODE_TEMPLATE) {
            stats->elements++;
            const char *name = gumbo_normalized_tagname(child->v.element.tag);
            if (child->v.element.tag == GUMBO_TAG_UNKNOWN) name = "?";
            if (skipped_name(name)) continue;
            if (top == capacity) {
                capacity *= 2;
                nodes = realloc(nodes, capacity * sizeof *nodes);
                next = realloc(next, capacity * sizeof *next);
            }
            nodes[top] = child; next[top] = 0; top++;
            if ((long)top > stats->depth) stats->depth = top;
        } else if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_CDATA || child->type == GUMBO_NODE_WHITESPACE) {
            count_text(stats, child->v.text.text, strlen(child->v.text.text));
        }
    }
    free(nodes);
    free(next);
}

static Stats parse_xml(const char *text, size_t size, int options, FILE *dump) {
    Stats stats = {0};
    stats.dump = dump;
    htmlDocPtr doc = htmlReadMemory(text, (int)size, NULL, "UTF-8", options);
    if (doc) {
        xmlNodePtr root = xmlDocGetRootElement(doc);
        if (root) walk_xml(root, &stats);
        xmlFreeDoc(doc);
    }
    return stats;
}

static Stats parse_gumbo(const char *text, size_t size, FILE *dump) {
    Stats stats = {0};
    stats.dump = dump;
    GumboOutput *output = gumbo_parse_with_options(&kGumboDefaultOptions, text, size);
    walk_gumbo(output->root, &stats);
    gumbo_destroy_output(&kGumboDefaultOptions, output);
    return stats;
}

// --- speed ---------------------------------------------------------------------------------

static int speed(int pages, char **paths) {
    if (pages <= 0) { fprintf(stderr, "usage: html_parse_bench [--text | --broken | --dump] PAGE...\n"); return 2; }
    char **texts = calloc(pages, sizeof(char *));
    size_t *sizes = calloc(pages, sizeof(size_t));
    double megabytes = 0;
    for (int i = 0; i < pages; i++) {
        texts[i] = read_page(paths[i], &sizes[i]);
        megabytes += sizes[i] / 1e6;
    }
    for (int round = 0; round < 3; round++) {
        long elements = 0;
        double start = now();
        for (int i = 0; i < pages; i++) {
            htmlDocPtr doc = htmlReadMemory(texts[i], (int)sizes[i], NULL, "UTF-8", LECTOR_OPTIONS);
            if (doc) {
                Stats stats = {0};
                xmlNodePtr root = xmlDocGetRootElement(doc);
                if (root) walk_xml(root, &stats);
                elements += stats.elements;
                xmlFreeDoc(doc);
            }
        }
        double xml = now() - start;
        long gumboElements = 0;
        start = now();
        for (int i = 0; i < pages; i++) {
            GumboOutput *output = gumbo_parse_with_options(&kGumboDefaultOptions, texts[i], sizes[i]);
            Stats stats = {0};
            walk_gumbo(output->root, &stats);
            gumboElements += stats.elements;
            gumbo_destroy_output(&kGumboDefaultOptions, output);
        }
        double gumbo = now() - start;
        printf("%d pages, %.1f MB: libxml2 %.3f s (%.1f MB/s, %ld elements), gumbo %.3f s (%.1f MB/s, %ld elements)\n",
               pages, megabytes, xml, megabytes / xml, elements, gumbo, megabytes / gumbo, gumboElements);
    }
    return 0;
}

// --- text ----------------------------------------------------------------------------------

typedef struct { const char *path; long xml, gumbo; } Difference;

static int by_difference(const void *a, const void *b) {
    const Difference *x = a, *y = b;
    long dx = labs(x->xml - x->gumbo), dy = labs(y->xml - y->gumbo);
    return dx < dy ? 1 : dx > dy ? -1 : 0;
}

static int text(int pages, char **paths) {
    Difference *differences = calloc(pages, sizeof *differences);
    int used = 0, notUTF8 = 0, same = 0, within1 = 0;
    long xml = 0, gumbo = 0;
    for (int i = 0; i < pages; i++) {
        size_t size;
        char *page = read_page(paths[i], &size);
        if (!page) continue;
        if (!valid_utf8((const unsigned char *)page, size)) { notUTF8++; free(page); continue; }
        Stats a = parse_xml(page, size, LECTOR_OPTIONS, NULL), b = parse_gumbo(page, size, NULL);
        differences[used++] = (Difference){paths[i], a.text, b.text};
        xml += a.text;
        gumbo += b.text;
        if (a.text == b.text) same++;
        if (labs(a.text - b.text) * 100 <= (a.text > b.text ? a.text : b.text)) within1++;
        free(page);
    }
    printf("%d pages (%d more not valid UTF-8, left out): visible text libxml2 %ld bytes, gumbo %ld (%+.2f%%); "
           "the same on %d pages, within 1%% on %d\n",
           used, notUTF8, xml, gumbo, 100.0 * (gumbo - xml) / xml, same, within1);
    qsort(differences, used, sizeof *differences, by_difference);
    for (int i = 0; i < used && i < 8; i++)
        printf("  %-60s libxml2 %8ld  gumbo %8ld\n", differences[i].path, differences[i].xml, differences[i].gumbo);
    return 0;
}

// --- broken pages ----------------------------------------------------------------------------

typedef struct { Stats stats; double seconds; } Outcome;

// Parses in a child with a time limit; the result through a pipe. "crash"/"timeout" otherwise.
static const char *run_child(int which, const char *page, size_t size, Outcome *outcome) {
    int fds[2];
    if (pipe(fds)) return "pipe";
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        alarm(120);
        struct rlimit stack = {8 << 20, 8 << 20};  // the usual 8 MB main-thread stack
        setrlimit(RLIMIT_STACK, &stack);
        Outcome result = {0};
        double start = now();
        result.stats = which == 0 ? parse_xml(page, size, LECTOR_OPTIONS, NULL)
                     : which == 1 ? parse_xml(page, size, LECTOR_OPTIONS | HUGE_OPTION, NULL)
                                  : parse_gumbo(page, size, NULL);
        result.seconds = now() - start;
        if (write(fds[1], &result, sizeof result) != sizeof result) _exit(3);
        _exit(0);
    }
    close(fds[1]);
    ssize_t got = read(fds[0], outcome, sizeof *outcome);
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    if (WIFSIGNALED(status)) return WTERMSIG(status) == SIGALRM ? "timeout" : strsignal(WTERMSIG(status));
    return got == sizeof *outcome ? NULL : "no result";
}

static int broken(int pages, char **paths) {
    const char *names[] = {"libxml2", "libxml2+HUGE", "gumbo"};
    printf("%-44s %9s  %-12s %7s %7s %8s %9s %6s\n", "page", "bytes", "parser", "cpu s", "depth", "elements", "text", "marker");
    for (int i = 0; i < pages; i++) {
        size_t size;
        char *page = read_page(paths[i], &size);
        if (!page) { printf("%s: cannot read\n", paths[i]); continue; }
        const char *name = strrchr(paths[i], '/') ? strrchr(paths[i], '/') + 1 : paths[i];
        for (int which = 0; which < 3; which++) {
            Outcome outcome = {0};
            const char *failure = run_child(which, page, size, &outcome);
            if (failure)
                printf("%-44.44s %9zu  %-12s %s\n", which ? "" : name, size, names[which], failure);
            else
                printf("%-44.44s %9zu  %-12s %7.2f %7ld %8ld %9ld %6s\n", which ? "" : name, size, names[which], outcome.seconds,
                       outcome.stats.depth, outcome.stats.elements, outcome.stats.text, outcome.stats.marker ? "kept" : "-");
        }
        free(page);
    }
    return 0;
}

static int dump(const char *path) {
    size_t size;
    char *page = read_page(path, &size);
    if (!page) return 1;
    printf("libxml2:\n");
    parse_xml(page, size, LECTOR_OPTIONS, stdout);
    printf("gumbo:\n");
    parse_gumbo(page, size, stdout);
    return 0;
}

int main(int argc, char **argv) {
    if (argc > 1 && !strcmp(argv[1], "--text")) return text(argc - 2, argv + 2);
    if (argc > 1 && !strcmp(argv[1], "--broken")) return broken(argc - 2, argv + 2);
    if (argc > 2 && !strcmp(argv[1], "--dump")) return dump(argv[2]);
    return speed(argc - 1, argv + 1);
}
