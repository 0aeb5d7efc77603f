// Parse speed of libxml2's HTML parser and gumbo on the same pages, parsing alone (the pages
// already in memory, gunzipped; CPU seconds), and how many elements each tree has: the figures behind the
// README's choice of parser. Not part of the build.
//
//   apt-get install libxml2-dev libgumbo-dev zlib1g-dev
//   cc -O2 -o /tmp/html_parse_bench Benchmarks/html_parse_bench.c $(pkg-config --cflags --libs libxml-2.0 gumbo zlib)
//   /tmp/html_parse_bench ../shared/data/html-articles/html/*.html.gz
#include <gumbo.h>
#include <libxml/HTMLparser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);  // CPU time: the figures hold on a busy machine
    return t.tv_sec + t.tv_nsec / 1e9;
}

static char *read_page(const char *path, size_t *size) {
    gzFile file = gzopen(path, "rb");  // reads plain files as they are
    if (!file) return NULL;
    size_t capacity = 1 << 20, used = 0;
    char *buffer = malloc(capacity);
    int n;
    while ((n = gzread(file, buffer + used, (unsigned)(capacity - used))) > 0) {
        used += n;
        if (used == capacity) buffer = realloc(buffer, capacity *= 2);
    }
    gzclose(file);
    *size = used;
    return buffer;
}

static long count_xml(xmlNodePtr node) {
    long count = 0;
    for (; node; node = node->next)
        if (node->type == XML_ELEMENT_NODE) count += 1 + count_xml(node->children);
    return count;
}

static long count_gumbo(GumboNode *node) {
    if (node->type != GUMBO_NODE_ELEMENT) return 0;
    long count = 1;
    for (unsigned i = 0; i < node->v.element.children.length; i++) count += count_gumbo(node->v.element.children.data[i]);
    return count;
}

int main(int argc, char **argv) {
    int pages = argc - 1;
    char **texts = calloc(pages, sizeof(char *));
    size_t *sizes = calloc(pages, sizeof(size_t));
    double megabytes = 0;
    for (int i = 0; i < pages; i++) {
        texts[i] = read_page(argv[i + 1], &sizes[i]);
        megabytes += sizes[i] / 1e6;
    }
    int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET | HTML_PARSE_COMPACT;
    for (int round = 0; round < 3; round++) {
        long elements = 0;
        double start = now();
        for (int i = 0; i < pages; i++) {
            htmlDocPtr doc = htmlReadMemory(texts[i], (int)sizes[i], NULL, "UTF-8", options | HTML_PARSE_IGNORE_ENC);
            if (doc) { elements += count_xml(xmlDocGetRootElement(doc)); xmlFreeDoc(doc); }
        }
        double xml = now() - start;
        long gumboElements = 0;
        start = now();
        for (int i = 0; i < pages; i++) {
            GumboOutput *output = gumbo_parse_with_options(&kGumboDefaultOptions, texts[i], sizes[i]);
            gumboElements += count_gumbo(output->root);
            gumbo_destroy_output(&kGumboDefaultOptions, output);
        }
        double gumbo = now() - start;
        printf("%d pages, %.1f MB: libxml2 %.3f s (%.1f MB/s, %ld elements), gumbo %.3f s (%.1f MB/s, %ld elements)\n",
               pages, megabytes, xml, megabytes / xml, elements, gumbo, megabytes / gumbo, gumboElements);
    }
    return 0;
}
