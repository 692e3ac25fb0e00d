/* wc: counts the lines, words and bytes of standard input, like `wc`, and with -u also
 * copies the input to standard output in upper case, like a `cat | tr a-z A-Z` filter.
 *
 *   p3shim-cc wc.c -o wc.wasm && echo "hello world" | p3run wc.wasm -u
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
    int upper = argc > 1 && strcmp(argv[1], "-u") == 0;
    unsigned long lines = 0, words = 0, bytes = 0;
    int in_word = 0;
    char buf[4096];
    ssize_t n;
    while ((n = read(STDIN_FILENO, buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char)buf[i];
            lines += c == '\n';
            if (isspace(c)) {
                in_word = 0;
            } else if (!in_word) {
                in_word = 1;
                words++;
            }
            if (upper)
                buf[i] = (char)toupper(c);
        }
        bytes += (unsigned long)n;
        /* A short write is not an error: write the rest. */
        for (ssize_t off = 0; upper && off < n;) {
            ssize_t w = write(STDOUT_FILENO, buf + off, (size_t)(n - off));
            if (w < 0) {
                perror("wc: write");
                return 1;
            }
            off += w;
        }
    }
    if (n < 0) {
        perror("wc: read");
        return 1;
    }
    fprintf(upper ? stderr : stdout, "%lu %lu %lu\n", lines, words, bytes);
    return 0;
}
