/* kv: reads `key=value` lines from a file (default: the arguments), stores them, and
 * answers lookups: `kv FILE key...` prints `key=value` or `key: not found`. */
#include "kv.h"
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
    struct kv *kv = kv_new(64);
    int first_key = 1;
    if (argc > 1 && strchr(argv[1], '=') == NULL) {
        FILE *f = fopen(argv[1], "r");
        if (!f) {
            perror(argv[1]);
            return 1;
        }
        char line[256];
        while (fgets(line, sizeof line, f)) {
            line[strcspn(line, "\n")] = 0;
            char *eq = strchr(line, '=');
            if (eq) {
                *eq = 0;
                kv_put(kv, line, eq + 1);
            }
        }
        fclose(f);
        first_key = 2;
    } else {
        kv_put(kv, "greeting", "hello from CMake");
    }
    printf("%zu entries\n", kv_len(kv));
    for (int i = first_key; i < argc; i++) {
        const char *v = kv_get(kv, argv[i]);
        if (v)
            printf("%s=%s\n", argv[i], v);
        else
            printf("%s: not found\n", argv[i]);
    }
    kv_free(kv);
    return 0;
}
