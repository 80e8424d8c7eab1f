// C: count the lines, words and bytes of files in a preopened folder.
// Run: wasm-playground run samples/c/wc.wasm --dir samples/c/data::data -- data/poem.txt
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

static int count(const char *path) {
    FILE *file = fopen(path, "r");
    if (!file) {
        fprintf(stderr, "wc: %s: %s\n", path, strerror(errno));
        return 1;
    }
    long lines = 0, words = 0, bytes = 0;
    int c, in_word = 0;
    while ((c = fgetc(file)) != EOF) {
        bytes++;
        if (c == '\n') lines++;
        if (isspace(c)) in_word = 0;
        else if (!in_word) { in_word = 1; words++; }
    }
    fclose(file);
    printf("%7ld %7ld %7ld %s\n", lines, words, bytes, path);
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: wc FILE...\n");
        return 2;
    }
    int failed = 0;
    for (int i = 1; i < argc; i++) failed |= count(argv[i]);
    return failed;
}
